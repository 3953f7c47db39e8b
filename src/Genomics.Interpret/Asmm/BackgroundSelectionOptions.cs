namespace Genomics.Interpret.Asmm;

/// <summary>How <see cref="AsmmBackgroundSelector"/> picks true positives: rows labelled positive that the model also predicts positive.</summary>
/// <remarks>Set exactly one of <see cref="PredictionThreshold"/> and <see cref="TopFraction"/>.</remarks>
public sealed record BackgroundSelectionOptions
{
    /// <summary>The output index whose label and prediction are used. Default 0.</summary>
    public int Target { get; init; }

    /// <summary>A row is labelled positive when its label for <see cref="Target"/> is at least this. Default 0.5.</summary>
    public double LabelThreshold { get; init; } = 0.5;

    /// <summary>
    /// Keep labelled positives whose prediction (after the model's output activation: a probability for sigmoid or
    /// softmax outputs, the raw value otherwise) is at least this. Default 0.5; null to use <see cref="TopFraction"/>.
    /// </summary>
    public double? PredictionThreshold { get; init; } = 0.5;

    /// <summary>Keep the ⌈fraction · positives⌉ (at least one) labelled positives with the highest predictions; in (0, 1], or null.</summary>
    public double? TopFraction { get; init; }

    /// <summary>Checks every property.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range; the exception names it.</exception>
    /// <exception cref="ArgumentException">Both or neither of the two selection rules are set.</exception>
    public BackgroundSelectionOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Target, nameof(Target));
        if (!double.IsFinite(LabelThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(LabelThreshold), LabelThreshold, "LabelThreshold must be finite.");
        }

        if (PredictionThreshold.HasValue == TopFraction.HasValue)
        {
            throw new ArgumentException("Set exactly one of PredictionThreshold and TopFraction.", nameof(TopFraction));
        }

        if (PredictionThreshold is double p && !double.IsFinite(p))
        {
            throw new ArgumentOutOfRangeException(nameof(PredictionThreshold), p, "PredictionThreshold must be finite.");
        }

        if (TopFraction is double f && (!(f > 0) || f > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TopFraction), f, "TopFraction must be in (0, 1].");
        }

        return this;
    }
}
