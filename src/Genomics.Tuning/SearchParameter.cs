namespace Genomics.Models.Tuning;

/// <summary>
/// One dimension of a <see cref="SearchSpace"/>: a named float, integer or categorical hyper-parameter. Create
/// parameters with <see cref="SearchSpace.Float"/>, <see cref="SearchSpace.Int"/> and
/// <see cref="SearchSpace.Categorical{T}"/>, and read a trial's value with <see cref="Trial.Get{T}"/>.
/// </summary>
/// <remarks>
/// Every parameter has an internal numeric representation that the samplers work on: the value itself for floats
/// and integers, the index of the choice for categoricals.
/// </remarks>
public abstract class SearchParameter
{
    private protected SearchParameter(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The parameter's name, unique within its space; used as the CSV column <c>params_&lt;name&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>Draws an internal value uniformly (log-uniformly for log-scale parameters), as random search does.</summary>
    /// <param name="random">The study's generator.</param>
    /// <returns>The internal value.</returns>
    internal abstract double SampleUniform(Random random);

    /// <summary>Builds the Parzen estimator of a set of internal observations with their (unnormalised) weights.</summary>
    /// <param name="observations">Internal values, in trial order.</param>
    /// <param name="weights">One non-negative weight per observation.</param>
    /// <param name="options">The sampler settings (prior, clipping, endpoints).</param>
    /// <returns>The estimator.</returns>
    internal abstract IParzenEstimator BuildEstimator(double[] observations, double[] weights, TpeSamplerOptions options);

    /// <summary>The user-facing value of an internal value, boxed (for records and CSV).</summary>
    /// <param name="internalValue">The internal value.</param>
    /// <returns>The value as <c>double</c>, <c>int</c> or the categorical choice.</returns>
    internal abstract object ToExternal(double internalValue);
}
