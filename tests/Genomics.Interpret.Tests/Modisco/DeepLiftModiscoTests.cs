using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Modisco;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.References;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Modisco;

/// <summary>
/// End to end with the library's engines: a tiny CNN built from the library's layers is trained here on sequences with
/// planted motifs, DeepLIFT-SHAP (dinucleotide-shuffled references) explains it, and motif discovery on contributions =
/// hypothetical × one-hot must find both planted motifs, each matched by TOMTOM to its consensus.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Slow")]
public sealed class DeepLiftModiscoTests
{
    private const int N = 360, L = 80;

    /// <summary>The second planted motif: unlike <see cref="PlantedMotifs.MotifB"/> it shares no 4-mer with MotifA on either strand,
    /// so the two cannot be aligned onto one pattern through a common core.</summary>
    private const string MotifC = "CTGCCGAG";

    [Test]
    public void DiscoversPlantedMotifsFromDeepLiftShapOfATrainedModel()
    {
        var (x, y) = Data(new Random(21));
        var positives = Enumerable.Range(0, N).Where(i => y[i] > 0).ToArray();
        float[] hypotheticalFlat;
        float[] scoresFlat;
        double maxDelta;
        long leaked;
        using (var model = new PlantedMotifCnn(L))
        {
            var before = TorchTestEnvironment.LiveTensors;
            using (var scope = NewDisposeScope())
            {
                var inputs = tensor(Flatten(x), [N, 4, L]);
                var targets = tensor(y, [N, 1]);
                Train(model, inputs, targets);
                var positiveInputs = inputs.index(tensor(positives.Select(i => (long)i).ToArray()));
                var shap = new DeepLiftShap(new DeepLiftShapOptions { References = 5, Seed = 7, ReferenceGenerator = new DinucleotideShuffle() });
                using var result = shap.Attribute(model, positiveInputs, AttributionTarget.Output(0));
                hypotheticalFlat = result.Hypothetical!.contiguous().data<float>().ToArray();
                scoresFlat = result.Scores.contiguous().data<float>().ToArray();
                maxDelta = result.MaxConvergenceDelta;
            }

            leaked = TorchTestEnvironment.LiveTensors - before;
        }

        Assert.That(leaked, Is.Zero, "training and attribution leave no tensors alive");
        Assert.That(maxDelta, Is.LessThan(1e-3), "DeepLIFT-SHAP is complete on the library's layers");

        var n = positives.Length;
        var oneHot = new float[n, 4, L];
        var hypothetical = new float[n, 4, L];
        var contributions = new float[n, 4, L];
        var mismatch = 0.0;
        for (var k = 0; k < n; k++)
        {
            for (var b = 0; b < 4; b++)
            {
                for (var j = 0; j < L; j++)
                {
                    var flat = (((k * 4) + b) * L) + j;
                    oneHot[k, b, j] = x[positives[k], b, j];
                    hypothetical[k, b, j] = hypotheticalFlat[flat];
                    contributions[k, b, j] = hypotheticalFlat[flat] * oneHot[k, b, j];
                    mismatch = Math.Max(mismatch, Math.Abs(contributions[k, b, j] - scoresFlat[flat]));
                }
            }
        }

        Assert.That(mismatch, Is.LessThan(1e-5), "hypothetical × one-hot equals DeepLIFT-SHAP's own scores on one-hot input");

        // Through a global max-pool, each shuffled reference's best window (anywhere in the sequence) takes part of the
        // difference-from-reference, which spreads low-level contributions along the sequence: fewer windows stand out
        // from the Laplace null than with the synthetic maps, so, as for gradient × input, the final minimum cluster
        // size is lowered to 5.
        var discovery = new Genomics.Interpret.Modisco.TfModisco(new ModiscoOptions { LeidenRuns = 5, FinalMinClusterSize = 5 }).Run(contributions, hypothetical, oneHot);
        TestContext.Out.WriteLine($"{discovery.SeqletCall.Seqlets.Count} seqlets: " + string.Join("; ", discovery.Patterns.Select(p => $"{p.Name} n={p.Seqlets.Count} {p.Probabilities.Consensus()}")));
        var database = new List<Motif>
        {
            new("DECOY1", PositionProbabilityMatrix.FromConsensus("TTTTGGGGTT"), "decoy one"),
            new("MOTIF_A", PositionProbabilityMatrix.FromConsensus(PlantedMotifs.MotifA), "planted A"),
            new("DECOY2", PositionProbabilityMatrix.FromConsensus("ACACACACAC"), "decoy two"),
            new("MOTIF_C", PositionProbabilityMatrix.FromConsensus(MotifC), "planted C"),
        };
        var positiveOnly = discovery with { NegativePatterns = [] };
        var matches = ModiscoReport.Match(positiveOnly, database);
        foreach (var m in matches)
        {
            TestContext.Out.WriteLine($"{m.Pattern.Name} {m.Query.Probabilities.Consensus()}: " + string.Join("; ", m.Matches.Select(t => $"{t.TargetId} p={t.PValue:G3} q={t.QValue:G3} {t.Orientation}")));
        }

        using (Assert.EnterMultipleScope())
        {
            foreach (var (motif, id) in new[] { (PlantedMotifs.MotifA, "MOTIF_A"), (MotifC, "MOTIF_C") })
            {
                var best = discovery.PositivePatterns.Select(p => PlantedMotifs.BestColumnCorrelation(p.Probabilities.ToArray(), motif)).DefaultIfEmpty(0).Max();
                Assert.That(best, Is.GreaterThan(0.8), motif);
                var hits = matches.Where(m => m.Matches.Count > 0 && m.Matches[0].TargetId == id).Select(m => m.Matches[0]).ToList();
                Assert.That(hits, Is.Not.Empty, $"some pattern's best TOMTOM match is {id}");
                Assert.That(hits.Select(h => h.PValue).DefaultIfEmpty(1).Min(), Is.LessThan(0.01), $"{id} matched with p < 0.01");
            }
        }
    }

