using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

[NonParallelizable]
public sealed class AttributeCommandTests
{
    private ScratchFolder _scratch = null!;
    private string _checkpoint = null!;
    private string _fasta = null!;

    [OneTimeSetUp]
    public void SaveModelAndSequences()
    {
        _scratch = new ScratchFolder();
        _checkpoint = CatalogCheckpoint.Save(_scratch.PathOf("demo2.gckpt"), "neuronmotif-demo", "demo2");
        _fasta = _scratch.WriteText("s.fa", TestSequences.RandomFasta(3, 82, seed: 11, idPrefix: "seq"));
    }

    [OneTimeTearDown]
    public void CleanUp() => _scratch.Dispose();

    [TestCase("saliency")]
    [TestCase("gradxinput")]
    [TestCase("ig")]
    [TestCase("deeplift")]
    [TestCase("ism")]
    public void Attribute_WritesOneRowPerPositionWithEveryChannel(string method)
    {
        var table = _scratch.PathOf(method + ".tsv");
        var plots = _scratch.PathOf(method + "-plots");
        var (code, _, log) = CliHarness.Run("attribute", "-m", _checkpoint, "-i", _fasta, "--method", method, "--references", "3", "--steps", "8", "-o", table, "--plots", plots, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var lines = File.ReadAllLines(table);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[0], Is.EqualTo("id\tposition\tobserved\tcontribution\tA\tC\tG\tT"));
            Assert.That(lines, Has.Length.EqualTo(1 + (3 * 82)));
            Assert.That(lines[1], Does.StartWith("seq0\t1\t"));
            Assert.That(Directory.GetFiles(plots, "*.svg"), Has.Length.EqualTo(3));
        }
    }

    [Test]
    public void Attribute_IsmOnATrackModel_IsInvalidInput_AndBadTargetNamesTheOption()
    {
        var checkpoint = CatalogCheckpoint.Save(_scratch.PathOf("deepchrome.gckpt"), "deepchrome");
        var (code, _, error) = CliHarness.Run("attribute", "-m", checkpoint, "-i", CliHarness.QuickStartData("test.csv"), "--method", "ism");
        var (targetCode, _, targetError) = CliHarness.Run("attribute", "-m", _checkpoint, "-i", _fasta, "--target", "7");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
            Assert.That(targetCode, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(targetError, Does.Contain("--target"));
        }
    }

    [Test]
    public void Attribute_DeepLiftOnTracks_UsesTrackReferences()
    {
        var checkpoint = CatalogCheckpoint.Save(_scratch.PathOf("deepchrome2.gckpt"), "deepchrome");
        var table = _scratch.PathOf("tracks.tsv");
        var (code, _, log) = CliHarness.Run("attribute", "-m", checkpoint, "-i", CliHarness.QuickStartData("test.csv"), "--method", "deeplift", "--target", "1", "-o", table, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(File.ReadLines(table).First(), Does.EndWith("H3K9me3"));
    }
}
