using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Serialization;

/// <summary>Keeps torch to one thread for this folder's fixtures (the CI machine has two cores).</summary>
[SetUpFixture]
public sealed class SerializationTestSetup
{
    [OneTimeSetUp]
    public void LimitThreads() => torch.set_num_threads(1);
}
