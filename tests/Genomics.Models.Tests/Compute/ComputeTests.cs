using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Compute;

[NonParallelizable]
public sealed class ComputeTests
{
    [TestCase("cpu", DevicePolicyKind.Cpu, 0)]
    [TestCase("AUTO", DevicePolicyKind.Auto, 0)]
    [TestCase("cuda", DevicePolicyKind.Cuda, 0)]
    [TestCase("cuda:3", DevicePolicyKind.Cuda, 3)]
    public void DevicePolicy_Parse(string text, DevicePolicyKind kind, int index)
    {
        var policy = DevicePolicy.Parse(text);
        Assert.That((policy.Kind, policy.CudaIndex), Is.EqualTo((kind, index)));
    }

    [Test]
    public void ComputeContext_SeedFor_TakesTheOptionThenTheContextThenTheEngineDefault()
    {
        var seeded = new ComputeContext { Seed = 5 };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ComputeContext.Default.Seed, Is.Null);
            Assert.That(ComputeContext.Default.SeedFor(null, 1234), Is.EqualTo(1234));
            Assert.That(ComputeContext.Default.SeedFor(3, 1234), Is.EqualTo(3));
            Assert.That(seeded.SeedFor(null, 1234), Is.EqualTo(5));
            Assert.That(seeded.SeedFor(3, 1234), Is.EqualTo(3));
            Assert.That(seeded.SeedFor(0, 1234), Is.Zero);
        }
    }

    [Test]
    public void DevicePolicy_Parse_RejectsUnknown() =>
        Assert.That(() => DevicePolicy.Parse("tpu"), Throws.InstanceOf<FormatException>().With.Message.Contains("tpu"));

    [Test]
    public void DeviceResolver_CudaWithoutFallback_ThrowsWhenNoGpu()
    {
        if (torch.cuda.is_available())
        {
            Assert.Ignore("A GPU is present; the no-GPU path cannot be exercised here.");
        }

        var context = ComputeContext.Default with { Device = DevicePolicy.Cuda(), FallbackToCpu = false };
        Assert.That(() => DeviceResolver.Resolve(context), Throws.InvalidOperationException.With.Message.Contains("CUDA device 0"));
    }

    [Test]
    public void DeviceResolver_CudaWithFallback_GivesCpuWhenNoGpu()
    {
        var device = DeviceResolver.Resolve(ComputeContext.Default with { Device = DevicePolicy.Cuda() });
        Assert.That(device.type, Is.EqualTo(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void AllowTf32_SetsTheCublasSwitchForACudaDevice(bool allow)
    {
        var before = torch.backends.cuda.matmul.allow_tf32;
        try
        {
            torch.backends.cuda.matmul.allow_tf32 = !allow;
            DeviceResolver.ApplyMatmulPrecision(ComputeContext.Default with { AllowTf32 = allow }, new Device(DeviceType.CUDA, 0));
            Assert.That(torch.backends.cuda.matmul.allow_tf32, Is.EqualTo(allow));
        }
        finally
        {
            torch.backends.cuda.matmul.allow_tf32 = before;
        }
    }

    [Test]
    public void AllowTf32_LeavesTheCublasSwitchAloneOnTheCpu()
    {
        var before = torch.backends.cuda.matmul.allow_tf32;
        try
        {
            torch.backends.cuda.matmul.allow_tf32 = false;
            var device = DeviceResolver.Resolve(ComputeContext.Default with { AllowTf32 = true });
            Assert.That((device.type, torch.backends.cuda.matmul.allow_tf32), Is.EqualTo((DeviceType.CPU, false)));
        }
        finally
        {
            torch.backends.cuda.matmul.allow_tf32 = before;
        }
    }

    [Test]
    public void DeviceResolver_AppliesTheThreadSettingOnEveryCall()
    {
        var before = torch.get_num_threads();
        try
        {
            DeviceResolver.Resolve(ComputeContext.Default with { Threads = 1 });
            var first = torch.get_num_threads();
            DeviceResolver.Resolve(ComputeContext.Default with { Threads = 2 });
            Assert.That((first, torch.get_num_threads()), Is.EqualTo((1, 2)));
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    [Test]
    public void ModelStateScope_RestoresTrainingModeEvenOnException()
    {
        using var model = new ToyConvModel(new ToyModelOptions(InputKind.OneHot, 4, 10, 1));
        model.train();
        Assert.That(() =>
        {
            using var scope = new ModelStateScope(model, torch.CPU);
            Assert.That(model.training, Is.False);
            throw new InvalidOperationException("boom");
        }, Throws.InvalidOperationException);
        Assert.That(model.training, Is.True);
        Assert.That(ModelStateScope.CurrentDevice(model)!.type, Is.EqualTo(DeviceType.CPU));
    }

    [Test]
    public void TorchSeedScope_MakesDrawsReproducible_AndRestoresState()
    {
        torch.random.manual_seed(123);
        using var before = torch.rand(3);
        torch.random.manual_seed(123);
        Tensor first, second;
        using (new TorchSeedScope(7))
        {
            first = torch.rand(4);
        }

        using var afterScope = torch.rand(3);
        using (new TorchSeedScope(7))
        {
            second = torch.rand(4);
        }

        using (first)
        using (second)
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.allclose(second, 0, 0), Is.True, "same seed, same draws");
            Assert.That(afterScope.allclose(before, 0, 0), Is.True, "the outer generator continues as if the scope had not drawn");
        }
    }
}
