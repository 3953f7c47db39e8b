using Genomics.Interpret.Mutagenesis;
using Genomics.Models.Abstractions;
using Genomics.Models.Encoding;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Mutagenesis;

[NonParallelizable]
public sealed class VariantEffectTests
{
    private const string Bases = "ACGT";

    private static float[] Weights(int length)
    {
        using var w = ToyLinearModel.ExpectedWeights(new ToyModelOptions(InputKind.OneHot, 4, length, 1));
        return w.data<float>().ToArray();
    }

    private static double F(string sequence, float[] w)
    {
        var l = w.Length / 4;
        double sum = 0;
        for (var p = 0; p < Math.Min(l, sequence.Length); p++)
        {
            var b = Bases.IndexOf(sequence[p], StringComparison.Ordinal);
            if (b >= 0)
            {
                sum += w[(b * l) + p];
            }
        }

        return sum;
    }

    [Test]
    public void AlignmentWalkFindsASnv()
    {
        var alignment = AlleleAlignment.Align("ACGTACGT", "ACGAACGT");
        var variants = alignment.Variants();
        Assert.Multiple(() =>
        {
            Assert.That(alignment.AlignedFirst, Is.EqualTo("ACGTACGT"));
            Assert.That(alignment.AlignedSecond, Is.EqualTo("ACGAACGT"));
            Assert.That(alignment.Score, Is.EqualTo(7.0).Within(1e-12));
            Assert.That(variants, Is.EqualTo(new[] { new AlleleVariant(AlleleVariantKind.Snv, 3, 4, "T", "A", 3, 3) }));
            Assert.That(alignment.Swap(variants[0], intoFirst: true), Is.EqualTo("ACGAACGT"));
            Assert.That(alignment.Swap(variants[0], intoFirst: false), Is.EqualTo("ACGTACGT"));
        });
    }

    [Test]
    public void AlignmentWalkFindsAnInsertionAndADeletion()
    {
        var insertion = AlleleAlignment.Align("AAAACCCC", "AAAAGGCCCC");
        var deletion = AlleleAlignment.Align("AAAAGGCCCC", "AAAACCCC");
        Assert.Multiple(() =>
        {
            Assert.That(insertion.AlignedFirst, Is.EqualTo("AAAA--CCCC"));
            Assert.That(insertion.AlignedSecond, Is.EqualTo("AAAAGGCCCC"));
            Assert.That(insertion.Score, Is.EqualTo(8 - 0.5 - 0.1).Within(1e-12));
            Assert.That(insertion.Variants(), Is.EqualTo(new[] { new AlleleVariant(AlleleVariantKind.Indel, 4, 6, string.Empty, "GG", 4, 4) }));
            Assert.That(insertion.Swap(insertion.Variants()[0], intoFirst: true), Is.EqualTo("AAAAGGCCCC"));
            Assert.That(insertion.Swap(insertion.Variants()[0], intoFirst: false), Is.EqualTo("AAAACCCC"));
            Assert.That(deletion.AlignedFirst, Is.EqualTo("AAAAGGCCCC"));
            Assert.That(deletion.AlignedSecond, Is.EqualTo("AAAA--CCCC"));
            Assert.That(deletion.Variants(), Is.EqualTo(new[] { new AlleleVariant(AlleleVariantKind.Indel, 4, 6, "GG", string.Empty, 4, 4) }));
        });
    }

    [Test]
    public void AlignmentPrefersOneLongGapToTwoShortOnes()
    {
        // One gap of 3 costs −0.7; splitting it would cost at least −1.1.
        var alignment = AlleleAlignment.Align("ACGTTTGCA", "ACGGCA");
        Assert.Multiple(() =>
        {
            Assert.That(alignment.AlignedFirst.Replace("-", string.Empty, StringComparison.Ordinal), Is.EqualTo("ACGTTTGCA"));
            Assert.That(alignment.AlignedSecond.Replace("-", string.Empty, StringComparison.Ordinal), Is.EqualTo("ACGGCA"));
            Assert.That(alignment.Score, Is.EqualTo(6 - 0.5 - 0.2).Within(1e-12));
            Assert.That(alignment.Variants(), Has.Count.EqualTo(1));
            Assert.That(alignment.Variants()[0].Kind, Is.EqualTo(AlleleVariantKind.Indel));
            Assert.That(alignment.Variants()[0].FirstAllele, Has.Length.EqualTo(3));
        });
    }

