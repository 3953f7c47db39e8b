using TorchSharp;

namespace Genomics.TestKit;

/// <summary>Shared one-time setup for test assemblies that use torch: one intra-op thread (the CI machine has two cores and runs test assemblies side by side).</summary>
public static class TorchTestEnvironment
{
    public static void Configure()
    {
        Genomics.Models.Runtime.TorchRuntime.EnsureAvailable();
        torch.set_num_threads(1);
    }

    /// <summary>Live tensors on this thread (for leak checks).</summary>
    public static long LiveTensors => TorchSharp.DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
}