    /// <summary>Random sequences; two thirds carry MotifA or MotifC (either strand) near the middle and are positive.</summary>
    private static (float[,,] X, float[] Y) Data(Random random)
    {
        var x = new float[N, 4, L];
        var y = new float[N];
        for (var i = 0; i < N; i++)
        {
            var bases = Enumerable.Range(0, L).Select(_ => random.Next(4)).ToArray();
            if (i % 3 != 2)
            {
                var motif = i % 3 == 0 ? PlantedMotifs.MotifA : MotifC;
                var site = random.Next(2) == 0 ? motif : PlantedMotifs.ReverseComplement(motif);
                var start = 30 + random.Next(14);
                for (var j = 0; j < site.Length; j++)
                {
                    bases[start + j] = "ACGT".IndexOf(site[j], StringComparison.Ordinal);
                }

                y[i] = 1;
            }

            for (var j = 0; j < L; j++)
            {
                x[i, bases[j], j] = 1;
            }
        }

        return (x, y);
    }

    private static void Train(PlantedMotifCnn model, Tensor inputs, Tensor targets)
    {
        using var seedScope = new TorchSeedScope(3);
        using var optimizer = optim.Adam(model.parameters(), 0.01);
        model.train();
        for (var step = 0; step < 150; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.binary_cross_entropy_with_logits(model.call(inputs), targets);
            loss.backward();
            optimizer.step();
        }

        model.eval();
    }

    private static float[] Flatten(float[,,] a)
    {
        var flat = new float[a.Length];
        Buffer.BlockCopy(a, 0, flat, 0, a.Length * sizeof(float));
        return flat;
    }

    /// <summary>conv (4→16, k8) → ReLU → global average pool → linear (16 → 1), from the library's Activation and Pool1d.</summary>
    private sealed class PlantedMotifCnn : ToySequenceModel
    {
        private readonly Conv1d conv;
        private readonly Activation relu;
        private readonly Pool1d pool;
        private readonly Linear linear;

        public PlantedMotifCnn(int length)
            : base(nameof(PlantedMotifCnn), new ToyModelOptions(InputKind.OneHot, 4, length, 1))
        {
            using (new TorchSeedScope(3))
            {
                conv = nn.Conv1d(4, 16, 8);
                relu = new Activation(ActivationKind.Relu);
                pool = new Pool1d(PoolKind.Max, length - 7);
                linear = nn.Linear(16, 1);
            }

            RegisterComponents();
        }

                    public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            return linear.call(pool.call(relu.call(conv.call(input))).flatten(1)).MoveToOuterDisposeScope();
        }
    }
}
