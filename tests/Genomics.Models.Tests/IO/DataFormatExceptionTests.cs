using Genomics.Models.IO;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

[TestFixture]
public sealed class DataFormatExceptionTests
{
    [Test]
    public void Message_NamesFileLineAndReason()
    {
        var error = new DataFormatException("data/x.bed", 12, "end is before start.");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Message, Is.EqualTo("data/x.bed:12: end is before start."));
            Assert.That(error.File, Is.EqualTo("data/x.bed"));
            Assert.That(error.Line, Is.EqualTo(12));
            Assert.That(error.Reason, Is.EqualTo("end is before start."));
        }
    }

    [Test]
    public void Message_WithoutLineOmitsIt()
    {
        var error = new DataFormatException("genome.fa", null, "the file is gzip-compressed.");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Message, Is.EqualTo("genome.fa: the file is gzip-compressed."));
            Assert.That(error.Line, Is.Null);
        }
    }
}
