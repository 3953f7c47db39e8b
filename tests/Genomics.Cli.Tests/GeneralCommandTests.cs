using NUnit.Framework;

namespace Genomics.Cli.Tests;

[NonParallelizable]
public sealed class GeneralCommandTests
{
    [Test]
    public void Help_ListsEveryCommand_AndExitsZero()
    {
        var (code, output, _) = CliHarness.Run("--help");
        Assert.That(code, Is.EqualTo(ExitCodes.Success));
        foreach (var command in new[] { "models", "info", "train", "predict" })
        {
            Assert.That(output, Does.Contain(command));
        }
    }

    [Test]
    public void EveryOption_HasAHelpText()
    {
        var root = GenomicsCli.Build(new CliConsole(TextWriter.Null, TextWriter.Null, ShowProgress: false));
        foreach (var command in root.Subcommands)
        {
            Assert.That(command.Description, Is.Not.Null.And.Not.Empty, command.Name);
            foreach (var option in command.Options.Where(o => o.Name is not "--help" and not "-h"))
            {
                Assert.That(option.Description, Is.Not.Null.And.Not.Empty, $"{command.Name} {option.Name}");
            }
        }
    }

    [Test]
    public void UnknownCommandOrMissingOption_IsAUsageError()
    {
        var (code, _, error) = CliHarness.Run("frobnicate");
        var (missingCode, _, missingError) = CliHarness.Run("predict", "--input", "x.fa");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Usage));
            Assert.That(error, Does.Contain("frobnicate"));
            Assert.That(missingCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(missingError, Does.Contain("--model"));
        }
    }

    [Test]
    public void Models_ListsArchitecturesAndPresets()
    {
        var (code, output, _) = CliHarness.Run("models");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Success));
            Assert.That(output, Does.Contain("basset").And.Contain("deepchrome").And.Contain("preset demo2"));
            Assert.That(output, Does.Contain("Tracks 5 x 100"));
        }
    }

    [Test]
    public void Info_ReportsTheRuntime()
    {
        var (code, output, _) = CliHarness.Run("info");
        Assert.That(code, Is.EqualTo(ExitCodes.Success));
        Assert.That(output, Does.Contain("TorchSharp").And.Contain("oneDNN").And.Contain("Allocator").And.Contain("Convolutions   matrix products on"));
    }

    [Test]
    [NonParallelizable]
    public void Info_CheckOneDnn_ReportsTheConvolutionCheck()
    {
        var (code, output, _) = CliHarness.Run("info", "--check-onednn");
        Assert.That(code, Is.EqualTo(ExitCodes.Success));
        if (Genomics.Models.Runtime.TorchRuntime.OneDnnEnabled is not null)
        {
            Assert.That(output, Does.Match("oneDNN check +oneDNN convolutions (agree|DISAGREE) with float64 results: worst B"));
        }
    }

    [TestCase(typeof(OperationCanceledException), ExitCodes.Cancelled)]
    [TestCase(typeof(Genomics.Models.IO.DataFormatException), ExitCodes.InvalidInput)]
    [TestCase(typeof(FileNotFoundException), ExitCodes.InvalidInput)]
    [TestCase(typeof(Genomics.Models.Serialization.PyTorch.PyTorchWeightsException), ExitCodes.InvalidInput)]
    [TestCase(typeof(CliArgumentException), ExitCodes.InvalidInput)]
    [TestCase(typeof(Genomics.Models.Runtime.TorchRuntimeException), ExitCodes.RuntimeUnavailable)]
    [TestCase(typeof(NullReferenceException), ExitCodes.Failure)]
    public void Exceptions_MapToExitCodes(Type type, int expected)
    {
        var exception = (Exception)Activator.CreateInstance(type)!;
        Assert.That(GenomicsCli.Classify(exception).Code, Is.EqualTo(expected));
    }
}
