using Genomics.Models.Architectures;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

[NonParallelizable]
public sealed class TrainPredictCommandTests
{
    [Test]
    public void Train_ThenPredict_OnHistoneTables_WritesACheckpointAndACsv()
    {
        using var scratch = new ScratchFolder();
        var checkpoint = scratch.PathOf("deepchrome.gckpt");
        var (trainCode, _, trainLog) = CliHarness.TrainOnQuickStart("deepchrome", checkpoint);
        Assert.That(trainCode, Is.EqualTo(ExitCodes.Success), trainLog);
        Assert.That(trainLog, Does.Contain("epoch    2").And.Contain("checkpoint written"));
        var model = ModelCatalog.Load(checkpoint);
        Assert.That(model.Module.GetType().Name, Is.EqualTo("DeepChromeModel"));
        model.Module.Dispose();

        var csv = scratch.PathOf("predictions.csv");
        var (code, _, log) = CliHarness.Run("predict", "-m", checkpoint, "-i", CliHarness.QuickStartData("test.csv"), "-o", csv, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var lines = File.ReadAllLines(csv);
        var genes = File.ReadAllLines(CliHarness.QuickStartData("test.csv")).Length;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[0], Does.StartWith("id,"));
            Assert.That(lines, Has.Length.GreaterThan(1));
            Assert.That(lines.Skip(1).SelectMany(l => l.Split(',').Skip(1)).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)), Is.All.InRange(0.0, 1.0), "probabilities");
            Assert.That(log, Does.Contain("predict"), "progress bar drawn");
            Assert.That(genes, Is.GreaterThan(1));
        }
    }

    [Test]
    public void Predict_FastaForATrackModel_IsInvalidInputNamingTheFile()
    {
        using var scratch = new ScratchFolder();
        var checkpoint = CatalogCheckpoint.Save(scratch.PathOf("m.gckpt"), "deepchrome");
        var fasta = scratch.WriteText("x.fa", ">a\nACGT\n");
        var (code, _, error) = CliHarness.Run("predict", "-m", checkpoint, "-i", fasta);
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("x.fa").And.Contain("histone-mark table"));
    }

    [Test]
    public void Train_OnFastaWithHeaderLabels_ThenPredictRaw_AndBadLabels_NameTheRecord()
    {
        using var scratch = new ScratchFolder();
        var random = new Random(5);
        var records = Enumerable.Range(0, 12).Select(i => $">s{i} {(i % 3) * 0.5}\n" + TestSequences.RandomBases(random, 50));
        var train = scratch.WriteText("train.fa", string.Join('\n', records) + "\n");
        var checkpoint = scratch.PathOf("mrl.gckpt");
        var (code, _, log) = CliHarness.Run("train", "-a", "cnngru", "--preset", "mrl", "--train", train, "--epochs", "2", "-o", checkpoint, "--threads", "1", "--batch-size", "4");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(log, Does.Contain("epoch    2: training loss"));

        var (predictCode, output, predictLog) = CliHarness.Run("predict", "-m", checkpoint, "-i", train, "--raw", "--threads", "1");
        Assert.That(predictCode, Is.EqualTo(ExitCodes.Success), predictLog);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(13));
        Assert.That(lines[1], Does.StartWith("s0,"));

        var bad = scratch.WriteText("bad.fa", ">s0 1\nACGT\n>s1 high\nACGT\n");
        var (badCode, _, error) = CliHarness.Run("train", "-a", "deepdife", "--train", bad, "--epochs", "1", "-o", checkpoint);
        Assert.That(badCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("bad.fa").And.Contain("s1").And.Contain("high"));
    }

    [Test]
    public void Train_RejectsNonPositiveEpochs_NamingTheOption()
    {
        var (code, _, error) = CliHarness.Run("train", "-a", "deepchrome", "--train", CliHarness.QuickStartData("train.csv"), "--epochs", "0", "-o", "/tmp/never.gckpt");
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("--epochs"));
    }
}
