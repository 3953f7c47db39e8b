using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.References;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Architectures.DeepCba;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.DeepLift;

/// <summary>
/// DeepLIFT-SHAP through the recurrent and attention models: the product rule's summation property, completeness
/// (summation-to-delta within 1e-4) on AttentiveChrome, both CNN-GRU presets and DeepCBA after a short training, and a
/// planted mark that AttentiveChrome's attributions must find and a planted motif that CNN-GRU's must find.
/// </summary>
[NonParallelizable]
public sealed class RecurrentDeepLiftTests
{
    /// <summary>Trains a model for a few full-batch Adam steps (logistic or squared loss), then leaves it in evaluation mode.</summary>
    internal static void Train(ISequenceModel model, Tensor inputs, Tensor targets, int steps, bool logistic, double learningRate = 0.01, int batchSize = 0)
    {
        var module = (nn.Module<Tensor, Tensor>)model.Module;
        using var seed = new TorchSeedScope(11);
        using var optimizer = optim.Adam(module.parameters(), learningRate);
        module.train();
        for (var step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var (x, y) = (inputs, targets);
            if (batchSize > 0)
            {
                var start = step * batchSize % (inputs.shape[0] - batchSize + 1);
                (x, y) = (inputs.narrow(0, start, batchSize), targets.narrow(0, start, batchSize));
            }

            var output = module.call(x);
            var loss = logistic ? nn.functional.binary_cross_entropy_with_logits(output, y) : nn.functional.mse_loss(output, y);
            loss.backward();
            optimizer.step();
        }

        module.eval();
    }

    /// <summary>
    /// Histone tracks (N, 5, bins) in [0, 1) whose label is decided by the level of one mark alone: that mark is
    /// drawn either low (U(0, 0.3)) or high (U(0.7, 1)) over all bins of a gene, the label is 1 when high.
    /// </summary>
    internal static (Tensor Inputs, Tensor Labels) PlantedMarkData(int n, int bins, int mark, int seed)
    {
        var random = new Random(seed);
        var x = new float[n * 5 * bins];
        var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            var high = i % 2 == 0;
            y[i] = high ? 1 : 0;
            for (var j = 0; j < 5; j++)
            {
                for (var b = 0; b < bins; b++)
                {
                    var u = (float)random.NextDouble();
                    x[(((i * 5) + j) * bins) + b] = j != mark ? u : high ? 0.7f + (0.3f * u) : 0.3f * u;
                }
            }
        }

