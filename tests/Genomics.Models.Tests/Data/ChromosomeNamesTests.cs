using Genomics.Models.Data;
using NUnit.Framework;

namespace Genomics.Models.Tests.Data;

[TestFixture]
public sealed class ChromosomeNamesTests
{
    [TestCase("chr16-123-456", "chr16")]
    [TestCase("chr1:10-20", "chr1")]
    [TestCase("chr1:10-20(+)", "chr1")]
    [TestCase("chrX:5", "chrX")]
    [TestCase("2L-100-200", "2L")]
    [TestCase("HLA-DRB1-10-20", "HLA-DRB1")]
    public void Parse_ReturnsTheChromosomePart(string regionName, string expected) =>
        Assert.That(ChromosomeNames.Parse(regionName), Is.EqualTo(expected));

    [TestCase("chr1")]
    [TestCase("chr1-10")]
    [TestCase("chr1-10-x")]
    [TestCase(":10-20")]
    [TestCase("-10-20")]
    [TestCase("")]
    [TestCase(null)]
    public void TryParse_ReturnsFalseForUnrecognisedNames(string? regionName)
    {
        var parsed = ChromosomeNames.TryParse(regionName, out var chromosome);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed, Is.False);
            Assert.That(chromosome, Is.Empty);
        }
    }

    [Test]
    public void Parse_ThrowsWithTheNameInTheMessage() =>
        Assert.That(
            () => ChromosomeNames.Parse("peak_17"),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("regionName")
                .And.Message.Contains("peak_17"));

    [Test]
    public void ParseAll_ReportsTheIndexOfAnUnrecognisedName() =>
        Assert.That(
            () => ChromosomeNames.ParseAll(["chr1-1-2", "chr2:3-4", "bad"]),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("regionNames")
                .And.Message.Contains("index 2"));
}
