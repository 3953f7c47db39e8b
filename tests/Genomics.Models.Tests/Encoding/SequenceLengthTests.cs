using Genomics.Models.Encoding;
using NUnit.Framework;

namespace Genomics.Models.Tests.Encoding;

[TestFixture]
public sealed class SequenceLengthTests
{
    [TestCase("ACGTAC", 4, FitAlignment.Left, "ACGT")]
    [TestCase("ACGTAC", 4, FitAlignment.Right, "GTAC")]
    [TestCase("ACGTAC", 4, FitAlignment.Centre, "CGTA")]
    [TestCase("ACGTA", 2, FitAlignment.Centre, "CG")]
    [TestCase("ACGTA", 4, FitAlignment.Centre, "ACGT")]
    [TestCase("ACGTA", 0, FitAlignment.Centre, "")]
    public void Fit_CropsOnTheDocumentedSide(string sequence, int length, FitAlignment alignment, string expected)
    {
        Assert.That(SequenceLength.Fit(sequence, length, alignment), Is.EqualTo(expected));
    }

    [TestCase("AC", 4, FitAlignment.Left, "ACNN")]
    [TestCase("AC", 4, FitAlignment.Right, "NNAC")]
    [TestCase("AC", 4, FitAlignment.Centre, "NACN")]
    [TestCase("AC", 5, FitAlignment.Centre, "NACNN")]
    [TestCase("", 3, FitAlignment.Centre, "NNN")]
    public void Fit_PadsOnTheDocumentedSide(string sequence, int length, FitAlignment alignment, string expected)
    {
        Assert.That(SequenceLength.Fit(sequence, length, alignment), Is.EqualTo(expected));
    }

    [Test]
    public void Fit_UsesThePadCharacter()
    {
        Assert.That(SequenceLength.Fit("AC", 4, FitAlignment.Left, '-'), Is.EqualTo("AC--"));
    }

    [Test]
    public void Fit_ExactLengthReturnsTheSameString()
    {
        const string Sequence = "ACGT";
        Assert.That(SequenceLength.Fit(Sequence, 4, FitAlignment.Centre), Is.SameAs(Sequence));
    }

    [Test]
    public void Fit_CentreCropMatchesIntegerDivisionStart()
    {
        var sequence = new string(Enumerable.Range(0, 17).Select(i => "ACGT"[i % 4]).ToArray());
        for (var length = 0; length <= sequence.Length; length++)
        {
            var start = (sequence.Length - length) / 2;
            Assert.That(SequenceLength.Fit(sequence, length, FitAlignment.Centre), Is.EqualTo(sequence.Substring(start, length)), $"length {length}");
        }
    }

    [Test]
    public void Fit_ListFitsEverySequence()
    {
        Assert.That(SequenceLength.Fit(["A", "ACGTAC", "ACG"], 3, FitAlignment.Right), Is.EqualTo(new[] { "NNA", "TAC", "ACG" }));
    }

    [Test]
    public void Fit_InvalidArgumentsThrowWithParameterNames()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => SequenceLength.Fit((string)null!, 3, FitAlignment.Left), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("sequence"));
            Assert.That(() => SequenceLength.Fit("ACG", -1, FitAlignment.Left), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("length"));
            Assert.That(() => SequenceLength.Fit("ACG", 2, (FitAlignment)42), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("alignment"));
            Assert.That(() => SequenceLength.Fit(new[] { "A", null! }, 2, FitAlignment.Left), Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
        }
    }
}
