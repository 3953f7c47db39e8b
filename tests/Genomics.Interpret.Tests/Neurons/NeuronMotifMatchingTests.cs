using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Neurons;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Neurons;

public sealed class NeuronMotifMatchingTests
{
    private static readonly NeuronLayer Layer = new("conv3", "norm3", 6, 22, 4, 3);

    /// <summary>A mode of 40 windows: uniform flanks around a pure CAGGTG at columns 8–13.</summary>
    private static NeuronMotifMode Mode()
    {
        var counts = new double[4, 22];
        for (var j = 0; j < 22; j++)
        {
            for (var b = 0; b < 4; b++)
            {
                counts[b, j] = j is >= 8 and < 14 ? ("ACGT"[b] == "CAGGTG"[j - 8] ? 40 : 0) : 10;
            }
        }

        return new NeuronMotifMode("1.2", counts, 40, 3.5, 2.0, MotifSegmentation.Segment(counts));
    }

    [Test]
    public void Queries_UseSegmentsOrWholeModes()
    {
        var result = new NeuronMotifResult(new NeuronSamples(Layer, 2, [], [], 3.5, 10, SamplingStop.Stalled), [Mode()]);
        var segments = NeuronMotifMatching.Queries(result);
        var whole = NeuronMotifMatching.Queries(result, useSegments: false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(segments.Select(q => q.Motif.Id), Is.EqualTo(new[] { "conv3_neuron2_mode0_seg8-14" }));
            Assert.That(segments[0].Motif.Probabilities.Consensus(), Is.EqualTo("CAGGTG"));
            Assert.That(whole.Single().Motif.Width, Is.EqualTo(22));
            Assert.That(whole.Single().Motif.Sites, Is.EqualTo(40));
            Assert.That(whole.Single().Segment, Is.Null);
        }
    }

    [Test]
    public void Match_FindsTheSegmentInADatabase()
    {
        var result = new NeuronMotifResult(new NeuronSamples(Layer, 2, [], [], 3.5, 10, SamplingStop.Stalled), [Mode()]);
        var database = MemeMotifFormat.Read(Genomics.TestKit.SharedData.Path("neuronmotif", "motifDB.txt"));
        var matches = NeuronMotifMatching.Match([result], database, new TomtomComparer(new TomtomOptions { MinOverlap = 5, Threshold = double.PositiveInfinity }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(matches, Is.Not.Empty);
            Assert.That(matches[0].Task, Is.EqualTo("conv3_neuron2"));
            Assert.That(matches.Select(m => m.Match.PValue), Is.Ordered);
            Assert.That(matches.Take(10).Select(m => m.Match.TargetName), Has.Some.Contains("ZEB").Or.Some.Contains("SNAI").Or.Some.Contains("TCF"));
            Assert.That(() => NeuronMotifMatching.Match([result], []), Throws.ArgumentException.With.Property("ParamName").EqualTo("database"));
        }
    }
}
