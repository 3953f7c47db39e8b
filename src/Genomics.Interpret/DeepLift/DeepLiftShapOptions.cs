using Genomics.Interpret.References;

namespace Genomics.Interpret.DeepLift;

/// <summary>Settings of <see cref="DeepLiftShap"/>.</summary>
public sealed record DeepLiftShapOptions
{
    /// <summary>K, the number of references per example (at least 1). Default 20.</summary>
    public int References { get; init; } = 20;

    /// <summary>The reference generator; null uses <see cref="DinucleotideShuffle"/> for one-hot inputs and
    /// <see cref="ConstantReference.Zeros"/> for track inputs.</summary>
    public IReferenceGenerator? ReferenceGenerator { get; init; }

    /// <summary>The reference seed when none is set here or in the context (0).</summary>
    public const long DefaultSeed = 0;

    /// <summary>The reference seed; null uses the context's seed (<see cref="Genomics.Models.Compute.ComputeContext.Seed"/>), or <see cref="DefaultSeed"/> when that is null too: the rule of <see cref="Genomics.Models.Compute.ComputeContext.SeedFor"/>, which every engine follows.</summary>
    public long? Seed { get; init; }

    /// <summary>The index of the first example of the sequences passed to <c>Attribute</c> in a larger input (0 by
    /// default): reference k of example i is then the one example <see cref="FirstExample"/> + i of the whole input gets
    /// (<see cref="IReferenceGenerator.GenerateFrom"/>), so an input attributed in pieces, such as the shards of a run,
    /// gets the same references as in one call.</summary>
    public long FirstExample { get; init; }

    /// <summary>ε: differences below it count as zero in the rules (SHAP's 1e-7).</summary>
    public double Epsilon { get; init; } = 1e-7;

    /// <summary>Throw <see cref="DeepLiftConvergenceException"/> when a convergence delta exceeds
    /// <see cref="WarnThreshold"/> (otherwise a warning is logged and the deltas are in the result).</summary>
    public bool Strict { get; init; }

    /// <summary>Convergence deltas above this are logged as a warning (or throw in strict mode). Default 1e-3.</summary>
    public double WarnThreshold { get; init; } = 1e-3;

    /// <summary>Return hypothetical contributions for every channel at every position (one-hot inputs only); null
    /// returns them for one-hot inputs and not for tracks. True on track input is an argument error.</summary>
    public bool? ReturnHypothetical { get; init; }

    /// <summary>Return the mean multipliers themselves as scores, not multiplied by (input − reference): DeepAllele's
    /// "hypothetical" DeepLIFT maps. No hypothetical scores are produced in this mode.</summary>
    public bool MultipliersOnly { get; init; }

    /// <summary>Centring across channels: with <see cref="MultipliersOnly"/>, subtract the per-position mean over the
    /// channels afterwards (DeepAllele). Only valid with <see cref="MultipliersOnly"/>, since it breaks completeness otherwise.</summary>
    public bool CentreAcrossChannels { get; init; }

    /// <summary>Keep the references in the result (N, K, C, L); off by default to save memory.</summary>
    public bool KeepReferences { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">Settings contradict each other.</exception>
    public DeepLiftShapOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(References, 1, nameof(References));
        ArgumentOutOfRangeException.ThrowIfNegative(FirstExample, nameof(FirstExample));
        if (!(Epsilon > 0) || double.IsInfinity(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "ε must be positive and finite.");
        }

        if (!(WarnThreshold >= 0) || double.IsInfinity(WarnThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(WarnThreshold), WarnThreshold, "The warning threshold must be non-negative and finite.");
        }

        if (CentreAcrossChannels && !MultipliersOnly)
        {
            throw new ArgumentException("Centring across channels is only offered for multipliers (it breaks completeness of contributions).", nameof(CentreAcrossChannels));
        }

        if (MultipliersOnly && ReturnHypothetical == true)
        {
            throw new ArgumentException("Multipliers-only mode produces no hypothetical scores.", nameof(ReturnHypothetical));
        }

        return this;
    }
}
