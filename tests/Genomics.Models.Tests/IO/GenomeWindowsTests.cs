using Genomics.Models.IO;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

public sealed class GenomeWindowsTests
{
    private static readonly FastaIndex Index = new([
        new FastaIndexEntry("chr1", 25, 6, 10, 11),
        new FastaIndexEntry("chr2", 7, 40, 10, 11),
        new FastaIndexEntry("chr3", 10, 60, 10, 11),
    ]);

    [Test]
    public void Tiles_EachSequence_LeavingOutWindowsPastItsEnd()
    {
        var windows = GenomeWindows.Tile(Index, 10, 5).ToList();
        Assert.That(windows.Select(w => w.Name), Is.EqualTo(new[] { "chr1:0-10", "chr1:5-15", "chr1:10-20", "chr1:15-25", "chr3:0-10" }));
        Assert.That(GenomeWindows.Count(Index, 10, 5), Is.EqualTo(windows.Count));
    }

    [Test]
    public void KeepLast_AddsOneWindowFlushWithTheEnd()
    {
        var windows = GenomeWindows.Tile(Index, 10, 10, keepLast: true).Select(w => (w.Chrom, w.Start, w.End)).ToList();
        Assert.That(windows, Is.EqualTo(new[] { ("chr1", 0L, 10L), ("chr1", 10L, 20L), ("chr1", 15L, 25L), ("chr3", 0L, 10L) }));
        Assert.That(GenomeWindows.Count(Index, 10, 10, keepLast: true), Is.EqualTo(4));
        Assert.That(GenomeWindows.Count(Index, 10, 10), Is.EqualTo(3));
    }

    [Test]
    public void ChosenSequences_InTheirOrder_AndUnknownNamesRefused()
    {
        Assert.That(GenomeWindows.Tile(Index, 5, 5, sequences: ["chr2", "chr1"]).Select(w => w.Chrom).Distinct(), Is.EqualTo(new[] { "chr2", "chr1" }));
        Assert.That(() => GenomeWindows.Tile(Index, 5, 5, sequences: ["chrX"]), Throws.ArgumentException.With.Message.Contain("chrX"));
        Assert.That(() => GenomeWindows.Tile(Index, 0, 5), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => GenomeWindows.Tile(Index, 5, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AHundredMillionWindows_AreCountedAndStartedWithoutBeingHeld()
    {
        var big = new FastaIndex([new FastaIndexEntry("big", 100_000_000_000, 5, 60, 61)]);
        Assert.That(GenomeWindows.Count(big, 1000, 1000), Is.EqualTo(100_000_000));
        Assert.That(GenomeWindows.Tile(big, 1000, 1000).Skip(99_999).First().Name, Is.EqualTo("big:99999000-100000000"));
    }
}
