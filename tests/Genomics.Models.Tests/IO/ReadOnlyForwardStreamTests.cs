using System.IO.Compression;
using Genomics.Models.IO;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

/// <summary>The read-only, forward-only streams share one set of stream members.</summary>
public sealed class ReadOnlyForwardStreamTests
{
    [Test]
    public void PrefixedStream_ReadsPrefixThenInnerThroughBothOverloadsAndRefusesEverythingElse()
    {
        using var stream = new PrefixedStream(new byte[] { 1, 2 }, new MemoryStream([3, 4, 5]), leaveOpen: false);
        var buffer = new byte[8];
        var first = stream.Read(buffer, 1, 1);
        var rest = stream.Read(buffer.AsSpan(2));
        var more = stream.Read(buffer.AsSpan(3));
        using (Assert.EnterMultipleScope())
        {
            Assert.That((first, rest, more), Is.EqualTo((1, 1, 3)));
            Assert.That(buffer[..6], Is.EqualTo(new byte[] { 0, 1, 2, 3, 4, 5 }));
            AssertReadOnlyForward(stream);
        }
    }

    [Test]
    public void VerifiedGzipStream_ReadsThroughTheArrayOverloadAndRefusesEverythingElse()
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("ACGT"u8);
        }

        compressed.Position = 0;
        using var stream = new VerifiedGzipStream(compressed, "test.gz", leaveOpen: false);
        var buffer = new byte[16];
        var n = stream.Read(buffer, 0, buffer.Length);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(buffer[..n], Is.EqualTo("ACGT"u8.ToArray()));
            Assert.That(stream.Read(buffer, 0, buffer.Length), Is.Zero);
            AssertReadOnlyForward(stream);
        }
    }

    private static void AssertReadOnlyForward(Stream stream)
    {
        Assert.That((stream.CanRead, stream.CanSeek, stream.CanWrite), Is.EqualTo((true, false, false)));
        Assert.That(() => stream.Length, Throws.InstanceOf<NotSupportedException>());
        Assert.That(() => stream.Position, Throws.InstanceOf<NotSupportedException>());
        Assert.That(() => stream.Position = 0, Throws.InstanceOf<NotSupportedException>());
        Assert.That(() => stream.Seek(0, SeekOrigin.Begin), Throws.InstanceOf<NotSupportedException>());
        Assert.That(() => stream.SetLength(0), Throws.InstanceOf<NotSupportedException>());
        Assert.That(() => stream.Write([1], 0, 1), Throws.InstanceOf<NotSupportedException>());
        Assert.That(stream.Flush, Throws.Nothing);
    }
}
