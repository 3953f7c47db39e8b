using Genomics.Models.IO;
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

    [TestCase("deeplift")]
    [TestCase("ism")]
    public void AttributeInThreeShards_MergesToTheSingleRunsTableAndArrays_WithTheSameReferencesPerSequence(string method)
    {
        var fasta = _scratch.WriteText("shards.fa", TestSequences.RandomFasta(11, 82, seed: 5, idPrefix: "s"));
        var whole = _scratch.PathOf($"whole-{method}.tsv.gz");
        var merged = _scratch.PathOf($"merged-{method}.tsv.gz");
        string[] common = ["attribute", "-m", _checkpoint, "-i", fasta, "--method", method, "--references", "4", "--block-size", "2", "--chunk-size", "2", "--threads", "1"];
        var (wholeArrays, mergedArrays) = (_scratch.PathOf($"whole-{method}.npz"), _scratch.PathOf($"merged-{method}.npz"));
        var (code, _, log) = CliHarness.Run([.. common, "-o", whole, "--npz", wholeArrays]);
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        foreach (var shard in new[] { 2, 0, 1 })
        {
            var (c, _, l) = CliHarness.Run([.. common, "-o", merged, "--shard", $"{shard}/3", "--npz", mergedArrays]);
            Assert.That(c, Is.EqualTo(ExitCodes.Success), l);
        }

        var (mergeCode, _, mergeLog) = CliHarness.Run("merge", "-o", merged, "--npz", mergedArrays);
        Assert.That(mergeCode, Is.EqualTo(ExitCodes.Success), mergeLog);
        var (wholeText, mergedText) = (Gunzip(whole), Gunzip(merged));
        Assert.That(mergedText, Is.EqualTo(wholeText));
        Assert.That(NpzFile.Keys(mergedArrays), Is.EqualTo(NpzFile.Keys(wholeArrays)));
        foreach (var key in NpzFile.Keys(wholeArrays))
        {
            Assert.That(NpzFile.Read(mergedArrays, key).Shape, Is.EqualTo(NpzFile.Read(wholeArrays, key).Shape), key);
            Assert.That(NpzFile.Read(mergedArrays, key).ToSingleArray(), Is.EqualTo(NpzFile.Read(wholeArrays, key).ToSingleArray()), key);
        }

        File.Delete(Directory.EnumerateFiles(mergedArrays + ".parts").First());
        var (partsCode, _, partsError) = CliHarness.Run("merge", "-o", merged, "--npz", mergedArrays);
        Assert.That(partsCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(partsError, Does.Contain("are missing"));
        Assert.That(wholeText.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1 + (11 * 82)));

        // One call over all 11 sequences gives the same references, so the same values up to batch noise.
        var single = _scratch.PathOf($"single-{method}.tsv");
        var (singleCode, _, singleLog) = CliHarness.Run("attribute", "-m", _checkpoint, "-i", fasta, "--method", method, "--references", "4", "--threads", "1", "-o", single);
        Assert.That(singleCode, Is.EqualTo(ExitCodes.Success), singleLog);
        var contributions = (string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => double.Parse(l.Split('\t')[3], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.That(contributions(mergedText), Is.EqualTo(contributions(File.ReadAllText(single))).Within(1e-5));

        var (plotsCode, _, plotsError) = CliHarness.Run([.. common, "-o", merged, "--shard", "0/3", "--plots", _scratch.PathOf("plots")]);
        Assert.That(plotsCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(plotsError, Does.Contain("--shard"));
    }

    private static string Gunzip(string path)
    {
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress));
        return reader.ReadToEnd();
    }
}
