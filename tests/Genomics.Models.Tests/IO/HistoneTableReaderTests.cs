using System.Globalization;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

[TestFixture]
public sealed class HistoneTableReaderTests
{
    private static readonly HistoneTableOptions s_small = new() { BinCount = 3, MarkNames = ["m1", "m2"] };

    private ScratchFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new ScratchFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [TestCase("train.csv", 10, 5, "000003")]
    [TestCase("valid.csv", 10, 2, "132963")]
    [TestCase("test.csv", 9, 2, "172936")]
    public void Read_DeepChromeToyTablesHaveExpectedGenesAndLabels(string file, int genes, int high, string firstGene)
    {
        var dataset = HistoneTableReader.Read(SharedData.Path("deepchrome", file));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dataset.Count, Is.EqualTo(genes));
            Assert.That(dataset.Labels.Count(l => l == 1), Is.EqualTo(high));
            Assert.That(dataset.Labels.Count(l => l == 0), Is.EqualTo(genes - high));
            Assert.That(dataset.GeneIds[0], Is.EqualTo(firstGene));
            Assert.That(dataset.BinCount, Is.EqualTo(100));
            Assert.That(dataset.MarkNames, Is.EqualTo(new[] { "H3K27me3", "H3K36me3", "H3K4me1", "H3K4me3", "H3K9me3" }));
            Assert.That(dataset.Tracks, Has.Length.EqualTo(genes * 5 * 100));
        }
    }

    [Test]
    public void Read_TrainValuesMatchTheFileText()
    {
        var path = SharedData.Path("deepchrome", "train.csv");
        var lines = File.ReadAllLines(path);
        var dataset = HistoneTableReader.Read(path);
        using (Assert.EnterMultipleScope())
        {
            // Line 2 is "000003,2,1,2,2,8,0,1": gene 0, bin 2, H3K4me3 (mark 3) = 8.
            Assert.That(lines[1], Is.EqualTo("000003,2,1,2,2,8,0,1"));
            Assert.That(dataset.GetValue(0, 3, 1), Is.EqualTo(8f));
            // Line 150 is "000005,50,1,0,2,0,0,0": gene 1, bin 50, H3K27me3 = 1 and H3K4me1 = 2; label 0.
            Assert.That(lines[149], Is.EqualTo("000005,50,1,0,2,0,0,0"));
            Assert.That(dataset.GetValue(1, 0, 49), Is.EqualTo(1f));
            Assert.That(dataset.GetValue(1, 2, 49), Is.EqualTo(2f));
            Assert.That(dataset.Labels[1], Is.EqualTo(0));
            Assert.That(dataset.GeneIds[^1], Is.EqualTo("001167"));

            // Every value, checked against an independent split of each line.
            for (var row = 0; row < lines.Length; row++)
            {
                var fields = lines[row].Split(',');
                var gene = row / 100;
                Assert.That(dataset.GeneIds[gene], Is.EqualTo(fields[0]));
                Assert.That(int.Parse(fields[1], CultureInfo.InvariantCulture), Is.EqualTo((row % 100) + 1));
                Assert.That(dataset.Labels[gene], Is.EqualTo(int.Parse(fields[7], CultureInfo.InvariantCulture)));
                for (var mark = 0; mark < 5; mark++)
                {
                    Assert.That(dataset.GetValue(gene, mark, row % 100), Is.EqualTo(float.Parse(fields[mark + 2], CultureInfo.InvariantCulture)));
                }
            }
        }
    }

    [Test]
    public void Read_TestLastRowValues()
    {
        // The last line of test.csv is "172969,100,35,44,12,72,104,0".
        var dataset = HistoneTableReader.Read(SharedData.Path("deepchrome", "test.csv"));
        var last = Enumerable.Range(0, 5).Select(mark => dataset.GetValue(8, mark, 99)).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dataset.GeneIds[8], Is.EqualTo("172969"));
            Assert.That(last, Is.EqualTo(new float[] { 35, 44, 12, 72, 104 }));
        }
    }

    [Test]
    public void Read_AttentiveChromeToyTableUsesTheSameFormat()
    {
        var dataset = HistoneTableReader.Read(SharedData.Path("attentivechrome", "test.csv"));
        Assert.That(dataset.Count, Is.EqualTo(10));
    }

    [Test]
    public void Read_CustomBinCountAndMarksAndGzip()
    {
        var path = _folder.WriteGzip("small.csv", "g1,1,1,2,1\ng1,2,3,4,1\ng1,3,5,6.5,1\n\n007,1,0,0,0\n007,2,0,1e2,0\n007,3,0,0,0\n");
        var dataset = HistoneTableReader.Read(path, s_small);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dataset.GeneIds, Is.EqualTo(new[] { "g1", "007" }));
            Assert.That(dataset.Labels, Is.EqualTo(new[] { 1, 0 }));
            Assert.That(dataset.MarkNames, Is.EqualTo(new[] { "m1", "m2" }));
            Assert.That(dataset.Tracks, Is.EqualTo(new float[] { 1, 3, 5, 2, 4, 6.5f, 0, 0, 0, 0, 100, 0 }), "(N, C, L) order");
        }
    }

    [TestCase("g1,1,1,2,1\ng1,2,3,4\n", 2, "expected 5 comma-separated columns")]
    [TestCase("g1,1,1,2,1\ng1,2,3,4,1,9\n", 2, "found more")]
    [TestCase("g1,1,1,2,1\ng1,2,x,4,1\n", 2, "value 'x' for mark m1")]
    [TestCase("g1,1,1,2,1\ng1,2,1,NaN,1\n", 2, "mark m2")]
    [TestCase("g1,1,1,2,1\ng1,two,1,2,1\n", 2, "bin id 'two'")]
    [TestCase("g1,1,1,2,1\ng1,3,1,2,1\n", 2, "bin id 3 for gene 'g1'; expected bin 2")]
    [TestCase("g1,2,1,2,1\n", 1, "expected bin 1")]
    [TestCase("g1,1,1,2,1\ng1,2,1,2,0\n", 2, "disagrees with label 1 on line 1")]
    [TestCase("g1,1,1,2,1\ng1,2,1,2,1.5\n", 2, "label '1.5'")]
    [TestCase("g1,1,1,2,1\ng1,2,1,2,1\ng2,1,1,2,1\n", 3, "gene 'g1' ends after 2 bins")]
    [TestCase("g1,1,1,2,1\ng1,2,1,2,1\ng1,3,1,2,1\ng1,4,1,2,1\n", 4, "at most 3 bins")]
    [TestCase("g1,1,1,2,1\ng1,2,1,2,1\ng1,3,1,2,1\ng2,1,1,2,1\ng2,2,1,2,1\ng2,3,1,2,1\ng1,1,1,2,1\n", 7, "appears again (first at line 1)")]
    [TestCase("g1,1,1,2,1\ng1,2,1,2,1\ng1,3,1,2,1\ng2,1,1,2,1\n", 4, "at the end of the file")]
    [TestCase(",1,1,2,1\n", 1, "gene id")]
    public void Read_MalformedTableNamesFileAndLine(string text, int line, string reason)
    {
        var path = _folder.WriteText("bad.csv", text);
        Assert.That(() => HistoneTableReader.Read(path, s_small), Throws.TypeOf<DataFormatException>()
            .With.Message.StartsWith($"{path}:{line}: ").And.Message.Contains(reason));
    }

    [Test]
    public void Read_DefaultOptionsRejectAShortRowOfTheRealFormat()
    {
        var path = _folder.WriteText("short.csv", "000003,1,0,1,0,2,1\n");
        Assert.That(
            () => HistoneTableReader.Read(path),
            DataErrors.At(path, 1));
    }

    [Test]
    public void Read_EmptyFileIsAnError()
    {
        var path = _folder.WriteText("empty.csv", "\n");
        Assert.That(() => HistoneTableReader.Read(path), Throws.TypeOf<DataFormatException>().With.Message.EqualTo($"{path}: the table has no rows."));
    }

    [Test]
    public void Read_InvalidOptionsThrowWithPropertyNames()
    {
        var path = SharedData.Path("deepchrome", "test.csv");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => HistoneTableReader.Read(path, new HistoneTableOptions { BinCount = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("BinCount"));
            Assert.That(() => HistoneTableReader.Read(path, new HistoneTableOptions { MarkNames = [] }), Throws.ArgumentException.With.Property("ParamName").EqualTo("MarkNames"));
            Assert.That(() => HistoneTableReader.Read(path, new HistoneTableOptions { MarkNames = ["a", "a"] }), Throws.ArgumentException.With.Property("ParamName").EqualTo("MarkNames"));
            Assert.That(() => HistoneTableReader.Read(string.Empty), Throws.ArgumentException.With.Property("ParamName").EqualTo("path"));
        }
    }
}
