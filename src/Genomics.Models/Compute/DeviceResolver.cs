using Genomics.Models.Diagnostics;
using Genomics.Models.Runtime;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace Genomics.Models.Compute;

/// <summary>Turns a <see cref="ComputeContext"/>'s device policy into a concrete TorchSharp device, once.</summary>
public static class DeviceResolver
{
    /// <summary>Resolves the device for a context and applies its thread setting.</summary>
    /// <param name="context">The compute context.</param>
    /// <returns>The device to run on.</returns>
    /// <exception cref="TorchRuntimeException">The native TorchSharp runtime cannot be loaded (the message says why).</exception>
    /// <exception cref="InvalidOperationException">CUDA was required, is unavailable, and <see cref="ComputeContext.FallbackToCpu"/> is false.</exception>
    public static torch.Device Resolve(ComputeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        TorchRuntime.EnsureAvailable();
        if (context.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(context), context.BatchSize, "ComputeContext.BatchSize must be at least 1.");
        }

        if (context.Threads is int threads)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(context));
            torch.set_num_threads(threads);
        }

        var logger = context.LoggerFactory.CreateLogger(typeof(DeviceResolver));
        switch (context.Device.Kind)
        {
            case DevicePolicyKind.Cpu:
                return torch.CPU;
            case DevicePolicyKind.Auto:
                return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
            default:
                var index = context.Device.CudaIndex;
                if (torch.cuda.is_available() && index < torch.cuda.device_count())
                {
                    return new torch.Device(DeviceType.CUDA, index);
                }

                if (!context.FallbackToCpu)
                {
                    throw new InvalidOperationException($"CUDA device {index} was requested but is not available (CUDA available: {torch.cuda.is_available()}). Reference a CUDA TorchSharp bundle, or allow CPU fallback.");
                }

                Log.CudaFallback(logger, index);
                return torch.CPU;
        }
    }
}
