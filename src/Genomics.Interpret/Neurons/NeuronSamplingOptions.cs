namespace Genomics.Interpret.Neurons;

/// <summary>
/// Settings of the activation-stratified genetic algorithm (NeuronMotif, wzthu/NeuronMotif). The defaults are CombMotif's published
/// values; small populations and few generations make quick, coarser runs.
/// </summary>
public sealed record NeuronSamplingOptions
{
    /// <summary>Individuals per generation. Default 1,000; at least 10.</summary>
    public int PopulationSize { get; init; } = 1000;

    /// <summary>Fraction of the next population taken unchanged from the fittest. Default 0.4.</summary>
    public double EliteFraction { get; init; } = 0.4;

    /// <summary>Fraction of the next population made of cyclic shifts of the fittest. Default 0.2; the rest are crossover children (0.4).</summary>
    public double ShiftFraction { get; init; } = 0.2;

    /// <summary>Generations without an improvement of the maximum before stopping (P). Default 30; at least 1.</summary>
    public int Patience { get; init; } = 30;

    /// <summary>The most generations. Default 350; at least 1.</summary>
    public int MaxGenerations { get; init; } = 350;

    /// <summary>Activation bins over [0, maximum]. Default 20; at least 1.</summary>
    public int Bins { get; init; } = 20;

    /// <summary>Sequences kept per bin; null for CombMotif's ⌊(RF/100·2000)/100⌋·100 + 100 (RF 9 → 200, 82 → 1,700).</summary>
    public int? SamplesPerBin { get; init; }

    /// <summary>Fraction of positions a mutation changes (⌊fraction·RF⌋, at least 1). Default 0.2.</summary>
    public double MutationFraction { get; init; } = 0.2;

    /// <summary>The mutation rate's lower bound and starting value. Default 0.4.</summary>
    public double MinimumRate { get; init; } = 0.4;

    /// <summary>The mutation rate's upper bound for the first <see cref="Patience"/> generations. Default 0.4.</summary>
    public double EarlyMaximumRate { get; init; } = 0.4;

    /// <summary>The mutation rate's upper bound afterwards. Default 0.9.</summary>
    public double LateMaximumRate { get; init; } = 0.9;

    /// <summary>The rise of the population maximum that counts as an improvement. Default 0.01.</summary>
    public double ImprovementThreshold { get; init; } = 0.01;

    /// <summary>The seed when none is set here or in the network's context (0).</summary>
    public const long DefaultSeed = 0;

    /// <summary>Seed; each neuron draws from its own generator derived from it, so results do not depend on scheduling.
    /// Null uses the network's context seed (<see cref="NeuronNetwork.Context"/>), or <see cref="DefaultSeed"/> when that is null too: the rule of <see cref="Genomics.Models.Compute.ComputeContext.SeedFor"/>, which every engine follows. Generators take its low 32 bits.</summary>
    public long? Seed { get; init; }

    /// <summary>Neurons whose managed work (mutation, selection, collection) runs in parallel; null for the processor count.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>The bin capacity for a receptive field.</summary>
    /// <param name="receptiveField">The window length.</param>
    /// <returns><see cref="SamplesPerBin"/>, or CombMotif's formula.</returns>
    public int BinCapacity(int receptiveField) => SamplesPerBin ?? ((int)Math.Floor(receptiveField / 100.0 * 2000 / 100) * 100) + 100;

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public NeuronSamplingOptions Validate()
    {
        Check(PopulationSize >= 10, nameof(PopulationSize), PopulationSize, "at least 10");
        Check(EliteFraction is > 0 and < 1, nameof(EliteFraction), EliteFraction, "in (0, 1)");
        Check(ShiftFraction is >= 0 and < 1 && EliteFraction + ShiftFraction < 1, nameof(ShiftFraction), ShiftFraction, "in [0, 1) with EliteFraction + ShiftFraction < 1");
        Check(Patience >= 1, nameof(Patience), Patience, "at least 1");
        Check(MaxGenerations >= 1, nameof(MaxGenerations), MaxGenerations, "at least 1");
        Check(Bins >= 1, nameof(Bins), Bins, "at least 1");
        Check(SamplesPerBin is null or >= 1, nameof(SamplesPerBin), SamplesPerBin, "at least 1 when given");
        Check(MutationFraction is > 0 and <= 1, nameof(MutationFraction), MutationFraction, "in (0, 1]");
        Check(MinimumRate is > 0 and <= 1, nameof(MinimumRate), MinimumRate, "in (0, 1]");
        Check(EarlyMaximumRate >= MinimumRate && EarlyMaximumRate <= 1, nameof(EarlyMaximumRate), EarlyMaximumRate, "in [MinimumRate, 1]");
        Check(LateMaximumRate >= MinimumRate && LateMaximumRate <= 1, nameof(LateMaximumRate), LateMaximumRate, "in [MinimumRate, 1]");
        Check(ImprovementThreshold >= 0 && double.IsFinite(ImprovementThreshold), nameof(ImprovementThreshold), ImprovementThreshold, "finite and non-negative");
        Check(MaxDegreeOfParallelism is null or >= 1, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "at least 1 when given");
        return this;
    }

    private static void Check(bool ok, string name, object? value, string expected)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}.");
        }
    }
}
