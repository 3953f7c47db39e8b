using Genomics.TestKit;
using System.Text.Json;
using System.Text.Json.Serialization;
using Genomics.Interpret.Statistics;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Statistics;

/// <summary>
/// <see cref="StoreyQValues"/> and <see cref="Drand48"/> against meme_qvalue_reference.json, written by
/// tools/reference/meme_qvalue_reference.py: MEME's procedure in Python with the C library's own drand48.
/// </summary>
public sealed class StoreyQValuesTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        MemeQValueReference.Instance.Cases.Select(c => new TestCaseData(c).SetName($"MEME q-values: {c.Name}"));

    [Test]
    public void Drand48_UnseededMatchesTheCLibrary()
    {
        var reference = MemeQValueReference.Instance;
        var random = new Drand48();
        var first = reference.Drand48First.Select(_ => random.NextDouble()).ToArray();
        var skipped = new Drand48();
        skipped.Skip(StoreyQValues.DrawsPerEstimate);
        var skippedState = skipped.State;
        var afterSkip = reference.Drand48After100000.Select(_ => skipped.NextDouble()).ToArray();
        var stepped = new Drand48();
        for (var i = 0; i < StoreyQValues.DrawsPerEstimate; i++)
        {
            stepped.NextDouble();
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(reference.Drand48First));
            Assert.That(afterSkip, Is.EqualTo(reference.Drand48After100000));
            Assert.That(skippedState, Is.EqualTo(stepped.State));
        }
    }

    [Test]
    public void Drand48_SkipEqualsDrawingOneByOne()
    {
        foreach (var count in new long[] { 0, 1, 2, 7, 1000, 123_457 })
        {
            var stepped = Drand48.FromSeed(42);
            for (var i = 0; i < count; i++)
            {
                stepped.NextDouble();
            }

            var skipped = Drand48.FromSeed(42);
            skipped.Skip(count);
            Assert.That(skipped.State, Is.EqualTo(stepped.State), $"skip {count}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Pi0AndQValues_MatchMemesProcedure(QValueCase c)
    {
        var random = new Drand48();
        if (c.Name == "second_query")
        {
            // The reference's second case continues the stream after the first case's estimate, as tomtom's second query does.
            random.Skip(StoreyQValues.DrawsPerEstimate);
        }

        var before = random.State;
        var pi0 = StoreyQValues.EstimatePi0(c.Pvalues, random);
        var q = new double[c.Pvalues.Length];
        StoreyQValues.FromSorted(c.Pvalues, pi0, c.Pvalues.Length, q);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pi0, Is.EqualTo(c.Pi0), "π₀");
            Assert.That(q, Is.EqualTo(c.Qvalues).Within(1e-15).Percent, "q-values");
            Assert.That(random.State == before, Is.EqualTo(c.Pvalues.Length <= StoreyQValues.MinimumCount), "draws only when π₀ is estimated");
        }

        if (c.Name is "mixed" or "second_query" or "tied")
        {
            Assert.That(pi0, Is.LessThan(0.8), "a constructed case with a share of alternatives must estimate π₀ < 1");
        }
    }

    [Test]
    public void Compute_PutsQValuesBackInInputOrder()
    {
        var c = MemeQValueReference.Instance.Cases.First(x => x.Name == "mixed");
        var shuffled = c.Pvalues.Select((p, i) => (p, i)).OrderBy(x => (x.i * 7919) % c.Pvalues.Length).ToArray();
        var q = StoreyQValues.Compute(shuffled.Select(x => x.p).ToArray());
        for (var k = 0; k < shuffled.Length; k++)
        {
            Assert.That(q[k], Is.EqualTo(c.Qvalues[shuffled[k].i]).Within(1e-15).Percent);
        }
    }

    [Test]
    public void PiZeroOfOne_IsBenjaminiHochberg()
    {
        double[] p = [0.001, 0.01, 0.02, 0.03, 0.5];
        var q = new double[p.Length];
        StoreyQValues.FromSorted(p, 1.0, p.Length, q);
        Assert.That(q, Is.EqualTo(new[] { 0.005, 0.025, 1.0 / 30 * 1.0, 0.0375, 0.5 }).Within(1e-12));
    }

    [Test]
    public void BadInput_IsRefused()
    {
        var q = new double[2];
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ArgumentException>(() => StoreyQValues.FromSorted([0.5, 0.1], 1, 2, q));
            Assert.Throws<ArgumentException>(() => StoreyQValues.FromSorted([0.1, 1.5], 1, 2, q));
            Assert.Throws<ArgumentOutOfRangeException>(() => StoreyQValues.FromSorted([0.1, 0.5], 0, 2, q));
            Assert.Throws<ArgumentException>(() => StoreyQValues.FromSorted([0.1, 0.5], 1, 1, q));
            Assert.Throws<ArgumentOutOfRangeException>(() => new Drand48().Skip(-1));
        }
    }
}

/// <summary>The values in meme_qvalue_reference.json beside this file.</summary>
internal sealed record MemeQValueReference(
    [property: JsonPropertyName("drand48_first")] double[] Drand48First,
    [property: JsonPropertyName("drand48_after_100000")] double[] Drand48After100000,
    [property: JsonPropertyName("cases")] QValueCase[] Cases)
{
    private static readonly Lazy<MemeQValueReference> s_instance = new(() => RepositoryFiles.ReadSnakeCaseJson<MemeQValueReference>("tests", "Genomics.Interpret.Tests", "Statistics", "meme_qvalue_reference.json"));

    public static MemeQValueReference Instance => s_instance.Value;
}

public sealed record QValueCase(string Name, double[] Pvalues, double Pi0, double? Lambda, double[] Qvalues)
{
    public override string ToString() => Name;
}
