using Genomics.Models.Runtime;
using NUnit.Framework;

namespace Genomics.Models.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Test]
    public void EnsureAvailable_SucceedsInThisBuild() =>
        Assert.That(TorchRuntime.EnsureAvailable, Throws.Nothing);

    [Test]
    public void Diagnose_MissingGlibcxxVersion_NamesVersionAndFix()
    {
        const string loader = "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/libLibTorchSharp.so)";
        var message = TorchRuntime.Diagnose("/app", "/app/libLibTorchSharp.so", loader, libTorchPresent: true);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Does.Contain("GLIBCXX_3.4.32"));
            Assert.That(message, Does.Contain("libstdc++.so.6"));
            Assert.That(message, Does.Contain("GenomicsPatchNativeLibraries"));
            Assert.That(message, Does.Contain("LD_LIBRARY_PATH"));
        }
    }

    [Test]
    public void Diagnose_MissingVersionAfterFailedRepair_SaysWhyTheCopyFailed()
    {
        const string loader = "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/libLibTorchSharp.so)";
        var message = TorchRuntime.Diagnose("/app", "/app/libLibTorchSharp.so", loader, libTorchPresent: true, repairDetail: "UnauthorizedAccessException: Access to the path '/home/u/.local/share/genomics' is denied.");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Does.Contain("GLIBCXX_3.4.32"));
            Assert.That(message, Does.Contain("the load-time copy failed: UnauthorizedAccessException"));
            Assert.That(message, Does.Contain(NativeLibraryRepair.CacheRoot));
        }
    }

    [Test]
    public void Diagnose_NoNativeBundle_SaysWhichPackageToReference()
    {
        var message = TorchRuntime.Diagnose("/app", null, null, libTorchPresent: false);
        Assert.That(message, Does.Contain("TorchSharp-cpu"));
    }

    [Test]
    public void Diagnose_OtherLoaderError_IsPassedOn()
    {
        var message = TorchRuntime.Diagnose("/app", "/app/libLibTorchSharp.so", "libgomp.so.1: cannot open shared object file", libTorchPresent: true);
        Assert.That(message, Does.Contain("libgomp.so.1: cannot open shared object file"));
    }

    [Test]
    [NonParallelizable]
    public void OneDnn_IsOffAfterLoading_AndCanBeSwitched()
    {
        if (TorchRuntime.OneDnnEnabled is null)
        {
            Assert.Ignore("The oneDNN switch is only reachable on Linux x64.");
        }

        Assert.That(TorchRuntime.OneDnnEnabled, Is.False);
        try
        {
            TorchRuntime.SetOneDnnEnabled(true);
            Assert.That(TorchRuntime.OneDnnEnabled, Is.True);
        }
        finally
        {
            TorchRuntime.SetOneDnnEnabled(false);
        }

        Assert.That(TorchRuntime.OneDnnEnabled, Is.False);
    }

    [Test]
    [NonParallelizable]
    public void SeededBatchNormTraining_IsRepeatable_WithTheDefaultBackends()
    {
        // Regression test: with libtorch's oneDNN kernels, identical seeded runs of this model sometimes produced NaN
        // gradients on AVX-512 virtual machines. With the library's default backends every run must be finite and equal.
        float? first = null;
        for (var run = 0; run < 12; run++)
        {
            Genomics.Models.Architectures.NeuronMotifDemo.NeuronMotifDemoModel model;
            using (new Genomics.Models.Compute.TorchSeedScope(6))
            {
                model = new Genomics.Models.Architectures.NeuronMotifDemo.NeuronMotifDemoModel(Genomics.Models.Architectures.NeuronMotifDemo.NeuronMotifDemoOptions.Demo2);
            }

            using (model)
            using (var g = new TorchSharp.torch.Generator(7))
            {
                var idx = TorchSharp.torch.randint(0, 4, new long[] { 16, 82 }, generator: g);
                using var x = TorchSharp.torch.nn.functional.one_hot(idx, 4).permute(0, 2, 1).to_type(TorchSharp.torch.ScalarType.Float32).contiguous();
                using var y = (TorchSharp.torch.rand(new long[] { 16, 1 }, generator: g) > 0.5).to_type(TorchSharp.torch.ScalarType.Float32);
                var options = new Genomics.Models.Training.TrainerOptions { Loss = Genomics.Models.Training.TrainingLoss.BinaryCrossEntropy(), Epochs = 10, BatchSize = 8, Optimizer = Genomics.Models.Training.OptimizerOptions.Adam(1e-2) };
                var result = new Genomics.Models.Training.Trainer(options).Train(model, new Genomics.Models.Training.TrainingSet(x, y));
                var last = (float)result.History[^1].TrainingLoss;
                first ??= last;
                Assert.That(last, Is.EqualTo(first.Value), $"run {run}");
            }
        }
    }

    [Test]
    public void OnLinux_FreedMemoryIsRetained_UnlessTurnedOff()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("The allocator setting is glibc's.");
        }

        Assert.That(TorchRuntime.RetainsFreedMemory, Is.EqualTo(Environment.GetEnvironmentVariable("GENOMICS_RETAIN_FREED_MEMORY") != "0"));
    }

    [Test]
    [NonParallelizable]
    public void DefaultConvolutions_MatchFloat64_OnTheShapesThatOneDnnGetsWrong()
    {
        // Regression test for docs/decisions/onednn.md: on this project's machines libtorch's oneDNN convolutions return
        // wrong input gradients (and NaN) for these shapes. The default back-end must be exact on all of them.
        foreach (var (b, c, l, o, k) in new[] { (8, 4, 82, 5, 7), (8, 5, 38, 5, 3), (8, 16, 64, 4, 3), (2, 300, 60, 200, 11) })
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            var single = OneDnnSelfTest.Convolve(b, c, l, o, k, TorchSharp.torch.ScalarType.Float32);
            var exact = OneDnnSelfTest.Convolve(b, c, l, o, k, TorchSharp.torch.ScalarType.Float64);
            for (var i = 0; i < exact.Length; i++)
            {
                var scale = exact[i].abs().max().item<double>();
                var error = (single[i].to_type(TorchSharp.torch.ScalarType.Float64) - exact[i]).abs().max().item<double>();
                Assert.That(error, Is.LessThanOrEqualTo(1e-5 * scale), $"B{b} C{c} L{l} O{o} K{k}, result {i}");
            }
        }
    }

    [Test]
    [NonParallelizable]
    public void CheckOneDnn_ReportsAnOutcome_AndLeavesTheSettingAlone()
    {
        if (TorchRuntime.OneDnnEnabled is null)
        {
            Assert.Ignore("oneDNN cannot be switched on this platform.");
        }

        var check = TorchRuntime.CheckOneDnn();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TorchRuntime.OneDnnEnabled, Is.False);
            Assert.That(check.Tolerance, Is.EqualTo(1e-4));
            Assert.That(check.WorstCase, Does.StartWith("B"));
            Assert.That(check.Passed, Is.EqualTo(check.WorstRelativeError <= check.Tolerance));
            Assert.That(check.ToString(), Does.Contain(check.Passed ? "agree" : "DISAGREE"));
        }

        var enabled = TorchRuntime.EnableOneDnnIfCorrect();
        try
        {
            Assert.That(TorchRuntime.OneDnnEnabled, Is.EqualTo(enabled.Passed));
        }
        finally
        {
            TorchRuntime.SetOneDnnEnabled(false);
        }
    }
}
