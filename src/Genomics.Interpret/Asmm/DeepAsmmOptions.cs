using Genomics.Interpret.Evaluation;

namespace Genomics.Interpret.Asmm;

/// <summary>Options of <see cref="DeepAsmm"/> (the original tool's parameters, with its defaults).</summary>
public sealed record DeepAsmmOptions
{
    /// <summary>The intended behaviour with the original's defaults (top fraction 0.1, at least 30, all outputs).</summary>
    public static DeepAsmmOptions Default { get; } = new();

    /// <summary>
    /// The original tool's behaviour, including both quirks of the synergy score (<see cref="SynergyReference.ChunkRow"/>
    /// and <see cref="SynergySelection.ScanOrder"/>) with its chunk of 100 motifs (k = 8 or 9, chunk size "small") and
    /// its default of 8 processors (<see cref="LocatorProcessors"/>).
    /// </summary>
    public static DeepAsmmOptions Original { get; } = new() { SynergyReference = SynergyReference.ChunkRow, SynergySelection = SynergySelection.ScanOrder, LocatorProcessors = 8 };

    /// <summary>
    /// The fraction of a motif's per-occurrence scores averaged (<c>top_r</c>), in (0, 1], or null for all of them
    /// (<c>top_r = 'all'</c>: the sum divided by the count). Default 0.1.
    /// </summary>
    public double? TopFraction { get; init; } = 0.1;

    /// <summary>
    /// The minimum number of scores averaged (<c>min_top_r_num</c>), at least 1. Default 30. When count · fraction is
    /// below it, the top <see cref="MinimumTopCount"/> scores (all of them when fewer) are summed and divided by
    /// <see cref="MinimumTopCount"/>, which shrinks rare motifs, as in the original.
    /// </summary>
    public int MinimumTopCount { get; init; } = 30;

    /// <summary>The single output index scored (<c>category</c>), or null for all outputs (default).</summary>
    public int? Target { get; init; }

    /// <summary>ε in the relative changes |(r − f) / (r + ε)|. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>The reference of the synergy score. Default <see cref="SynergyReference.Sample"/> (intended).</summary>
    public SynergyReference SynergyReference { get; init; } = SynergyReference.Sample;

    /// <summary>Which synergy scores the top fraction keeps. Default <see cref="SynergySelection.Highest"/> (intended).</summary>
    public SynergySelection SynergySelection { get; init; } = SynergySelection.Highest;

    /// <summary>
    /// Motifs grouped into one chunk (at least 1; default 100, the original's chunk for k = 8–9). Only matters with
    /// <see cref="SynergyReference.ChunkRow"/>, where it decides which perturbed row is an occurrence's reference.
    /// </summary>
    public int MotifsPerChunk { get; init; } = 100;

    /// <summary>
    /// The original's <c>num_processor</c> p (at least 1; default 1, 8 in <see cref="Original"/>). Only matters with <see cref="SynergyReference.ChunkRow"/>:
    /// with p &gt; 1 the original's k-mer locator splits the N samples into slices of ⌈N / p⌉ and records each
    /// occurrence's sample index relative to its slice, so its synergy step erases the motif's window from sample
    /// x mod ⌈N / p⌉ (not from x) and takes that row of the chunk's batch as the reference. The original's default, and
    /// its Basset and maize demos, use 8; with 1 the sample indices are global and the Basset demo's table runs past a
    /// chunk's batch (<see cref="SynergyReferenceOutOfRangeException"/>).
    /// </summary>
    public int LocatorProcessors { get; init; } = 1;

    /// <summary>
    /// How perturbed inputs are evaluated (default <see cref="EvaluationAlgorithm.Auto"/>: local-edit evaluation for models
    /// implementing <see cref="Genomics.Models.Abstractions.IConvolutionalTrunk"/>, the batched full forward pass otherwise).
    /// Scores agree between the algorithms up to float32 rounding.
    /// </summary>
    public EvaluationAlgorithm Algorithm { get; init; } = EvaluationAlgorithm.Auto;

    /// <summary>
    /// The memory budget, in bytes, for cached trunk activations of background samples with
    /// <see cref="EvaluationAlgorithm.LocalEdits"/> (samples are processed in chunks that fit; at least one sample). Default 256 MiB.
    /// </summary>
    public long ActivationCacheBytes { get; init; } = 256L << 20;

    /// <summary>Checks every property.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range; the exception names it.</exception>
    public DeepAsmmOptions Validate()
    {
        if (TopFraction is double f && (!(f > 0) || f > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TopFraction), f, "TopFraction must be in (0, 1] or null for all.");
        }

        if (MinimumTopCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumTopCount), MinimumTopCount, "MinimumTopCount must be at least 1.");
        }

        if (Target is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Target), Target, "Target must be a non-negative output index or null.");
        }

        if (!(Epsilon >= 0) || double.IsInfinity(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be finite and non-negative.");
        }

        if (MotifsPerChunk < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MotifsPerChunk), MotifsPerChunk, "MotifsPerChunk must be at least 1.");
        }

        if (LocatorProcessors < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LocatorProcessors), LocatorProcessors, "LocatorProcessors must be at least 1.");
        }

        if (!Enum.IsDefined(SynergyReference))
        {
            throw new ArgumentOutOfRangeException(nameof(SynergyReference), SynergyReference, "Unknown synergy reference.");
        }

        if (!Enum.IsDefined(SynergySelection))
        {
            throw new ArgumentOutOfRangeException(nameof(SynergySelection), SynergySelection, "Unknown synergy selection.");
        }

        if (!Enum.IsDefined(Algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(Algorithm), Algorithm, "Unknown algorithm.");
        }

        if (ActivationCacheBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ActivationCacheBytes), ActivationCacheBytes, "ActivationCacheBytes must be positive.");
        }

        return this;
    }
}