        return (torch.tensor(x, [n, 5, bins]), torch.tensor(y, [n, 1]));
    }

    [Test]
    public void ProductRule_SplitsTheProductDifferenceExactly()
    {
        // a = [2, −1], reference [0.5, 3]; b = [4, 1], reference [−2, 1]: Δ(ab) = [8 + 1, −1 − 3] = [9, −4].
        using var a = torch.tensor(new[] { 2f, -1f, 0.5f, 3f }, [4, 1]).requires_grad_(true);
        using var b = torch.tensor(new[] { 4f, 1f, -2f, 1f }, [4, 1]).requires_grad_(true);
        Tensor ga, gb;
        using (var rules = AttributionRules.DeepLiftRescale())
        {
            using var product = RuleOperations.Multiply(a, b);
            var grads = torch.autograd.grad([product.sum()], [a, b]);
            (ga, gb) = (grads[0], grads[1]);
            Assert.That(rules.RuleApplications, Is.EqualTo(1));
        }

        var ma = ga.data<float>().ToArray();
        var mb = gb.data<float>().ToArray();
        using (Assert.EnterMultipleScope())
        {
            // m_a = mean b = [1, 1], m_b = mean a = [1.25, 1]; both halves carry the multipliers.
            Assert.That(ma, Is.EqualTo(new[] { 1f, 1f, 1f, 1f }).Within(1e-6));
            Assert.That(mb, Is.EqualTo(new[] { 1.25f, 1f, 1.25f, 1f }).Within(1e-6));
            Assert.That((ma[0] * 1.5) + (mb[0] * 6), Is.EqualTo(9).Within(1e-6));
            Assert.That((ma[1] * -4) + (mb[1] * 0), Is.EqualTo(-4).Within(1e-6));
        }

        ga.Dispose();
        gb.Dispose();
    }

    [Test]
    public void BatchProductRule_SplitsTheProductDifferenceExactly()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(4, 2, 3, generator: new Generator(1)).requires_grad_(true);
        var b = torch.randn(4, 3, 5, generator: new Generator(2)).requires_grad_(true);
        Tensor ga, gb;
        using (AttributionRules.DeepLiftRescale())
        {
            var grads = torch.autograd.grad([RuleOperations.BatchProduct(a, b).sum()], [a, b]);
            (ga, gb) = (grads[0], grads[1]);
        }

        using var noGrad = torch.no_grad();
        var delta = (torch.bmm(a, b).narrow(0, 0, 2) - torch.bmm(a, b).narrow(0, 2, 2)).sum([1, 2]);
        var split = ((ga.narrow(0, 0, 2) * (a.narrow(0, 0, 2) - a.narrow(0, 2, 2))).sum([1, 2])) + ((gb.narrow(0, 0, 2) * (b.narrow(0, 0, 2) - b.narrow(0, 2, 2))).sum([1, 2]));
        Assert.That(split.data<float>().ToArray(), Is.EqualTo(delta.data<float>().ToArray()).Within(1e-5));
    }

    private static IEnumerable<TestCaseData> TrainedModels()
    {
        yield return new TestCaseData(new Func<(ISequenceModel, Tensor, Tensor, bool)>(() =>
        {
            var model = new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = 12, BinHiddenSize = 6, MarkHiddenSize = 4 });
            var (x, y) = PlantedMarkData(64, 12, 1, seed: 3);
            return (model, x, y, true);
        })).SetName("AttentiveChrome");
        yield return new TestCaseData(new Func<(ISequenceModel, Tensor, Tensor, bool)>(() =>
        {
            var model = new CnnGruModel(CnnGruOptions.HalfLife with { Length = 400, Filters = 16, Dropout = 0 });
            var x = torch.rand(32, 6, 400, generator: new Generator(4));
            var y = (x.narrow(1, 0, 1).narrow(2, 100, 50).mean([1, 2]) - x.narrow(1, 1, 1).narrow(2, 100, 50).mean([1, 2])).unsqueeze(1) * 10;
            return (model, x, y, false);
        })).SetName("CnnGruHalfLife");
        yield return new TestCaseData(new Func<(ISequenceModel, Tensor, Tensor, bool)>(() =>
        {
            var model = new CnnGruModel(CnnGruOptions.MeanRibosomeLoad with { Filters = 8 });
            var x = TestSequences.RandomOneHot(32, 50, seed: 5);
            var y = x.narrow(1, 3, 1).narrow(2, 0, 15).sum([1, 2]).unsqueeze(1) / 2;
            return (model, x, y, false);
        })).SetName("CnnGruMeanRibosomeLoad");
        yield return new TestCaseData(new Func<(ISequenceModel, Tensor, Tensor, bool)>(() =>
        {
            var model = new DeepCbaModel(DeepCbaOptions.Small);
            var x = TestSequences.RandomOneHot(16, 1200, seed: 6);
            var y = x.narrow(1, 2, 1).narrow(2, 0, 100).sum([1, 2]).unsqueeze(1) / 5;
            return (model, x, y, false);
        })).SetName("DeepCba");
    }

    [TestCaseSource(nameof(TrainedModels))]
    public void TrainedModel_ContributionsSumToTheOutputDifference(Func<(ISequenceModel Model, Tensor X, Tensor Y, bool Logistic)> create)
    {
        using var seed = new TorchSeedScope(2);
        var (model, x, y, logistic) = create();
        try
        {
            Assert.That(DeepLiftSupport.UnsupportedModules(model), Is.Empty);
            Train(model, x, y, steps: 60, logistic, learningRate: 0.02);
            var oneHot = model.Input.Kind == InputKind.OneHot;
            using var explained = x.narrow(0, 0, 3);
            var generator = oneHot ? (IReferenceGenerator)new DinucleotideShuffle() : ConstantReference.Zeros;
            var target = AttributionTarget.Output(0);
            var method = new DeepLiftShap(new DeepLiftShapOptions { References = 3, Seed = 5, ReferenceGenerator = generator, KeepReferences = true });
            using var result = method.Attribute(model, explained, target);
            var expected = DeepLiftShapTests.ExpectedDifference(model, explained, result.References!, target);
            TestContext.Out.WriteLine($"largest convergence delta {result.MaxConvergenceDelta:G3}, largest |f(x) - mean f(r)| {expected.Max(Math.Abs):G3}");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(result.MaxConvergenceDelta, Is.LessThan(1e-4));
                Assert.That(DeepLiftShapTests.SumPerExample(result.Scores), Is.EqualTo(expected).Within(1e-4));
                Assert.That(expected.Max(Math.Abs), Is.GreaterThan(1e-3), "the references must change the output for the check to mean anything");
            }
        }
        finally
        {
            model.Module.Dispose();
            x.Dispose();
            y.Dispose();
        }
    }

    [Test]
    public void AttentiveChrome_PlantedMark_ReceivesTheAttribution()
    {
        const int Bins = 12;
        const int Mark = 1;
        using var seed = new TorchSeedScope(8);
        using var model = new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = Bins, BinHiddenSize = 6, MarkHiddenSize = 4 });
        var (x, y) = PlantedMarkData(128, Bins, Mark, seed: 9);
        using (x)
        using (y)
        {
            Train(model, x, y, steps: 60, logistic: true, learningRate: 0.02);
            using var test = PlantedMarkData(16, Bins, Mark, seed: 10).Inputs;
            using (torch.no_grad())
            {
                using var logits = model.call(test);
                using var predicted = logits.gt(0).to_type(ScalarType.Float32).squeeze(1);
                using var labels = torch.tensor(Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? 1f : 0f).ToArray());
                Assert.That(predicted.eq(labels).to_type(ScalarType.Float32).mean().item<float>(), Is.GreaterThanOrEqualTo(0.9f), "the model must learn the planted mark");
            }

            // A mid-level reference: the planted mark differs from it in the same direction in every bin of a gene,
            // the other marks in random directions; the net contribution of each mark is the sum over its bins.
            var method = new DeepLiftShap(new DeepLiftShapOptions { References = 1, ReferenceGenerator = new ConstantReference(0.5f), Strict = true, WarnThreshold = 1e-4 });
            using var result = method.Attribute(model, test, AttributionTarget.Output(0));
            using var perMark = result.Scores.sum([2]).abs();
            using var share = perMark.select(1, Mark) / perMark.sum([1]);
            using var top = perMark.argmax(1);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(top.data<long>().ToArray(), Has.All.EqualTo((long)Mark));
                Assert.That(share.mean().item<float>(), Is.GreaterThan(0.5f));
            }
        }
    }

    /// <summary>
    /// One-hot 5′ UTRs (N, 4, 50); every even sequence carries the motif <c>TGCATG</c> at a random position and target
    /// 1, the others are random with target 0 (the motif removed where it occurs by chance).
    /// </summary>
    internal static (Tensor Inputs, Tensor Targets, int[] Starts) PlantedMotifData(int n, int seed)
    {
        const int Length = 50;
        const string Motif = "TGCATG";
        var random = new Random(seed);
        var x = new float[n * 4 * Length];
        var y = new float[n];
        var starts = new int[n];
        for (var i = 0; i < n; i++)
        {
            var bases = TestSequences.RandomBases(random, Length).ToCharArray();
            var text = new string(bases);
            for (var at = text.IndexOf(Motif, StringComparison.Ordinal); at >= 0; at = text.IndexOf(Motif, StringComparison.Ordinal))
            {
                bases[at] = 'A';
                text = new string(bases);
            }

            starts[i] = -1;
            if (i % 2 == 0)
            {
                starts[i] = random.Next(0, Length - Motif.Length + 1);
                Motif.CopyTo(0, bases, starts[i], Motif.Length);
                y[i] = 1;
            }

            for (var j = 0; j < Length; j++)
            {
                x[(((i * 4) + "ACGT".IndexOf(bases[j], StringComparison.Ordinal)) * Length) + j] = 1;
            }
        }

        return (torch.tensor(x, [n, 4, Length]), torch.tensor(y, [n, 1]), starts);
    }

    [Test]
    public void CnnGruMeanRibosomeLoad_PlantedMotif_ReceivesTheAttribution()
    {
        using var seed = new TorchSeedScope(12);
        using var model = new CnnGruModel(CnnGruOptions.MeanRibosomeLoad with { Filters = 16, Dropout = 0, AugmentShift = 0 });
        var (x, y, _) = PlantedMotifData(1024, seed: 13);
        using (x)
        using (y)
        {
            Train(model, x, y, steps: 600, logistic: false, learningRate: 0.005, batchSize: 64);
        }

        var (test, testY, starts) = PlantedMotifData(16, seed: 14);
        using (test)
        using (testY)
        {
            float[] predicted;
            using (torch.no_grad())
            {
                using var predictions = model.call(test);
                predicted = predictions.data<float>().ToArray();
            }

            var correct = Enumerable.Range(0, 16).Count(i => Math.Abs(predicted[i] - (i % 2 == 0 ? 1 : 0)) < 0.5);
            Assert.That(correct, Is.GreaterThanOrEqualTo(14), "the model must learn the planted motif");

            var method = new DeepLiftShap(new DeepLiftShapOptions { References = 4, Seed = 3, Strict = true, WarnThreshold = 1e-4 });
            using var result = method.Attribute(model, test, AttributionTarget.Output(0));
            using var perPosition = result.Scores.sum([1]);
            var scores = perPosition.data<float>().ToArray();
            var inside = new List<double>();
            var offsets = new List<int>();
            for (var i = 0; i < 16; i += 2)
            {
                if (predicted[i] < 0.5)
                {
                    continue;   // a carrier the model missed: nothing to find
                }

                var row = scores.AsSpan(i * 50, 50).ToArray();
                var motif = row.Skip(starts[i]).Take(6).Sum();
                var total = row.Sum(v => Math.Abs(v));
                inside.Add(motif / total);
                var best = Enumerable.Range(0, 45).MaxBy(w => row.Skip(w).Take(6).Sum());
                offsets.Add(best - starts[i]);
            }

            TestContext.Out.WriteLine($"best window offset from the motif, per detected carrier: {string.Join(", ", offsets)}");

            TestContext.Out.WriteLine($"share of |attribution| on the motif, per detected carrier: {string.Join(", ", inside.Select(v => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}");
            using (Assert.EnterMultipleScope())
            {
                // The best-scoring 6-nt window sits on the motif (±2 nt), and the motif's 6 of 50 positions hold at
                // least twice their uniform share (12 %) of the absolute attribution on average.
                Assert.That(offsets, Has.Count.GreaterThanOrEqualTo(6));
                Assert.That(offsets.Select(Math.Abs), Has.All.LessThanOrEqualTo(2));
                Assert.That(inside.Average(), Is.GreaterThan(0.24));
            }
        }
    }

    /// <summary>
    /// The unfused path is chosen per flow of execution: DeepLIFT (unfused GRU, layer norms written out) and saliency
    /// (fused kernels, ordinary gradients) on one CNN-GRU from several threads at once give the single-threaded results.
    /// </summary>
    [Test]
    public void ConcurrentDeepLiftAndSaliency_OnOneCnnGru_MatchSingleThreaded()
    {
        using var seed = new TorchSeedScope(15);
        using var model = new CnnGruModel(CnnGruOptions.MeanRibosomeLoad with { Filters = 8 });
        using var x = TestSequences.RandomOneHot(3, 50, seed: 16);
        var target = AttributionTarget.Output(0);
        var saliency = new Genomics.Interpret.Gradients.Saliency();
        var deepLift = new DeepLiftShap(new DeepLiftShapOptions { References = 2, Seed = 4 });
        using var expectedSaliency = saliency.Attribute(model, x, target);
        using var expectedDeepLift = deepLift.Attribute(model, x, target);
        var failures = ConcurrentStress.Run(4, 6, (t, i) =>
        {
            var useSaliency = ((t + i) % 2) == 0;
            using var result = useSaliency ? saliency.Attribute(model, x, target) : deepLift.Attribute(model, x, target);
            var expected = useSaliency ? expectedSaliency : expectedDeepLift;
            using var difference = (result.Scores - expected.Scores).abs().max();
            var d = difference.item<float>();
            return d <= 1e-6f ? null : $"thread {t}, call {i} ({result.Method}): scores differ by up to {d}";
        });

        Assert.That(failures, Is.Empty);
    }
}
