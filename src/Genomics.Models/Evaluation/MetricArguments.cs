namespace Genomics.Models.Evaluation;

/// <summary>Argument checks shared by the metric functions.</summary>
internal static class MetricArguments
{
    /// <summary>Throws unless <paramref name="values"/> is non-empty and every value is finite.</summary>
    public static void RequireFinite(ReadOnlySpan<double> values, string paramName)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("The sequence is empty; at least one value is required.", paramName);
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"Value {values[i]} at index {i} is not finite; remove or impute NaN and infinite values first.",
                    paramName);
            }
        }
    }

    /// <summary>Throws unless both sequences have the same length.</summary>
    public static void RequireSameLength(int length, int otherLength, string otherParamName, string firstParamName)
    {
        if (length != otherLength)
        {
            throw new ArgumentException(
                $"Length {otherLength} differs from the length {length} of '{firstParamName}'; both must describe the same samples.",
                otherParamName);
        }
    }

    /// <summary>Throws unless the sequence holds at least <paramref name="minimum"/> values.</summary>
    public static void RequireMinimumLength(int length, int minimum, string paramName)
    {
        if (length < minimum)
        {
            throw new ArgumentException(
                $"{length} value(s) given; this metric needs at least {minimum}.", paramName);
        }
    }

    /// <summary>Converts 0/1 labels to booleans, throwing on any other value.</summary>
    public static bool[] ToBinary(ReadOnlySpan<int> labels, string paramName)
    {
        var result = new bool[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            result[i] = labels[i] switch
            {
                0 => false,
                1 => true,
                _ => throw new ArgumentException(
                    $"Label {labels[i]} at index {i} is not binary; labels must be 0 (negative) or 1 (positive).",
                    paramName),
            };
        }

        return result;
    }
}