    [Test]
    public void AlleleSwapEffectsOnToyPairedModelMatchHandComputation()
    {
        const int length = 12;
        using var model = new ToyPairedModel(length);
        var w = Weights(length);
        string[] first = ["ACGTACGTAAAA", "AAAACCCCGTAC"];
        string[] second = ["ACGAACGTAAAA", "AAAAGGCCCCGT"];
        using var a = OneHotEncoder.Encode(first);
        using var b = OneHotEncoder.Encode(second);
        var results = new AlleleSwapVariantEffects().Run(model, a, b);

        // Pair 0: one SNV T→A at 3; ratio = f(a) − f(b), so the effect is w[T, 3] − w[A, 3].
        var snv = results[0].Effects.Single();
        var expectedSnv = w[(3 * length) + 3] - w[(0 * length) + 3];

        // Pair 1: GG inserted in the second allele after AAAA (the alignment also has the trailing-end difference).
        var alignment = results[1].Alignment;
        var expected = alignment.Variants().Select(v =>
        {
            var intoFirst = AlleleSwapVariantEffects.Fit(alignment.Swap(v, true), length);
            var intoSecond = AlleleSwapVariantEffects.Fit(alignment.Swap(v, false), length);
            var ratio = F(first[1], w) - F(second[1], w);
            var deltaFirst = F(intoFirst, w) - F(second[1], w) - ratio;
            var deltaSecond = F(first[1], w) - F(intoSecond, w) - ratio;
            return -(deltaFirst + deltaSecond) / 2;
        }).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(results[0].Target, Is.EqualTo(2));
            Assert.That(snv.Variant.Kind, Is.EqualTo(AlleleVariantKind.Snv));
            Assert.That(snv.Effect, Is.EqualTo(expectedSnv).Within(1e-5));
            Assert.That(results[0].MainVariant, Is.EqualTo(snv));
            Assert.That(results[0].Prediction[2], Is.EqualTo(F(first[0], w) - F(second[0], w)).Within(1e-5));
            Assert.That(results[1].Effects.Select(e => e.Effect), Is.EqualTo(expected).Within(1e-5));
            Assert.That(results[1].Effects[0].Variant, Is.EqualTo(new AlleleVariant(AlleleVariantKind.Indel, 4, 6, string.Empty, "GG", 4, 4)));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public void PairedIsmOnToyPairedModelMatchesClosedForm(bool originalStorage)
    {
        const int length = 6;
        using var model = new ToyPairedModel(length);
        var w = Weights(length);
        string[] first = ["ACGTNA"];
        string[] second = ["TTGCAA"];
        using var a = OneHotEncoder.Encode(first);
        using var b = OneHotEncoder.Encode(second);
        using var maps = new PairedAlleleMutagenesis(new PairedAlleleMutagenesisOptions { OriginalStorage = originalStorage }).Run(model, a, b);
        var got = maps.data<float>().ToArray();
        var ratio = F(first[0], w) - F(second[0], w);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(maps.shape, Is.EqualTo(new long[] { 1, length, 4, 2 }));
            for (var allele = 0; allele < 2; allele++)
            {
                var s = allele == 0 ? first[0] : second[0];
                var sign = allele == 0 ? 1.0 : -1.0;
                for (var p = 0; p < length; p++)
                {
                    var observed = Bases.IndexOf(s[p], StringComparison.Ordinal);
                    var raw = new double[4];
                    for (var c = 0; c < 4; c++)
                    {
                        var delta = c == observed ? 0 : sign * (w[(c * length) + p] - (observed >= 0 ? w[(observed * length) + p] : 0));
                        raw[c] = originalStorage ? (c == observed ? 0 : ratio + delta) : delta;
                    }

                    var mean = raw.Average();
                    for (var c = 0; c < 4; c++)
                    {
                        Assert.That(got[(((p * 4) + c) * 2) + allele], Is.EqualTo(raw[c] - mean).Within(1e-5), $"allele {allele} p {p} c {c}");
                    }
                }
            }
        }
    }

    [Test]
    public void EditsFollowTheWindowRules()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SequenceEdit.Substitution(0, 1, "TT").Apply("ACGTAC"), Is.EqualTo("ATTTAC"));
            Assert.That(SequenceEdit.Insertion(0, 2, "GG").Apply("ACGTAC"), Is.EqualTo("ACGGGT"));
            Assert.That(SequenceEdit.Deletion(0, 1, 2).Apply("ACGTAC"), Is.EqualTo("ATACNN"));
            Assert.That(SequenceEdit.Deletion(0, 1, 2).Apply("ACGTAC", "TTT"), Is.EqualTo("ATACTT"));
            Assert.That(() => SequenceEdit.Substitution(0, 5, "TT").Apply("ACGTAC"), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("sequence"));
            Assert.That(() => SequenceEdit.Deletion(0, 1, 3).Apply("ACGTAC", "T"), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("deletionFill"));
        });
    }

    [Test]
    public void EditEffectsOnLinearModelEqualClosedForm()
    {
        const int length = 8;
        using var model = new ToyLinearModel(new ToyModelOptions(InputKind.OneHot, 4, length, 1));
        var w = Weights(length);
        string[] sequences = ["ACGTACGT", "TTTTGGGG"];
        using var x = OneHotEncoder.Encode(sequences);
        var edits = new[] { SequenceEdit.Substitution(0, 2, "A"), SequenceEdit.Insertion(1, 3, "CA"), SequenceEdit.Deletion(1, 0, 3) };
        var before = TorchTestEnvironment.LiveTensors;
        using (var result = SequenceEditEffects.Evaluate(model, x, edits))
        {
            var delta = result.Delta.data<float>().ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(result.Delta.shape, Is.EqualTo(new long[] { 3, 1 }));
                for (var i = 0; i < edits.Length; i++)
                {
                    var s = sequences[edits[i].Example];
                    Assert.That(delta[i], Is.EqualTo(F(edits[i].Apply(s), w) - F(s, w)).Within(1e-5), $"edit {i}");
                }
            });
        }

        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
    }
}
