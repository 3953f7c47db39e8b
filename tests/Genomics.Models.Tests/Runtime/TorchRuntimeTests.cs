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
}
