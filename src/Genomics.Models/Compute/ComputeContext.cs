using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genomics.Models.Compute;

/// <summary>
/// "Where and how to run", kept apart from "what to compute": device policy, CPU fallback, seed, logging and
/// threading. Algorithms take one and contain no device code of their own.
/// </summary>
/// <remarks>
/// CPU results are reproducible for given seeds (<see cref="SeedFor"/>). TorchSharp offers no deterministic-algorithms
/// switch, so GPU results agree with CPU only within tolerances.
/// </remarks>
public sealed record ComputeContext
{
    /// <summary>A CPU context with default settings and no logging.</summary>
    public static ComputeContext Default { get; } = new();

    /// <summary>Where to run; defaults to <see cref="DevicePolicy.Cpu"/>.</summary>
    public DevicePolicy Device { get; init; } = DevicePolicy.Cpu;

    /// <summary>When a requested CUDA device is missing, run on the CPU (with a warning) instead of throwing. Default true.</summary>
    public bool FallbackToCpu { get; init; } = true;

    /// <summary>
    /// The seed of every stochastic step whose options leave their own seed null; null (the default) leaves each
    /// engine's documented default seed (for example 0 for DeepLIFT-SHAP's references, tfmodisco-lite's 1234 for
    /// TF-MoDISco). See <see cref="SeedFor"/> for the rule.
    /// </summary>
    public long? Seed { get; init; }

    /// <summary>The logger factory; defaults to the null factory.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Allow TF32 matrix products on CUDA (faster, less exact). Default false; ignored on the CPU.
    /// </summary>
    /// <remarks>
    /// <see cref="DeviceResolver.Resolve"/> applies it when it resolves a CUDA device, by setting libtorch's
    /// process-wide cuBLAS switch (<c>torch.backends.cuda.matmul.allow_tf32</c>); the last resolved context wins. It
    /// covers matrix products (linear layers, recurrent layers, attention); cuDNN convolutions follow libtorch's own
    /// <c>torch.backends.cudnn.allow_tf32</c>, which this library does not change.
    /// </remarks>
    public bool AllowTf32 { get; init; }

    /// <summary>Intra-op threads for libtorch, or null to leave libtorch's setting alone.</summary>
    public int? Threads { get; init; }

    /// <summary>The number of examples per batch for batched work. Default 128; at least 1.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>
    /// The seed a stochastic step uses, by the one rule every engine follows: the seed set in the engine's options,
    /// else this context's <see cref="Seed"/>, else the engine's documented default.
    /// </summary>
    /// <param name="optionSeed">The seed in the engine's options, or null when not set.</param>
    /// <param name="engineDefault">The engine's documented default seed.</param>
    /// <returns><c>optionSeed ?? Seed ?? engineDefault</c>.</returns>
    /// <remarks>Engines that draw from <see cref="System.Random"/> take the low 32 bits of the seed
    /// (<c>unchecked((int)seed)</c>), so every seed in the <see cref="int"/> range gives the same draws as before seeds
    /// were widened to <see cref="long"/>.</remarks>
    public long SeedFor(long? optionSeed, long engineDefault) => optionSeed ?? Seed ?? engineDefault;
}
