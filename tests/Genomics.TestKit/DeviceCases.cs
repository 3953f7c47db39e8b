using Genomics.Models.Compute;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.TestKit;

/// <summary>
/// Test-case source of compute devices: the CPU always, and CUDA when a GPU and a CUDA bundle are present (tagged
/// <c>[Category("Gpu")]</c>), so each device is its own test case. Use with <c>[TestCaseSource(typeof(DeviceCases), nameof(DeviceCases.All))]</c>.
/// </summary>
public static class DeviceCases
{
    /// <summary>The device policies to test.</summary>
    public static IEnumerable<TestCaseData> All()
    {
        yield return new TestCaseData(DevicePolicy.Cpu).SetArgDisplayNames("cpu");
        if (torch.cuda.is_available())
        {
            yield return new TestCaseData(DevicePolicy.Cuda()).SetArgDisplayNames("cuda").SetCategory("Gpu");
        }
    }
}
