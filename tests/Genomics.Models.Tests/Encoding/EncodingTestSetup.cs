using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Encoding;

/// <summary>Keeps libtorch to one thread for the encoding tests (the CI machine has two cores shared by everything).</summary>
[SetUpFixture]
public sealed class EncodingTestSetup
{
    /// <summary>Limits torch's intra-op thread pool.</summary>
    [OneTimeSetUp]
    public void LimitThreads() => torch.set_num_threads(1);
}
