namespace Genomics.Interpret.Neurons;

/// <summary>One demixed motif mode of a neuron (SEEDS-SPEC §3.6): a final cluster of its sampled windows.</summary>
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
