using Genomics.Interpret.Asmm;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Asmm;

public sealed class AsmmTableReaderTests
{
    [Test]
    public void Read_BassetDemoTable_Has1497SamplesOf600Bases()
    {
        var table = AsmmTableReader.Read(SharedData.Path("deepasmm", "basset_8988T.csv"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(table.Count, Is.EqualTo(1497));
            Assert.That(table.SubSequenceCount, Is.EqualTo(1));
            Assert.That(table.SubSequenceLength, Is.EqualTo(600));
            Assert.That(table.Records[0].Sequences[0], Does.StartWith("ATGCGCTCTCAAGAAAGG"));
            Assert.That(table.Records.All(r => r.Labels.SequenceEqual([1.0])), Is.True);
            Assert.That(table.Records[0].Line, Is.EqualTo(2));
        }
    }

    [Test]
    public void Read_ListLiteralCells_GiveSubSequences()
    {
        var text = "Seqs,Labels\n\"['acgt','TTNA']\",\"[1, 0.5]\"\n\"['GGGG', 'CCCC']\",0\n";
        var table = AsmmTableReader.Read(new StringReader(text), "t.csv");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(table.SubSequenceCount, Is.EqualTo(2));
            Assert.That(table.Records[0].Sequences, Is.EqualTo(new[] { "ACGT", "TTNA" }));
            Assert.That(table.Records[0].Labels, Is.EqualTo(new[] { 1.0, 0.5 }));
            Assert.That(table.Records[1].Sequences, Is.EqualTo(new[] { "GGGG", "CCCC" }));
        }
    }

    [Test]
    public void Read_TabSeparatedWithoutHeader_UsesFirstTwoColumns()
    {
        var table = AsmmTableReader.Read(new StringReader("ACGT\t1\textra\nTTTT\t0\n"), "t.txt");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(table.Count, Is.EqualTo(2));
            Assert.That(table.Records[1].Sequences[0], Is.EqualTo("TTTT"));
            Assert.That(table.Records[1].Line, Is.EqualTo(2));
        }
    }

    [Test]
    public void Read_HeaderInOtherOrder_FindsColumnsByName()
    {
        var table = AsmmTableReader.Read(new StringReader("Label,Sequence\n1,ACGT\n"), "t.csv");
        Assert.That(table.Records[0].Sequences[0], Is.EqualTo("ACGT"));
    }

    [TestCase("Seqs,Labels\nACGT,1\nACXT,1\n", 3, "Invalid base 'X'")]
    [TestCase("Seqs,Labels\nACGT,1\nACG,1\n", 3, "length 3")]
    [TestCase("Seqs,Labels\nACGT,1\nACGT,yes\n", 3, "not a number")]
    [TestCase("Seqs,Labels\nACGT\n", 2, "at least 2 fields")]
    [TestCase("Seqs,Labels\n\"['ACGT','ACGT']\",1\nACGT,1\n", 3, "sub-sequence")]
    [TestCase("Seqs,Labels\n\"ACGT,1\n", 2, "not closed")]
    public void Read_MalformedRow_ThrowsDataFormatExceptionWithLine(string text, int line, string reason)
    {
        var ex = Assert.Throws<DataFormatException>(() => AsmmTableReader.Read(new StringReader(text), "bad.csv"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.File, Is.EqualTo("bad.csv"));
            Assert.That(ex.Line, Is.EqualTo(line));
            Assert.That(ex.Reason, Does.Contain(reason));
        }
    }

    [Test]
    public void Read_EmptyOrHeaderOnly_Throws()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => AsmmTableReader.Read(new StringReader(""), "e.csv"), Throws.TypeOf<DataFormatException>());
            Assert.That(() => AsmmTableReader.Read(new StringReader("Seqs,Labels\n"), "e.csv"), Throws.TypeOf<DataFormatException>());
        }
    }

    [Test]
    public void Read_ExcelWorkbook_IsRejectedWithAdvice() =>
        Assert.That(() => AsmmTableReader.Read("table.xlsx"), Throws.TypeOf<DataFormatException>().With.Message.Contains("CSV"));

    [Test]
    public void Read_MissingFile_ThrowsFileNotFound() =>
        Assert.That(() => AsmmTableReader.Read(Path.Combine(Path.GetTempPath(), "no-such-asmm-table.csv")), Throws.TypeOf<FileNotFoundException>());
}
