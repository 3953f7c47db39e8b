using System.Globalization;
using System.Text;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary>Bad targets, option values and files give exit code 3 with a message naming them, never a native trace.</summary>
[NonParallelizable]
public sealed class InputValidationTests
{
    private static string HistoneTable(ScratchFolder scratch, string name, params int[] labels)
    {
        var text = new StringBuilder();
        for (var g = 0; g < labels.Length; g++)
        {
            for (var bin = 1; bin <= 100; bin++)
            {
                text.Append(CultureInfo.InvariantCulture, $"gene{g},{bin},{bin % 3},{g},1,0,{bin % 2},{labels[g]}\n");
            }
        }

        return scratch.WriteText(name, text.ToString());
    }

    [Test]
    public void Train_ClassLabelOutOfRange_IsInvalidInputNamingTheFileRecordAndRange()
    {
        using var scratch = new ScratchFolder();
        var table = HistoneTable(scratch, "labels.csv", 0, 1, 2);
        var (code, _, error) = CliHarness.Run("train", "-a", "deepchrome", "--train", table, "--epochs", "1", "-o", scratch.PathOf("m.gckpt"), "--threads", "1");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
            Assert.That(error, Does.Contain("labels.csv").And.Contain("record 3 ('gene2')").And.Contain("class label 2").And.Contain("0 to 1"));
            Assert.That(error, Does.Not.Contain("c10::").And.Not.Contain("libtorch"), "no native trace");
            Assert.That(File.Exists(scratch.PathOf("m.gckpt")), Is.False);
        }
    }

    [Test]
    public void Train_ValidationClassLabelOutOfRange_NamesTheValidationFile()
    {
        using var scratch = new ScratchFolder();
        var train = HistoneTable(scratch, "train.csv", 0, 1);
        var valid = HistoneTable(scratch, "valid.csv", 1, -1);
        var (code, _, error) = CliHarness.Run("train", "-a", "deepchrome", "--train", train, "--valid", valid, "--epochs", "1", "-o", scratch.PathOf("m.gckpt"), "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
        Assert.That(error, Does.Contain("valid.csv").And.Contain("record 2 ('gene1')").And.Contain("class label -1"));
    }

    [TestCase("5000")]
    [TestCase("-1")]
    public void Threads_OutOfRange_IsInvalidInputNamingTheLimit(string threads)
    {
        using var scratch = new ScratchFolder();
        var (code, _, error) = CliHarness.Run("predict", "-m", scratch.PathOf("absent.gckpt"), "-i", scratch.PathOf("absent.fa"), "--threads", threads);
        var motifs = SharedData.Path("parallel_tomtom/Motifs.meme");
        var (tomtomCode, _, tomtomError) = CliHarness.Run("tomtom", "-q", motifs, "-t", motifs, "--threads", threads, "-o", scratch.PathOf("t.tsv"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
            Assert.That(error, Does.Contain("--threads").And.Contain((Environment.ProcessorCount * 4).ToString(CultureInfo.InvariantCulture)));
            Assert.That(tomtomCode, Is.EqualTo(ExitCodes.InvalidInput), tomtomError);
            Assert.That(tomtomError, Does.Contain("--threads"));
        }
    }

    [Test]
    public void Model_ThatIsADirectory_AndAnUnknownDevice_AreInvalidInput()
    {
        using var scratch = new ScratchFolder();
        var fasta = scratch.WriteText("s.fa", ">s\nACGT\n");
        var (code, _, error) = CliHarness.Run("predict", "-m", scratch.Root, "-i", fasta);
        var checkpoint = CatalogCheckpoint.Save(scratch.PathOf("m.gckpt"), "neuronmotif-demo", "demo2");
        var (deviceCode, _, deviceError) = CliHarness.Run("predict", "-m", checkpoint, "-i", fasta, "--device", "gpu");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
            Assert.That(error, Does.Contain("--model").And.Contain("is a directory"));
            Assert.That(deviceCode, Is.EqualTo(ExitCodes.InvalidInput), deviceError);
            Assert.That(deviceError, Does.Contain("--device").And.Contain("gpu").And.Contain("cuda:N"));
        }
    }

    [TestCase("empty.jaspar", "")]
    [TestCase("empty.meme", "")]
    [TestCase("blank.jaspar", "\n\n")]
    [TestCase("header-only.meme", "MEME version 4\n\nALPHABET= ACGT\n")]
    [TestCase("empty.csv", "")]
    public void EmptyMotifFile_IsInvalidInput_HoldingNoMotifs(string name, string text)
    {
        using var scratch = new ScratchFolder();
        var motifs = scratch.WriteText(name, text);
        var fasta = scratch.WriteText("s.fa", ">s\nACGTACGT\n");
        var (code, _, error) = CliHarness.Run("scan", "-m", motifs, "-s", fasta);
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
        Assert.That(error, Does.Contain(name).And.Contain("holds no motifs"));
    }
}
