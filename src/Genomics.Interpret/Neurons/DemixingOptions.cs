namespace Genomics.Interpret.Neurons;

/// <summary>Settings of layer-wise demixing (NeuronMotif). Defaults are CombMotif's.</summary>
public sealed record DemixingOptions
{
    /// <summary>Clusters per split. Default 4; at least 2.</summary>
    public int ClustersPerSplit { get; init; } = 4;

    /// <summary>A cluster of at most this many windows stops splitting (20·4; 5·4 when the RF is below <see cref="SmallReceptiveField"/>).</summary>
    public int FinalSize { get; init; } = 80;

    /// <summary>A final cluster needs at least this many windows to become a mode (20; 5 for small RFs).</summary>
    public int MinimumSamples { get; init; } = 20;

    /// <summary>Receptive fields below this use <see cref="SmallFinalSize"/> and <see cref="SmallMinimumSamples"/>. Default 7.</summary>
    public int SmallReceptiveField { get; init; } = 7;

    /// <summary><see cref="FinalSize"/> for small receptive fields. Default 20.</summary>
    public int SmallFinalSize { get; init; } = 20;

    /// <summary><see cref="MinimumSamples"/> for small receptive fields. Default 5.</summary>
    public int SmallMinimumSamples { get; init; } = 5;

    /// <summary>k-means restarts (scikit-learn 1.0's n_init). Default 10; at least 1.</summary>
    public int Restarts { get; init; } = 10;

    /// <summary>The seed when none is set here or in the network's context (0).</summary>
    public const long DefaultSeed = 0;

    /// <summary>Seed of the k-means++ initialisations; null uses the network's context seed (<see cref="NeuronNetwork.Context"/>), or <see cref="DefaultSeed"/> when that is null too: the rule of <see cref="Genomics.Models.Compute.ComputeContext.SeedFor"/>, which every engine follows. Generators take its low 32 bits.</summary>
    public long? Seed { get; init; }

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public DemixingOptions Validate()
    {
        if (ClustersPerSplit < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(ClustersPerSplit), ClustersPerSplit, "ClustersPerSplit must be at least 2.");
        }

        if (FinalSize < 1 || SmallFinalSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FinalSize), FinalSize, "FinalSize and SmallFinalSize must be at least 1.");
        }

        if (MinimumSamples < 1 || SmallMinimumSamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumSamples), MinimumSamples, "MinimumSamples and SmallMinimumSamples must be at least 1.");
        }

        if (Restarts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, "Restarts must be at least 1.");
        }

        return this;
    }
}
