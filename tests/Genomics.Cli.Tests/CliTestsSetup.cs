using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary>One-time torch setup for the command-line tests.</summary>
[SetUpFixture]
public sealed class CliTestsSetup
{
    [OneTimeSetUp]
    public void Configure() => TorchTestEnvironment.Configure();
}
