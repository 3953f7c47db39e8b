namespace Genomics.Benchmarks;

/// <summary>
/// Lets the benchmarks' dry-run test (which only checks that every benchmark runs) use tiny batches: set the
/// environment variable GENOMICS_BENCHMARK_SMOKE=1. Measurements never set it.
/// </summary>
public static class BenchmarkScale
{
    /// <summary>True when benchmarks should use the smallest inputs that still exercise their code.</summary>
    public static bool Smoke => Environment.GetEnvironmentVariable("GENOMICS_BENCHMARK_SMOKE") == "1";

    /// <summary>The batch size to use: <paramref name="realistic"/>, or 2 in smoke runs.</summary>
    /// <param name="realistic">The batch size for measurements.</param>
    /// <returns>The batch size.</returns>
    public static int Batch(int realistic) => Smoke ? Math.Min(2, realistic) : realistic;
}
