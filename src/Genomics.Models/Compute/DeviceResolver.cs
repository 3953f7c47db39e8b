using Genomics.Models.Diagnostics;
using Genomics.Models.Runtime;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace Genomics.Models.Compute;

/// <summary>
/// Turns a <see cref="ComputeContext"/>'s device policy into a concrete TorchSharp device and applies the context's
/// process-wide libtorch settings (<see cref="ComputeContext.Threads"/>, and <see cref="ComputeContext.AllowTf32"/> when
/// the device is a GPU).
/// </summary>
/// <remarks>
/// Nothing is cached: every call checks CUDA availability again and applies the settings again. Each operation (a
/// <see cref="BatchedPredictor"/> map, a training run, an interpretation run) calls it once at its start and keeps the
/// device it got until it ends.
/// </remarks>
public static class DeviceResolver
{
    /// <summary>Resolves the device for a context and applies its thread and TF32 settings.</summary>
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

        var device = Choose(context);
        ApplyMatmulPrecision(context, device);
        return device;
    }

    /// <summary>
    /// On a CUDA device, sets libtorch's process-wide cuBLAS TF32 switch (<c>torch.backends.cuda.matmul.allow_tf32</c>)
    /// to <see cref="ComputeContext.AllowTf32"/>; on the CPU leaves it alone.
    /// </summary>
    internal static void ApplyMatmulPrecision(ComputeContext context, torch.Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            torch.backends.cuda.matmul.allow_tf32 = context.AllowTf32;
        }
    }

    private static torch.Device Choose(ComputeContext context)
    {
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

                Log.CudaFallback(context.LoggerFactory.CreateLogger(typeof(DeviceResolver)), index);
                return torch.CPU;
        }
    }
}
