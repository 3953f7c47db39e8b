namespace Genomics.Models.Training;

/// <summary>Where a training batch sits in the run, passed to an <see cref="IBatchTransform"/>.</summary>
/// <param name="Epoch">The 1-based epoch.</param>
/// <param name="Step">The 0-based optimiser step counted over the whole run.</param>
/// <param name="Seed">
/// The batch's seed, derived from <see cref="TrainerOptions.Seed"/> and <paramref name="Step"/>: the same run settings
/// give the same seed for the same step, and different steps get unrelated seeds.
/// </param>
/// <param name="Rows">The training-set row of each batch row, in batch order (N entries).</param>
public sealed record BatchTransformContext(int Epoch, long Step, long Seed, IReadOnlyList<int> Rows)
{
    /// <summary>Creates a random generator seeded from <see cref="Seed"/>.</summary>
    /// <returns>A new generator; every call gives one that draws the same numbers.</returns>
    public Random CreateRandom() => RandomFromSeed(Seed);

    /// <summary>A generator seeded from a 64-bit seed (both halves are used).</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>A new generator.</returns>
    internal static Random RandomFromSeed(long seed) => new(unchecked((int)(seed ^ (seed >>> 32))));

    /// <summary>Derives the seed of one step from a run seed (SplitMix64 finaliser of seed and step).</summary>
    /// <param name="runSeed">The run's seed.</param>
    /// <param name="step">The 0-based step.</param>
    /// <returns>The step's seed.</returns>
    internal static long DeriveSeed(long runSeed, long step)
    {
        unchecked
        {
            var z = (ulong)runSeed + (0x9E3779B97F4A7C15UL * ((ulong)step + 1));
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (long)(z ^ (z >> 31));
        }
    }
}
