using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary>predict changes no sequence without an error or a counted warning.</summary>
[NonParallelizable]
public sealed class SequencePolicyCommandTests
{
    private ScratchFolder _scratch = null!;
    private string _checkpoint = null!;

    [OneTimeSetUp]
    public void SaveModel()
    {
        _scratch = new ScratchFolder();
        _checkpoint = CatalogCheckpoint.Save(_scratch.PathOf("demo2.gckpt"), "neuronmotif-demo", "demo2");
    }

    [OneTimeTearDown]
    public void CleanUp() => _scratch.Dispose();

    private static string Bases(int count, int seed) => TestSequences.RandomBases(new Random(seed), count);

    private (int Code, string Out, string Error) Predict(string fasta, params string[] extra) =>
        CliHarness.Run(["predict", "-m", _checkpoint, "-i", _scratch.WriteText(Guid.NewGuid().ToString("N") + ".fa", fasta), "--threads", "1", .. extra]);

    [Test]
    public void WrongLength_IsAnErrorNamingTheRecord_UnlessCenterIsChosen()
    {
        var fasta = $">ok\n{Bases(82, 1)}\n>short\n{Bases(70, 2)}\n>long\n{Bases(90, 3)}\n";
        var (code, _, error) = Predict(fasta);
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("record 2 ('short') has 70 bases; the model takes 82"));

        var (fitCode, output, log) = Predict(fasta, "--length-policy", "center");
        Assert.That(fitCode, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(4));
        Assert.That(log, Does.Contain("warning: ").And.Contain("2 of 3 record(s) were padded or cropped to the model's length of 82"));
    }

    [Test]
    public void UnknownLetters_AreAnErrorNamingRecordAndPosition_UnlessNIsChosen()
    {
        var fasta = $">a\n{Bases(82, 4)}\n>b\nXZ!J{Bases(78, 5)}\n";
        var (code, _, error) = Predict(fasta);
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("record 2 ('b')").And.Contain("'X'").And.Contain("position 1"));

        var (nCode, _, log) = Predict(fasta, "--unknown-letters", "n");
        Assert.That(nCode, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(log, Does.Contain("1 of 2 record(s) hold letters outside the nucleotide and IUPAC alphabets, replaced by N"));
    }

    [Test]
    public void IupacCodes_AreReadAsNWithAWarning_AndEmptyRecordsAreAnError()
    {
        var (code, _, log) = Predict($">a\nRYKM{Bases(78, 6)}\n>b\n{Bases(82, 7)}\n");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(log, Does.Contain("warning: ").And.Contain("1 of 2 record(s) hold IUPAC ambiguity codes"));

        var (emptyCode, _, error) = Predict($">a\n{Bases(82, 8)}\n>empty\n", "--length-policy", "center");
        Assert.That(emptyCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("record 2 ('empty') has an empty sequence"));
    }

    [Test]
    public void Help_DescribesThePolicyOptions()
    {
        var (_, output, _) = CliHarness.Run("predict", "--help");
        Assert.That(output, Does.Contain("--length-policy").And.Contain("--unknown-letters").And.Contain("IUPAC"));
    }
}
