using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.IO;

/// <summary>Keeps libtorch to one thread for the I/O tests that build tensors.</summary>
[SetUpFixture]
public sealed class IoTestSetup
{
    /// <summary>Limits torch's intra-op thread pool.</summary>
    [OneTimeSetUp]
    public void LimitThreads() => torch.set_num_threads(1);
}
