using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary><c>genomics attribute --method deeplift</c> on the recurrent and attention models (AttentiveChrome, CNN-GRU, DeepCBA).</summary>
[NonParallelizable]
public sealed class AttributeRecurrentModelTests
{
    private ScratchFolder _scratch = null!;

    [OneTimeSetUp]
    public void CreateScratch() => _scratch = new ScratchFolder();

    [OneTimeTearDown]
    public void CleanUp() => _scratch.Dispose();

    [Test]
    public void Attribute_DeepLiftOnAttentiveChrome_IsAcceptedAndReportsConvergence()
    {
        var checkpoint = CatalogCheckpoint.Save(_scratch.PathOf("attentivechrome.gckpt"), "attentivechrome");
        var table = _scratch.PathOf("attentive.tsv");
        var (code, _, log) = CliHarness.Run("attribute", "-m", checkpoint, "-i", CliHarness.QuickStartData("test.csv"), "--method", "deeplift", "--references", "2", "-o", table, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadLines(table).First(), Does.EndWith("H3K9me3"));
            Assert.That(log, Does.Contain("Largest DeepLIFT convergence delta"));
        }
    }

    [TestCase("cnngru", "mrl", 50)]
    [TestCase("deepcba", "small", 1200)]
    public void Attribute_DeepLiftOnRecurrentSequenceModels_IsAccepted(string architecture, string preset, int length)
    {
        var checkpoint = CatalogCheckpoint.Save(_scratch.PathOf($"{architecture}-{preset}.gckpt"), architecture, preset);
        var fasta = _scratch.WriteText($"{architecture}.fa", TestSequences.RandomFasta(2, length, seed: 12, idPrefix: "seq"));
        var table = _scratch.PathOf($"{architecture}.tsv");
        var (code, _, log) = CliHarness.Run("attribute", "-m", checkpoint, "-i", fasta, "--method", "deeplift", "--references", "2", "-o", table, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(File.ReadAllLines(table), Has.Length.EqualTo(1 + (2 * length)));
    }
}
