namespace Genomics.Interpret.Mutagenesis;

/// <summary>Settings of <see cref="InSilicoMutagenesis"/>.</summary>
public sealed record InSilicoMutagenesisOptions
{
    /// <summary>Default options: the whole sequence, mean-centred attribution scores, automatic algorithm.</summary>
    public static InSilicoMutagenesisOptions Default { get; } = new();

    /// <summary>First position mutated (inclusive, zero-based); null for 0.</summary>
    public int? Start { get; init; }

    /// <summary>End of the mutated window (exclusive); null for the sequence length. Positions outside the window get Δ = 0.</summary>
    public int? End { get; init; }

    /// <summary>
    /// Centre across channels: subtract, at every position, the mean over the four bases from the scores returned by
    /// <see cref="InSilicoMutagenesis.Attribute"/> (the zero-sum gauge), so the observed base's score is minus the mean
    /// effect of substituting it. Default true. Without it the actual scores are zero everywhere (Δ at the observed base
    /// is zero by definition) and only the hypothetical scores carry information. <see cref="IsmResult.Deltas"/> are always raw.
    /// </summary>
    public bool CentreAcrossChannels { get; init; } = true;

    /// <summary>Naive, fast or automatic; default <see cref="IsmAlgorithm.Auto"/>.</summary>
    public IsmAlgorithm Algorithm { get; init; } = IsmAlgorithm.Auto;

    /// <summary>Checks the options against a sequence length and returns the window.</summary>
    /// <param name="length">L.</param>
    /// <param name="paramName">The argument name reported on failure.</param>
    /// <returns>The window [start, end).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The window is empty or outside the sequence.</exception>
    public (int Start, int End) Window(int length, string paramName = "options")
    {
        var start = Start ?? 0;
        var end = End ?? length;
        if (start < 0 || start >= length)
        {
            throw new ArgumentOutOfRangeException(paramName, start, $"Start: the window start must lie in [0, {length}).");
        }

        if (end <= start || end > length)
        {
            throw new ArgumentOutOfRangeException(paramName, end, $"End: the window end must lie in ({start}, {length}].");
        }

        return (start, end);
    }
}
