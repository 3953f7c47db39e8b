using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Mutagenesis;
using Genomics.Interpret.Perturbation;
using Genomics.Interpret.References;
using Genomics.Models.Abstractions;
using Genomics.Models.Encoding;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Perturbation;

[NonParallelizable]
public sealed class PerturbationExperimentsTests
{
    private const int Length = 16;

    private static readonly ToyModelOptions LinearOptions = new(InputKind.OneHot, 4, Length, 2);

    private static float[] Weights()
    {
        using var w = ToyLinearModel.ExpectedWeights(LinearOptions);
        return w.data<float>().ToArray();
    }

    /// <summary>Closed form of the toy linear model: f_t(s) = Σ_l w[t, b(l)·L + l] + 0.1·t.</summary>
    private static double F(string s, int t, float[] w)
    {
        double sum = 0.1 * t;
        for (var l = 0; l < s.Length; l++)
        {
            var b = "ACGT".IndexOf(s[l], StringComparison.Ordinal);
            if (b >= 0)
            {
                sum += w[(t * 4 * Length) + (b * Length) + l];
            }
        }

        return sum;
    }

    private static string Insert(string s, string motif, int position) => string.Concat(s.AsSpan(0, position), motif, s.AsSpan(position + motif.Length));

    [Test]
    public void MarginalizeOnLinearModelEqualsClosedForm()
    {
        using var model = new ToyLinearModel(LinearOptions);
        using var x = TestSequences.RandomOneHot(3, Length, 1);
        var backgrounds = OneHotEncoder.Decode(x);
        var w = Weights();
        var before = TorchTestEnvironment.LiveTensors;
        using (var result = PerturbationExperiments.Marginalize(model, x, MotifSource.FromConsensus("TGANTCA"), 5))
        {
            var delta = result.Delta.data<float>().ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(result.Delta.shape, Is.EqualTo(new long[] { 3, 2 }));
                Assert.That(result.Function, Is.EqualTo("raw-prediction"));
                for (var n = 0; n < 3; n++)
                {
                    for (var t = 0; t < 2; t++)
                    {
                        var expected = F(Insert(backgrounds[n], "TGANTCA", 5), t, w) - F(backgrounds[n], t, w);
                        Assert.That(delta[(n * 2) + t], Is.EqualTo(expected).Within(1e-5));
                    }
                }
            });
        }

        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
    }

    [Test]
    public void SampledMotifsAreReproducibleAndFollowTheProbabilities()
    {
        using var model = new ToyLinearModel(LinearOptions);
        using var x = TestSequences.RandomOneHot(4, Length, 2);
        var certain = new float[,] { { 1, 0 }, { 0, 0 }, { 0, 0.5f }, { 0, 0.5f } };
        var motif = MotifSource.FromProbabilities(certain);
        using var a = PerturbationExperiments.Marginalize(model, x, motif, 0, seed: 5);
        using var b = PerturbationExperiments.Marginalize(model, x, motif, 0, seed: 5);
        var instance = motif.Instance(new Random(1));
        Assert.Multiple(() =>
        {
            Assert.That(a.After.data<float>().ToArray(), Is.EqualTo(b.After.data<float>().ToArray()).Within(1e-5));
            Assert.That(instance[0, 0], Is.EqualTo(1f));
            Assert.That(instance[2, 1] + instance[3, 1], Is.EqualTo(1f));
            Assert.That(motif.IsSampled, Is.True);
        });
    }

    [Test]
    public void AblateReplacesOnlyTheRegionAndAveragesShuffles()
    {
        using var model = new ToyLinearModel(LinearOptions);
        using var x = TestSequences.RandomOneHot(2, Length, 3);
        var generator = new DinucleotideShuffle();
        using var result = PerturbationExperiments.Ablate(model, x, 4, 12, generator, shuffles: 3, seed: 9);
        using var region = x[.., .., 4..12].contiguous();
        using var references = generator.Generate(region, 3, 9);
        var w = Weights();
        var backgrounds = OneHotEncoder.Decode(x);
        var after = result.After.data<float>().ToArray();
        var delta = result.Delta.data<float>().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.After.shape, Is.EqualTo(new long[] { 2, 3, 2 }));
            Assert.That(result.Delta.shape, Is.EqualTo(new long[] { 2, 2 }));
            for (var n = 0; n < 2; n++)
            {
                var shuffled = OneHotEncoder.Decode(references[n]);
                for (var t = 0; t < 2; t++)
                {
                    double mean = 0;
                    for (var k = 0; k < 3; k++)
                    {
                        var expected = F(Insert(backgrounds[n], shuffled[k], 4), t, w);
                        Assert.That(after[(((n * 3) + k) * 2) + t], Is.EqualTo(expected).Within(1e-5));
                        mean += expected / 3;
                    }

                    Assert.That(delta[(n * 2) + t], Is.EqualTo(mean - F(backgrounds[n], t, w)).Within(1e-5));
                }
            }
        }
    }

    [Test]
    public void SpaceOnLinearModelEqualsClosedForm()
    {
        using var model = new ToyLinearModel(LinearOptions);
        using var x = TestSequences.RandomOneHot(2, Length, 4);
        var backgrounds = OneHotEncoder.Decode(x);
        var w = Weights();
        int[] spacings = [0, 2, 5];
        using var result = PerturbationExperiments.Space(model, x, MotifSource.FromConsensus("GATA"), MotifSource.FromConsensus("CC"), 1, spacings);
        var delta = result.Delta.data<float>().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Delta.shape, Is.EqualTo(new long[] { 3, 2, 2 }));
            Assert.That(result.Spacings, Is.EqualTo(spacings));
            for (var s = 0; s < 3; s++)
            {
                for (var n = 0; n < 2; n++)
                {
                    var edited = Insert(Insert(backgrounds[n], "GATA", 1), "CC", 1 + 4 + spacings[s]);
                    for (var t = 0; t < 2; t++)
                    {
                        Assert.That(delta[(((s * 2) + n) * 2) + t], Is.EqualTo(F(edited, t, w) - F(backgrounds[n], t, w)).Within(1e-5));
                    }
                }
            }
        }
    }

    [Test]
    public void AttributionFunctionsReportAttributionMaps()
    {
        using var model = new ToyLinearModel(LinearOptions);
        using var x = TestSequences.RandomOneHot(2, Length, 5);
        var function = new AttributionFunction(new InSilicoMutagenesis(), AttributionTarget.Output(0));
        using var result = PerturbationExperiments.Marginalize(model, x, MotifSource.FromConsensus("ACGT"), 3, function);
        Assert.Multiple(() =>
        {
            Assert.That(result.Before.shape, Is.EqualTo(new long[] { 2, 4, Length }));
            Assert.That(result.Function, Is.EqualTo("ism"));
        });
    }

    [Test]
    public void InvalidArgumentsThrowNamingTheArgument()
    {
        using var model = new ToyLinearModel(LinearOptions);
        using var x = TestSequences.RandomOneHot(1, Length, 6);
        using var soft = torch.full(1, 4, Length, 0.25f);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var motif = MotifSource.FromConsensus("ACGT");
        Assert.Multiple(() =>
        {
            Assert.That(() => PerturbationExperiments.Marginalize(model, x, motif, 13), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("position"));
            Assert.That(() => PerturbationExperiments.Marginalize(model, soft, motif, 0), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("backgrounds"));
            Assert.That(() => PerturbationExperiments.Ablate(model, x, 5, 5, new Shuffle()), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("start"));
            Assert.That(() => PerturbationExperiments.Space(model, x, motif, motif, 0, [9]), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("spacings"));
            Assert.That(() => MotifSource.FromConsensus("ACXT"), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("consensus"));
            Assert.That(() => MotifSource.FromProbabilities(new float[,] { { 0.5f }, { 0.1f }, { 0.1f }, { 0.1f } }), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("probabilities"));
            Assert.That(() => PerturbationExperiments.Marginalize(model, x, motif, 0, null, 0, null, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        });
    }
}
