namespace Genomics.Models.Tuning;

/// <summary>A <see cref="SearchParameter"/> whose values have type <typeparamref name="T"/>.</summary>
/// <typeparam name="T"><c>double</c> for floats, <c>int</c> for integers, the choice type for categoricals.</typeparam>
public abstract class SearchParameter<T> : SearchParameter
{
    private protected SearchParameter(string name)
        : base(name)
    {
    }

    /// <summary>The typed value of an internal value.</summary>
    /// <param name="internalValue">The internal value.</param>
    /// <returns>The value.</returns>
    internal abstract T Convert(double internalValue);

    /// <inheritdoc />
    internal override object ToExternal(double internalValue) => Convert(internalValue)!;
}
