using Genomics.Models.Augmentation;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;
using NUnit.Framework.Constraints;

namespace Genomics.Models.Tests.Augmentation;

public sealed class OrthologTableTests
{
    /// <summary>A <see cref="DataFormatException"/> at "file:line: " whose reason mentions <paramref name="reason"/>.</summary>
    private static IResolveConstraint At(string file, int line, string reason) =>
        Throws.TypeOf<DataFormatException>()
            .With.Message.StartsWith($"{file}:{line}: ")
            .And.Message.Contains(reason)
            .And.Property(nameof(DataFormatException.File)).EqualTo(file)
            .And.Property(nameof(DataFormatException.Line)).EqualTo(line);

    [Test]
    public void Load_DeepDifEFiles_HasThePublishedCounts()
    {
        var table = DeepDifEOrthologs.Table;
        var bySpecies = table.Promoters.GroupBy(p => p.Species).ToDictionary(g => g.Key, g => g.Count());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bySpecies, Is.EqualTo(new Dictionary<string, int> { ["aly"] = 1453, ["chi"] = 576, ["cru"] = 765 }));
            Assert.That(table.Count, Is.EqualTo(2794));
            Assert.That(table.Promoters.Count(p => p.Label == 1) / 2794.0, Is.EqualTo(0.54).Within(0.01), "about 54 % labelled 1");
            Assert.That(table.Unmapped, Is.Empty, "every ortholog promoter is in its species' map");
            Assert.That(table.ThalianaGenes, Has.Count.EqualTo(1632));
            Assert.That(table.SequenceLength, Is.EqualTo(600));
            Assert.That(table.Promoters.Select(p => p.Sequence), Is.All.Matches<string>(s => s.All("ACGTN".Contains)));
        }
    }

    [Test]
    public void OrthologsOf_ReturnsTheMappedPromotersOfEachSpecies()
    {
        var table = DeepDifEOrthologs.Table;
        var first = table.Promoters[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(first with { GeneId = "AL1G34890", Species = "aly", ThalianaGeneId = "AT1G21720", Label = 0 }));
            Assert.That(first.Sequence, Does.StartWith("AACTGACACCTAAACTCCACTGCAGAGTGG"));
            Assert.That(table.OrthologsOf("AT1G21720"), Does.Contain(first));
            Assert.That(table.OrthologsOf("AT2G25740").Select(p => p.GeneId), Does.Contain("Carub.0004s0553"), "ids with dots keep everything before the last '_'");
            Assert.That(table.OrthologsOf("AT9G99999"), Is.Empty);
            Assert.That(table.ThalianaGenes.Max(g => table.OrthologsOf(g).Count), Is.EqualTo(3), "at most one ortholog per species");
        }
    }

    [Test]
    public void ForTraining_KeepsOnlyOrthologsOfTrainingGenes_SoNoHeldOutGeneLeaks()
    {
        var (train, valid, test) = DeepDifEOrthologs.Split;
        var table = DeepDifEOrthologs.Table;
        var filtered = table.ForTraining(train, valid, test);
        var heldOut = valid.Concat(test).ToHashSet(StringComparer.Ordinal);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(valid, Is.Not.Empty);
            Assert.That(test, Is.Not.Empty);
            Assert.That(filtered.Promoters.Select(p => p.ThalianaGeneId), Has.None.Matches<string>(heldOut.Contains), "no ortholog of a validation or test gene");
            Assert.That(heldOut.Select(g => filtered.OrthologsOf(g).Count), Is.All.Zero);
            Assert.That(filtered.Count, Is.EqualTo(train.Sum(g => table.OrthologsOf(g).Count)), "every ortholog of a training gene kept");
            Assert.That(filtered.ThalianaGenes, Is.EquivalentTo(train));
        }
    }

    [Test]
    public void ForTraining_RejectsAGeneInTwoSets()
    {
        var table = DeepDifEOrthologs.Table;
        Assert.That(() => table.ForTraining(["AT1G21720"], ["AT1G21720"], []), Throws.ArgumentException.With.Message.Contains("AT1G21720").And.Property("ParamName").EqualTo("validationGenes"));
        Assert.That(() => table.ForTraining([], ["A"], ["A"]), Throws.ArgumentException.With.Property("ParamName").EqualTo("testGenes"));
    }

    [Test]
    public void Load_KeepsUnmappedPromoters_WithoutAnAThalianaGene()
    {
        using var folder = new ScratchFolder();
        var fasta = folder.WriteText("sp.tss.fasta", ">G1_1\nACGT\n>G2_0\nacgn\n");
        var map = folder.WriteText("ath_sp.txt", "AT1\tG1\n");
        var table = OrthologTable.Load([new OrthologSource("sp", fasta, map)]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(table.Promoters, Is.EqualTo(new[] { new OrthologPromoter("G1", "sp", "AT1", 1, "ACGT"), new OrthologPromoter("G2", "sp", null, 0, "ACGN") }));
            Assert.That(table.Unmapped.Select(p => p.GeneId), Is.EqualTo(new[] { "G2" }));
            Assert.That(table.ThalianaGenes, Is.EqualTo(new[] { "AT1" }));
            Assert.That(table.ForTraining(["AT1"], [], []).Count, Is.EqualTo(1), "unmapped promoters never reach training");
        }
    }

    [TestCase(">G1\nACGT\n", 1, "GENEID_LABEL")]
    [TestCase(">G1_0\nACGT\n>G2_2\nACGT\n", 3, "must be 0 or 1")]
    [TestCase(">G1_0\nACGT\nACXT\n", 3, "invalid sequence character 'X' at column 3")]
    [TestCase(">G1_0\nACGT\n>G1_1\nACGT\n", 3, "already appeared on line 1")]
    [TestCase(">G1_0\nACGT\n>G2_1\nACG\n", 3, "has length 3")]
    [TestCase(">G1_0\n>G2_1\nACGT\n", 1, "no sequence")]
    [TestCase("ACGT\n>G1_0\nACGT\n", 1, "before the first")]
    public void Load_MalformedFasta_NamesFileAndLine(string text, int line, string reason)
    {
        using var folder = new ScratchFolder();
        var fasta = folder.WriteText("sp.tss.fasta", text);
        var map = folder.WriteText("ath_sp.txt", "AT1\tG1\n");
        Assert.That(() => OrthologTable.Load([new OrthologSource("sp", fasta, map)]), At(fasta, line, reason));
    }

    [TestCase("AT1\tG1\nAT2\n", 2, "two non-empty tab-separated fields")]
    [TestCase("AT1\tG1\n\nAT2\tG2\tX\n", 3, "found 3 field(s)")]
    [TestCase("AT1\tG1\nAT2\tG2\nAT3\tG1\n", 3, "on line 1")]
    public void Load_MalformedMap_NamesFileAndLine(string text, int line, string reason)
    {
        using var folder = new ScratchFolder();
        var fasta = folder.WriteText("sp.tss.fasta", ">G1_0\nACGT\n");
        var map = folder.WriteText("ath_sp.txt", text);
        Assert.That(() => OrthologTable.Load([new OrthologSource("sp", fasta, map)]), At(map, line, reason));
    }

    [Test]
    public void Load_ChecksLengthsAcrossFiles_AndRejectsBadSources()
    {
        using var folder = new ScratchFolder();
        var a = new OrthologSource("a", folder.WriteText("a.fa", ">G1_0\nACGT\n"), folder.WriteText("a.txt", "AT1\tG1\n"));
        var b = new OrthologSource("b", folder.WriteText("b.fa", ">H1_0\nACGTA\n"), folder.WriteText("b.txt", "AT1\tH1\n"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => OrthologTable.Load([a, b]), At(b.FastaPath, 1, $"{a.FastaPath}:1"));
            Assert.That(() => OrthologTable.Load([a, a]), Throws.ArgumentException.With.Message.Contains("distinct"));
            Assert.That(() => OrthologTable.Load([]), Throws.ArgumentException);
            Assert.That(() => OrthologTable.Load([a with { MapPath = folder.PathOf("missing.txt") }]), Throws.InstanceOf<FileNotFoundException>());
            Assert.That(() => OrthologTable.Load(folder.Root), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("aly"));
        }
    }

    [Test]
    public void OrthologSource_InFolder_UsesTheDeepDifEFileNames()
    {
        var source = OrthologSource.InFolder("/data", "cru");
        Assert.That(source, Is.EqualTo(new OrthologSource("cru", Path.Combine("/data", "cru.tss.fasta"), Path.Combine("/data", "ath_cru.txt"))));
    }
}
