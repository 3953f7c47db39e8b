using Genomics.Interpret.Asmm;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Asmm;

public sealed class DeepAsmmResultTests
{
    [Test]
    public void FromRawScores_MinMaxNormalisesAndWeightsByCount()
    {
        var result = DeepAsmmResult.FromRawScores(["A", "B", "C"], [10, 20, 30], [1.0, 3.0, 2.0], [5.0, 5.0, 5.0]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Motifs.Select(m => m.Autonomy), Is.EqualTo(new[] { 0.0, 0.5, 0.5 }).Within(1e-12));
            Assert.That(result.Motifs.Select(m => m.Synergy), Is.EqualTo(new[] { 0.0, 0.0, 0.0 }), "a constant vector normalises to 0");
            Assert.That(result.RankedByAutonomy()[0].Motif, Is.EqualTo("B"));
        }
    }

    [Test]
    public void WriteCsv_ThenReadCsv_RoundTripsExactly()
    {
        using var folder = new ScratchFolder();
        var path = folder.PathOf("output.csv");
        var result = DeepAsmmResult.FromRawScores(["ACGT", "TTTT"], [11, 32], [0.1 / 3, 1e-9], [271.6560780843099, 2.5]);
        result.WriteCsv(path);
        var back = DeepAsmmResult.ReadCsv(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadLines(path).First(), Is.EqualTo("Motifs,Motif_count,Af_score,Scs_score,Autonomous_functionality_score,Seqence_context_synergy_score"));
            Assert.That(back.Motifs, Is.EqualTo(result.Motifs));
            Assert.That(Directory.GetFiles(folder.Root), Has.Length.EqualTo(1), "no temporary file is left behind");
        }
    }

    [Test]
    public void ReadCsv_OriginalOutput_Has29484Rows()
    {
        var result = DeepAsmmResult.ReadCsv(SharedData.Path("deepasmm", "output.csv"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Motifs, Has.Count.EqualTo(29484));
            Assert.That(result.RankedByAutonomy()[0].Motif, Is.EqualTo("CCCCGCCC"));
            Assert.That(result.RankedBySynergy()[0].Motif, Is.EqualTo("CCAGCTGC"));
        }
    }

    [Test]
    public void ReadCsv_BadRow_NamesFileAndLine()
    {
        using var folder = new ScratchFolder();
        var path = folder.PathOf("bad.csv");
        File.WriteAllText(path, string.Join(',', DeepAsmmResult.Columns) + "\nACGT,x,1,2,3,4\n");
        var ex = Assert.Throws<DataFormatException>(() => DeepAsmmResult.ReadCsv(path));
        Assert.That(ex!.Line, Is.EqualTo(2));
    }
}
