namespace Genomics.Models.Training;

/// <summary>Stop training when the monitored validation value has not improved for a number of epochs.</summary>
public sealed record EarlyStoppingOptions
{
    /// <summary>Epochs without improvement before stopping, ≥ 1. Default 10.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Validates the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Patience"/> is below 1.</exception>
    public void Validate()
    {
        if (Patience < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Patience must be at least 1 epoch.");
        }
    }
}
