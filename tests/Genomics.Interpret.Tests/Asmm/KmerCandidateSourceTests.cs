using Genomics.Interpret.Asmm;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Asmm;

public sealed class KmerCandidateSourceTests
{
    [Test]
    public void Locate_CountsOverlappingForwardOccurrences_InFirstOccurrenceOrder()
    {
        var background = AsmmBackground.FromSequences(["AAAAC", "CAAAA"]);
        var set = new KmerCandidateSource(2, 1).Locate(background);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set.Names, Is.EqualTo(new[] { "AA", "AC", "CA" }));
            Assert.That(set.OccurrenceCount(0), Is.EqualTo(6));
            Assert.That(set.OccurrenceSamples(0).ToArray(), Is.EqualTo(new[] { 0, 0, 0, 1, 1, 1 }));
            Assert.That(set.OccurrencePositions(0).ToArray(), Is.EqualTo(new[] { 0, 1, 2, 1, 2, 3 }));
            Assert.That(set.OccurrencePositions(2).ToArray(), Is.EqualTo(new[] { 0 }));
            Assert.That(set.Pattern(1).ToArray(), Is.EqualTo(new float[] { 1, 0, 0, 1, 0, 0, 0, 0 }));
        }
    }

    [Test]
    public void Locate_DropsKmersWithN_AndBelowMinimumCount()
    {
        var background = AsmmBackground.FromSequences(["ACGNACG", "ACGTTTT"]);
        var set = new KmerCandidateSource(3, 2).Locate(background);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set.Names, Is.EqualTo(new[] { "ACG", "TTT" }));
            Assert.That(set.OccurrenceCount(0), Is.EqualTo(3));
            Assert.That(set.OccurrencePositions(0).ToArray(), Is.EqualTo(new[] { 0, 4, 0 }));
        }
    }

    [Test]
    public void Locate_WindowsDoNotSpanSubSequences_PositionsAreInConcatenatedInput()
    {
        var background = AsmmBackground.FromSamples([["ACG", "TAC"]]);
        var set = new KmerCandidateSource(2, 1).Locate(background);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set.Names, Is.EqualTo(new[] { "AC", "CG", "TA" }));
            Assert.That(set.OccurrencePositions(0).ToArray(), Is.EqualTo(new[] { 0, 4 }));
            Assert.That(set.InputLength, Is.EqualTo(6));
        }
    }

    [Test]
    public void Locate_LongKmers_UseTheSparseTableWithTheSameSemantics()
    {
        var seq = "ACGTACGTACGTACGTACGT";
        var set = new KmerCandidateSource(12, 2).Locate(AsmmBackground.FromSequences([seq, seq]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set.Names, Is.EqualTo(new[] { "ACGTACGTACGT", "CGTACGTACGTA", "GTACGTACGTAC", "TACGTACGTACG" }));
            Assert.That(set.OccurrenceCount(0), Is.EqualTo(6));
        }
    }

    [Test]
    public void Locate_SequencesShorterThanK_Throw() =>
        Assert.That(() => new KmerCandidateSource(5).Locate(AsmmBackground.FromSequences(["ACGT"])),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("background"));

    [TestCase(0, 10, "length")]
    [TestCase(32, 10, "length")]
    [TestCase(8, 0, "minimumCount")]
    public void Constructor_RejectsBadArguments(int k, int minimum, string parameter) =>
        Assert.That(() => new KmerCandidateSource(k, minimum), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(parameter));

    [Test]
    public void Locate_PreCancelledToken_Throws() =>
        Assert.That(() => new KmerCandidateSource(2, 1).Locate(AsmmBackground.FromSequences(["ACGT"]), new CancellationToken(true)), Throws.InstanceOf<OperationCanceledException>());

    /// <summary>
    /// The original's Basset demo: its output lists 29,484 8-mers with their counts (independent of the model). The
    /// candidate set, its order and every count are reproduced exactly, and every occurrence really holds its k-mer.
    /// </summary>
    [Test]
    public void Locate_BassetDemo_ReproducesEveryMotifAndCountOfTheOriginalOutput()
    {
        var table = AsmmTableReader.Read(SharedData.Path("deepasmm", "basset_8988T.csv"));
        var expected = DeepAsmmResult.ReadCsv(SharedData.Path("deepasmm", "output.csv")).Motifs;
        var set = new KmerCandidateSource(8, 10).Locate(AsmmBackground.FromTable(table));
        var counts = Enumerable.Range(0, set.Count).Select(set.OccurrenceCount).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set.Count, Is.EqualTo(29484));
            Assert.That(set.Names, Is.EqualTo(expected.Select(m => m.Motif).ToArray()));
            Assert.That(counts, Is.EqualTo(expected.Select(m => m.Count).ToArray()));
            Assert.That(set.TotalOccurrences, Is.EqualTo(expected.Sum(m => m.Count)));
            for (var i = 0; i < set.Count; i += 997)
            {
                var xs = set.OccurrenceSamples(i);
                var zs = set.OccurrencePositions(i);
                for (var j = 0; j < xs.Length; j++)
                {
                    Assert.That(table.Records[xs[j]].Sequences[0].Substring(zs[j], 8), Is.EqualTo(set.Names[i]));
                }
            }
        }
    }

    /// <summary>
    /// The original's Basset demo ran to the end with the chunk-row synergy reference and 100 motifs per chunk. It ran
    /// with num_processor 8, so its locator recorded sample indices relative to slices of ⌈1497 / 8⌉ = 188 samples, and
    /// every such index is a row of its chunk's batch. With global indices (one processor) some occurrence lies past its
    /// chunk's batch, where the original fails.
    /// </summary>
    [Test]
    public void Locate_BassetDemo_SliceIndicesOfEightProcessorsAreRowsOfEveryChunksBatch_GlobalIndicesAreNot()
    {
        var table = AsmmTableReader.Read(SharedData.Path("deepasmm", "basset_8988T.csv"));
        var set = new KmerCandidateSource(8, 10).Locate(AsmmBackground.FromTable(table));
        int Tightest(int slice)
        {
            var tightest = int.MaxValue;
            for (var first = 0; first < set.Count; first += 100)
            {
                var chunk = Enumerable.Range(first, Math.Min(100, set.Count - first)).ToArray();
                var rows = chunk.Sum(set.OccurrenceCount);
                var largest = chunk.Max(m => set.OccurrenceSamples(m).ToArray().Max(x => x % slice));
                tightest = Math.Min(tightest, rows - largest);
            }

            return tightest;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Tightest(188), Is.GreaterThan(0), "num_processor 8");
            Assert.That(Tightest(1497), Is.LessThanOrEqualTo(0), "num_processor 1");
        }
    }
}
