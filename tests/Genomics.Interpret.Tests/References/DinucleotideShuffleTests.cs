using Genomics.Interpret.References;
using NUnit.Framework;
using TorchSharp;
using static Genomics.Interpret.Tests.References.ReferenceTestData;

namespace Genomics.Interpret.Tests.References;

[NonParallelizable]
public sealed class DinucleotideShuffleTests
{
    private static readonly DinucleotideShuffle s_shuffle = new();

    private static string[] RandomInputs(int count, int length, int seed, string alphabet = "ACGT")
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => RandomBases(random, length, alphabet)).ToArray();
    }

    [Test]
    public void Generate_KeepsEndsAndAllDinucleotideCounts()
    {
        var inputs = RandomInputs(6, 50, 1);
        using var x = OneHot(inputs);
        using var references = s_shuffle.Generate(x, 8, 42);
        Assert.That(references.shape, Is.EqualTo(new long[] { 6, 8, 4, 50 }));
        Assert.That(references.dtype, Is.EqualTo(torch.ScalarType.Float32));
        var decoded = Decode(references);
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                foreach (var reference in decoded[i])
                {
                    Assert.That(reference[0], Is.EqualTo(inputs[i][0]));
                    Assert.That(reference[^1], Is.EqualTo(inputs[i][^1]));
                    Assert.That(PairCounts(reference), Is.EquivalentTo(PairCounts(inputs[i])));
                    Assert.That(reference, Does.Not.Contain('N'));
                }
            }
        }
    }

    [Test]
    public void Generate_IsOneHotAndDiffersFromNonTrivialInput()
    {
        var inputs = RandomInputs(4, 100, 2);
        using var x = OneHot(inputs);
        using var references = s_shuffle.Generate(x, 5, 3);
        using var columnSums = references.sum(2);
        var decoded = Decode(references);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(columnSums.eq(1f).all().item<bool>(), Is.True);
            for (var i = 0; i < inputs.Length; i++)
            {
                Assert.That(decoded[i].Count(r => r != inputs[i]), Is.GreaterThanOrEqualTo(4));
            }
        }
    }

    [Test]
    public void ShuffleIndices_ProducesEveryValidShuffleUniformly()
    {
        // AACAGAT: A's exits are {A, C, G, T}; the last must be T, the other three in any order, so exactly
        // 3! = 6 sequences share its dinucleotide counts and ends.
        var input = "AACAGAT";
        var symbols = input.Select(c => (byte)"ACGT".IndexOf(c, StringComparison.Ordinal)).ToArray();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        const int Draws = 6000;
        for (var seed = 0; seed < Draws; seed++)
        {
            var shuffled = new string(DinucleotideShuffle.ShuffleIndices(symbols, seed).Select(s => "ACGT"[s]).ToArray());
            counts[shuffled] = counts.GetValueOrDefault(shuffled) + 1;
        }

        var expected = new[] { "AACAGAT", "AAGACAT", "ACAAGAT", "ACAGAAT", "AGAACAT", "AGACAAT" };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(counts.Keys, Is.EquivalentTo(expected));
            foreach (var count in counts.Values)
            {
                // Expected 1000 each; five standard deviations is about ±144.
                Assert.That(count, Is.InRange(850, 1150));
            }
        }
    }

    [Test]
    public void ShuffleIndices_MatchesGenerateForExampleZeroReferenceZero()
    {
        var input = RandomInputs(1, 40, 4)[0];
        using var x = OneHot(input);
        using var references = s_shuffle.Generate(x, 1, 99);
        var symbols = input.Select(c => (byte)"ACGT".IndexOf(c, StringComparison.Ordinal)).ToArray();
        var direct = new string(DinucleotideShuffle.ShuffleIndices(symbols, 99).Select(s => "ACGT"[s]).ToArray());
        Assert.That(Decode(references)[0][0], Is.EqualTo(direct));
    }

    [Test]
    public void Generate_TreatsUnknownBasesAsAShuffledFifthSymbol()
    {
        var input = "ACGNNTACGTNACGGTTNCA";
        using var x = OneHot(input);
        using var references = s_shuffle.Generate(x, 20, 5);
        var decoded = Decode(references)[0];
        using (Assert.EnterMultipleScope())
        {
            foreach (var reference in decoded)
            {
                Assert.That(PairCounts(reference), Is.EquivalentTo(PairCounts(input)));
                Assert.That(reference[0], Is.EqualTo(input[0]));
                Assert.That(reference[^1], Is.EqualTo(input[^1]));
            }

            Assert.That(decoded.Any(r => r.IndexOf('N', StringComparison.Ordinal) != input.IndexOf('N', StringComparison.Ordinal)), Is.True,
                "N positions should move");
        }
    }

    [Test]
    public void Generate_IsReproducibleBySeedAndDiffersAcrossSeeds()
    {
        using var x = OneHot(RandomInputs(3, 60, 6));
        using var a = s_shuffle.Generate(x, 4, 11);
        using var b = s_shuffle.Generate(x, 4, 11);
        using var c = s_shuffle.Generate(x, 4, 12);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Decode(a), Is.EqualTo(Decode(b)));
            Assert.That(Decode(a), Is.Not.EqualTo(Decode(c)));
        }
    }

    [Test]
    public void Generate_DoesNotDependOnBatchComposition()
    {
        var inputs = RandomInputs(5, 30, 7);
        using var full = OneHot(inputs);
        using var all = s_shuffle.Generate(full, 3, 21);
        using var first = OneHot(inputs[0], inputs[1]);
        using var subset = s_shuffle.Generate(first, 3, 21);
        using var slice = all.narrow(0, 0, 2);
        Assert.That(Decode(subset), Is.EqualTo(Decode(slice)));
    }

    [Test]
    public void Generate_AcceptsByteOneHotInput()
    {
        var inputs = RandomInputs(2, 25, 8);
        using var floats = OneHot(inputs);
        using var bytes = floats.to_type(torch.ScalarType.Byte);
        using var fromFloats = s_shuffle.Generate(floats, 2, 4);
        using var fromBytes = s_shuffle.Generate(bytes, 2, 4);
        Assert.That(Decode(fromBytes), Is.EqualTo(Decode(fromFloats)));
    }

    [Test]
    public void Generate_ReturnsShortSequencesUnchanged()
    {
        using var x = OneHot("AC", "GT");
        using var references = s_shuffle.Generate(x, 3, 1);
        var decoded = Decode(references);
        Assert.That(decoded.SelectMany(r => r), Is.EqualTo(new[] { "AC", "AC", "AC", "GT", "GT", "GT" }));
    }

    [Test]
    public void Generate_RejectsBadArgumentsNamingTheParameter()
    {
        using var good = OneHot("ACGTAC");
        using var wrongChannels = torch.zeros(1, 5, 6);
        using var notOneHot = torch.full(1, 4, 6, 0.5f);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => s_shuffle.Generate(null!, 2, 0),
                Throws.TypeOf<ArgumentNullException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("sequences"));
            Assert.That(() => s_shuffle.Generate(wrongChannels, 2, 0),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("sequences"));
            Assert.That(() => s_shuffle.Generate(notOneHot, 2, 0),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("sequences"));
            Assert.That(() => s_shuffle.Generate(good, 0, 0),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("referenceCount"));
            Assert.That(() => DinucleotideShuffle.ShuffleIndices([0, 1, 7], 0),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("symbols"));
        }
    }
}
