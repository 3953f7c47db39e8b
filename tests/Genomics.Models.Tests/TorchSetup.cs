using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests;

/// <summary>One-time setup for the whole assembly (applies to every fixture in Genomics.Models.Tests and below).</summary>
[SetUpFixture]
public sealed class ModelsTestsSetup
{
    [OneTimeSetUp]
    public void Configure() => TorchTestEnvironment.Configure();
}
