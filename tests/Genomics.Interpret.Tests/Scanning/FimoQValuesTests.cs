using Genomics.TestKit;
using System.Text.Json;
using System.Text.Json.Serialization;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Scanning;
using Genomics.Interpret.Statistics;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Scanning;

/// <summary>
/// The scanner's q-values against fimo_qvalue_reference.json, written by tools/reference/fimo_qvalue_reference.py:
/// FIMO's storing, counting, sampling and q-value steps in Python, with the C library's own drand48 for the bootstrap.
/// </summary>
public sealed class FimoQValuesTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        FimoQValueReference.Instance.Cases.Select(c => new TestCaseData(c.Name).SetName($"FIMO q-values: {c.Name}"));

    [TestCaseSource(nameof(Cases))]
    public void QValues_MatchFimosProcedure(string name)
    {
        // Cases run in file order on one stream, restarted where the reference restarts it (a new fimo run).
        Drand48? random = null;
        foreach (var c in FimoQValueReference.Instance.Cases)
        {
            random = c.Fresh ? new Drand48() : random!;
            var (kept, q) = Run(c, random);
            if (c.Name != name)
            {
                continue;
            }

            using (Assert.EnterMultipleScope())
            {
                Assert.That(kept, Is.EqualTo(c.KeptWindows), "stored hits");
                Assert.That(q, Is.EqualTo(c.Qvalues), "q-values");
                Assert.That(q, Is.Not.Empty);
            }

            if (c.Method == "storey" && c.WindowPvalues.Length > StoreyQValues.MinimumCount)
            {
                Assert.That(c.Pi0, Is.LessThan(0.95), "a case with a share of alternatives must estimate π₀ < 1");
            }

            return;
        }

        Assert.Fail($"No case {name}.");
    }

    [Test]
    public void Scanner_QValuesAreFimosOverItsOwnWindows()
    {
        // Every window stored (threshold 1): π₀ comes from all of them, and each hit's q-value is FIMO's.
        var motif = new Motif("m", PositionProbabilityMatrix.FromConsensus("TGACTCA"));
        var random = new Random(11);
        var sequence = new string(Enumerable.Range(0, 400).Select(_ => "ACGT"[random.Next(4)]).ToArray()) + "TGACTCA" + "TGAGTCA";
        var scanner = new MotifScanner(motif, new MotifScanOptions { PValueThreshold = 1, ComputeQValues = true });
        var hits = scanner.Scan(sequence);
        var windows = new PValueReservoir();
        foreach (var hit in hits)
        {
            windows.Add(hit.PValue);
        }

        var expected = FimoQValues.Compute(hits.Select(h => h.PValue).ToArray(), windows, QValueMethod.Storey, new Drand48());
        var pi0 = StoreyQValues.EstimatePi0(hits.Select(h => h.PValue).Order().ToArray(), new Drand48());
        var bh = new MotifScanner(motif, new MotifScanOptions { PValueThreshold = 1, ComputeQValues = true, QValues = QValueMethod.BenjaminiHochberg }).Scan(sequence);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hits, Has.Count.EqualTo(2 * (sequence.Length - 6)));
            Assert.That(hits.Select(h => h.QValue!.Value), Is.EqualTo(expected));
            Assert.That(pi0, Is.LessThan(1), "uniform random windows against one motif estimate π₀ below 1 here");
            Assert.That(bh.Zip(hits).All(x => x.First.QValue >= x.Second.QValue), Is.True, "π₀ ≤ 1 only lowers q-values");
        }
    }

    [Test]
    public void Scanner_SharedBootstrapContinuesFromScanToScan()
    {
        var random = new Random(3);
        var sequences = EncodedSequences.FromStrings([new string(Enumerable.Range(0, 3000).Select(_ => "ACGT"[random.Next(4)]).ToArray())]);
        var options = new MotifScanOptions { PValueThreshold = 0.01, ComputeQValues = true };
        var first = new MotifScanner(new Motif("a", PositionProbabilityMatrix.FromConsensus("TGACTCA")), options);
        var second = new MotifScanner(new Motif("b", PositionProbabilityMatrix.FromConsensus("CACGTG")), options);
        var shared = new Drand48();
        var firstHits = first.Scan(sequences, shared);
        var afterFirst = shared.State;
        var secondHits = second.Scan(sequences, shared);
        var skipped = new Drand48();
        skipped.Skip(StoreyQValues.DrawsPerEstimate);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstHits, Is.EqualTo(first.Scan(sequences)), "a new generator is the start of a run");
            Assert.That(afterFirst, Is.EqualTo(skipped.State), "one π₀ estimate draws 100 × 1000 values");
            Assert.That(secondHits, Is.EqualTo(second.Scan(sequences, skipped)));
            Assert.That(secondHits, Is.Not.Empty);
        }
    }

    [Test]
    public void MaxStoredScores_KeepsTheMostSignificantHits()
    {
        var random = new Random(8);
        var sequence = new string(Enumerable.Range(0, 3000).Select(_ => "ACGT"[random.Next(4)]).ToArray());
        var motif = new Motif("m", PositionProbabilityMatrix.FromConsensus("TGACTCA"));
        var all = new MotifScanner(motif, new MotifScanOptions { PValueThreshold = 0.2 }).Scan(sequence);
        var capped = new MotifScanner(motif, new MotifScanOptions { PValueThreshold = 0.2, MaxStoredScores = 50 }).Scan(sequence);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(all, Has.Count.GreaterThan(100));
            Assert.That(capped, Has.Count.InRange(1, 50));
            Assert.That(all.Where(h => h.PValue <= capped.Max(c => c.PValue)), Is.EqualTo(capped), "the kept hits are every hit up to the largest p-value kept");
            Assert.That(new MotifScanner(motif, new MotifScanOptions { PValueThreshold = 0.2, MaxStoredScores = all.Count }).Scan(sequence), Is.EqualTo(all));
            Assert.That(() => new MotifScanOptions { MaxStoredScores = 0 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("MaxStoredScores"));
            Assert.That(() => new MotifScanOptions { QValues = (QValueMethod)7 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("QValues"));
            Assert.That(() => new MotifScanner(motif).Scan(EncodedSequences.FromStrings([sequence]), null!), Throws.ArgumentNullException);
        }
    }

    private static (int[] Kept, double[] Q) Run(FimoQValueCase c, Drand48 random)
    {
        var windows = new PValueReservoir();
        var hitWindows = new List<int>();
        for (var w = 0; w < c.WindowPvalues.Length; w++)
        {
            windows.Add(c.WindowPvalues[w]);
            if (c.WindowPvalues[w] <= c.Threshold)
            {
                hitWindows.Add(w);
            }
        }

        var hitP = hitWindows.ConvertAll(w => c.WindowPvalues[w]);
        if (FimoQValues.KeepStored(hitP, c.MaxStored) is { } kept)
        {
            hitWindows = kept.ConvertAll(i => hitWindows[i]);
        }

        var method = c.Method == "bh" ? QValueMethod.BenjaminiHochberg : QValueMethod.Storey;
        var q = FimoQValues.Compute(hitWindows.ConvertAll(w => c.WindowPvalues[w]), windows, method, random);
        return ([.. hitWindows], q);
    }
}

/// <summary>The values in fimo_qvalue_reference.json beside this file.</summary>
internal sealed record FimoQValueReference([property: JsonPropertyName("cases")] FimoQValueCase[] Cases)
{
    private static readonly Lazy<FimoQValueReference> s_instance = new(() => RepositoryFiles.ReadSnakeCaseJson<FimoQValueReference>("tests", "Genomics.Interpret.Tests", "Scanning", "fimo_qvalue_reference.json"));

    public static FimoQValueReference Instance => s_instance.Value;
}

/// <summary>One scan of the reference: window p-values in scan order, settings, and FIMO's stored hits and q-values.</summary>
internal sealed record FimoQValueCase(
    string Name,
    double Threshold,
    int? MaxStored,
    string Method,
    bool Fresh,
    double[] WindowPvalues,
    int[] KeptWindows,
    double Pi0,
    double[] Qvalues);
