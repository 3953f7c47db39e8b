using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests;

/// <summary>One-time torch setup for the whole Genomics.Interpret.Tests assembly.</summary>
[SetUpFixture]
public sealed class InterpretTestsSetup
{
    [OneTimeSetUp]
    public void Configure() => TorchTestEnvironment.Configure();
}
