namespace Genomics.Models.Tuning;

/// <summary>A one-dimensional Parzen (kernel mixture) density over a parameter's internal values.</summary>
internal interface IParzenEstimator
{
    /// <summary>Draws internal values from the mixture.</summary>
    /// <param name="random">The generator.</param>
    /// <param name="count">How many values.</param>
    /// <returns>The values, each a valid internal value of the parameter.</returns>
    double[] Sample(Random random, int count);

    /// <summary>The log density (log probability for discrete parameters) of an internal value.</summary>
    /// <param name="value">The internal value.</param>
    /// <returns>The log density; may be −∞.</returns>
    double LogDensity(double value);
}
