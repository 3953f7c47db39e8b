using Genomics.TestKit;
using NUnit.Framework;

/// <summary>One-time setup for the whole assembly (global namespace so it applies to every fixture).</summary>
[SetUpFixture]
public sealed class ModelsTestsSetup
{
    [OneTimeSetUp]
    public void Configure() => TorchTestEnvironment.Configure();
}
