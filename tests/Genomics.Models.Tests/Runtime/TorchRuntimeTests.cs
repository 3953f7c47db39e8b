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
}
