namespace Genomics.Models.Adapters;

/// <summary>Which side of an <see cref="Abstractions.IPairedSequenceModel"/> a <see cref="PairedAlleleView"/> varies.</summary>
public enum PairedAlleleMode
{
    /// <summary>The input is the first sequence; the second is fixed.</summary>
    VaryFirst,

    /// <summary>The input is the second sequence; the first is fixed.</summary>
    VarySecond,

    /// <summary>The input is used for both sides (e.g. for single-sequence baselines).</summary>
    Both,
}
