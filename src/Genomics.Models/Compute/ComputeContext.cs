using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genomics.Models.Compute;

/// <summary>
/// "Where and how to run", kept apart from "what to compute": device policy, CPU fallback, seed, logging and
/// threading. Algorithms take one and contain no device code of their own.
/// </summary>
/// <remarks>
/// CPU results are reproducible for a given <see cref="Seed"/>. TorchSharp offers no deterministic-algorithms
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

    /// <summary>The seed for every stochastic step that takes its seed from the context. Default 0.</summary>
    public long Seed { get; init; }

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
}
