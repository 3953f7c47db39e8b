using Genomics.Interpret.Modisco;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Modisco;

/// <summary>
/// End to end: a tiny CNN trained here on sequences with planted motifs, gradient × input attributions computed with
/// TorchSharp, then motif discovery on them must find the planted motifs.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Slow")]
public sealed class TrainedModelModiscoTests
{
    [Test]
    public void DiscoversPlantedMotifsFromGradientTimesInputOfATrainedModel()
    {
        const int N = 240, L = 80;
        var random = new Random(21);
        var x = new float[N, 4, L];
        var y = new float[N];
        for (var i = 0; i < N; i++)
        {
            var bases = Enumerable.Range(0, L).Select(_ => random.Next(4)).ToArray();
            if (i % 3 != 2)
            {
                var motif = i % 3 == 0 ? PlantedMotifs.MotifA : PlantedMotifs.MotifB;
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

        var before = TorchTestEnvironment.LiveTensors;
        float[] gradients;
        using (var scope = NewDisposeScope())
        {
            using var seedScope = new Genomics.Models.Compute.TorchSeedScope(3);
            using var conv = nn.Conv1d(4, 16, 8);
            using var head = nn.Linear(16, 1);
            var parameters = conv.parameters().Concat(head.parameters()).ToList();
            using var optimizer = optim.Adam(parameters, 0.01);
            var inputs = tensor(Flatten(x), [N, 4, L]);
            var targets = tensor(y, [N, 1]);
            Tensor Forward(Tensor input) => head.call(nn.functional.relu(conv.call(input)).amax([2]));
            for (var step = 0; step < 150; step++)
            {
                using var stepScope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = nn.functional.binary_cross_entropy_with_logits(Forward(inputs), targets);
                loss.backward();
                optimizer.step();
            }

            var positives = inputs.index(tensor(Enumerable.Range(0, N).Where(i => i % 3 != 2).Select(i => (long)i).ToArray())).detach().requires_grad_(true);
            Forward(positives).sum().backward();
            gradients = positives.grad!.contiguous().data<float>().ToArray();
        }

        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before), "no tensors left alive");
        var positiveIndices = Enumerable.Range(0, N).Where(i => i % 3 != 2).ToArray();
        var n = positiveIndices.Length;
        var oneHot = new float[n, 4, L];
        var hypothetical = new float[n, 4, L];
        var contributions = new float[n, 4, L];
        for (var k = 0; k < n; k++)
        {
            for (var j = 0; j < L; j++)
            {
                // Mean-centre the gradient across bases so that hypothetical scores are relative to the average base.
                var mean = Enumerable.Range(0, 4).Average(b => gradients[(k * 4 + b) * L + j]);
                for (var b = 0; b < 4; b++)
                {
                    oneHot[k, b, j] = x[positiveIndices[k], b, j];
                    hypothetical[k, b, j] = (float)(gradients[(k * 4 + b) * L + j] - mean);
                    contributions[k, b, j] = hypothetical[k, b, j] * oneHot[k, b, j];
                }
            }
        }

        // Plain gradients of a max-pooled CNN are sparse and vary in scale between sequences, so fewer seqlets pass than
        // with the synthetic maps and clusters come out smaller: the final minimum cluster size is lowered to 5.
        var result = new Genomics.Interpret.Modisco.TfModisco(new ModiscoOptions { LeidenRuns = 5, FinalMinClusterSize = 5 }).Run(contributions, hypothetical, oneHot);
        TestContext.Out.WriteLine($"{result.SeqletCall.Seqlets.Count} seqlets: " + string.Join("; ", result.Patterns.Select(p => $"{p.Name} n={p.Seqlets.Count} {p.Probabilities.Consensus()}")));
        using (Assert.EnterMultipleScope())
        {
            foreach (var motif in new[] { PlantedMotifs.MotifA, PlantedMotifs.MotifB })
            {
                var best = result.PositivePatterns.Select(p => PlantedMotifs.BestColumnCorrelation(p.Probabilities.ToArray(), motif)).DefaultIfEmpty(0).Max();
                Assert.That(best, Is.GreaterThan(0.8), motif);
            }
        }
    }

    private static float[] Flatten(float[,,] a)
    {
        var flat = new float[a.Length];
        Buffer.BlockCopy(a, 0, flat, 0, a.Length * sizeof(float));
        return flat;
    }
}
