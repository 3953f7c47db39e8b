using System.Globalization;
using Genomics.Interpret.Motifs;

namespace Genomics.Interpret.Neurons;

/// <summary>One demixed motif mode of a neuron (NeuronMotif's demixing): a final cluster of its sampled windows.</summary>
/// <param name="Path">The cluster's position in the clustering tree, e.g. "2.0" (child 2 at the first level, then child 0).</param>
/// <param name="Counts">Column-wise base counts of the cluster's windows, 4 × RF (rows A, C, G, T).</param>
/// <param name="SampleCount">Windows in the cluster.</param>
/// <param name="MaxActivation">The largest neuron value among them.</param>
/// <param name="MeanActivation">Their mean neuron value.</param>
/// <param name="Segments">Informative segments of <see cref="Counts"/> (<see cref="MotifSegmentation"/>).</param>
public sealed record NeuronMotifMode(string Path, double[,] Counts, int SampleCount, double MaxActivation, double MeanActivation, IReadOnlyList<MotifSegment> Segments)
{
    /// <summary>The position probability matrix (each column of <see cref="Counts"/> divided by its total).</summary>
    /// <returns>A new 4 × RF array.</returns>
    public double[,] Probabilities()
    {
        var w = Counts.GetLength(1);
        var p = new double[4, w];
        for (var j = 0; j < w; j++)
        {
            var total = Counts[0, j] + Counts[1, j] + Counts[2, j] + Counts[3, j];
            for (var b = 0; b < 4; b++)
            {
                p[b, j] = total > 0 ? Counts[b, j] / total : 0.25;
            }
        }

        return p;
    }

    /// <summary>The mode as a motif: probabilities from <see cref="Counts"/>, sites = <see cref="SampleCount"/>.</summary>
    /// <param name="id">The motif id (no whitespace), e.g. <c>conv2_neuron0_mode1</c>.</param>
    /// <returns>The motif, with provenance naming the mode.</returns>
    /// <exception cref="ArgumentException">The id is empty or contains whitespace.</exception>
    public Motif ToMotif(string id) => new(id, PositionProbabilityMatrix.FromCounts(Counts))
    {
        Sites = SampleCount,
        Provenance = string.Create(CultureInfo.InvariantCulture, $"NeuronMotif mode {Path}: {SampleCount} windows, max activation {MaxActivation:G6}"),
    };

    /// <summary>The informative segments as motifs (ids <c>{idPrefix}_seg{start}-{end}</c>).</summary>
    /// <param name="idPrefix">The id prefix (no whitespace).</param>
    /// <returns>One motif per segment, in column order.</returns>
    /// <exception cref="ArgumentException">The prefix is empty or contains whitespace.</exception>
    public IReadOnlyList<Motif> SegmentMotifs(string idPrefix)
    {
        var whole = ToMotif(idPrefix);
        return Segments.Select(s => whole.Slice(s.Start, s.Length) with { Id = string.Create(CultureInfo.InvariantCulture, $"{idPrefix}_seg{s.Start}-{s.End}") }).ToArray();
    }

    /// <summary>The most frequent base per column (A, C, G, T).</summary>
    /// <returns>The consensus string, RF long.</returns>
    public string Consensus()
    {
        var w = Counts.GetLength(1);
        var chars = new char[w];
        for (var j = 0; j < w; j++)
        {
            var best = 0;
            for (var b = 1; b < 4; b++)
            {
                if (Counts[b, j] > Counts[best, j])
                {
                    best = b;
                }
            }

            chars[j] = NeuronMath.Bases[best];
        }

        return new string(chars);
    }
}

/// <summary>A neuron's samples and motif modes.</summary>
/// <param name="Samples">The windows collected by <see cref="NeuronSampler"/>.</param>
/// <param name="Modes">The demixed modes with enough samples, by descending maximum activation.</param>
public sealed record NeuronMotifResult(NeuronSamples Samples, IReadOnlyList<NeuronMotifMode> Modes);
