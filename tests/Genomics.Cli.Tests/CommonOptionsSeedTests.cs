using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary>--seed reaches the context only when given, so engines a command leaves at their defaults keep their seeds.</summary>
public sealed class CommonOptionsSeedTests
{
    private static (long Value, long? Given, long? Context) Parse(params string[] args)
    {
        var common = new CommonOptions();
        var command = new RootCommand();
        common.AddTo(command);
        var result = command.Parse(args);
        return (common.SeedValue(result), common.GivenSeed(result), common.Context(result, NullLoggerFactory.Instance).Seed);
    }

    [Test]
    public void WithoutSeed_TheValueIsOne_AndTheContextHasNone() =>
        Assert.That(Parse(), Is.EqualTo((1L, (long?)null, (long?)null)));

    [Test]
    public void WithSeed_TheValueAndTheContextAreTheGivenSeed() =>
        Assert.That(Parse("--seed", "7"), Is.EqualTo((7L, (long?)7, (long?)7)));

    [Test]
    public void AnExplicitOne_StillReachesTheContext() =>
        Assert.That(Parse("--seed", "1"), Is.EqualTo((1L, (long?)1, (long?)1)));
}
