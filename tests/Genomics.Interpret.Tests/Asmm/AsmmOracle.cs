namespace Genomics.Interpret.Tests.Asmm;

/// <summary>
/// A direct, string-based transcription of DeepASMM's steps A1–A3 (Jie-Lii/DeepASMM) for a linear model
/// f_t(x) = b_t + Σ_l W[t, base(l) · L + l] (N contributes nothing), computed in double precision. Independent of the
/// engine: no packing, no batching, lists expanded by multiplicity and sorted exactly as DeepASMM sorts them. With the
/// original's chunk-row reference, an occurrence whose sample index is past its chunk's batch throws
/// <see cref="IndexOutOfRangeException"/>, where the original fails with NumPy's IndexError.
/// </summary>
internal sealed class AsmmOracle(double[,] weights, double[] bias, int[] targets)
{
    private const double Epsilon = 1e-8;

    public sealed record Row(string Motif, int Count, double Af, double Scs);

    public List<Row> Run(string[] samples, int k, int minimumCount, double? fraction, int minimumTop, bool chunkRowReference, bool scanOrder, int motifsPerChunk, int? subLength = null, int processors = 1)
    {
        // The original's locator with num_processor p records sample x relative to its slice of ⌈n / p⌉ samples (its
        // split_works); the synergy step of the original then uses that index for the erased sample and the reference.
        var sliceSize = (samples.Length + processors - 1) / processors;
        int Recorded(int x) => chunkRowReference ? x - (x / sliceSize * sliceSize) : x;

        var order = new List<string>();
        var occurrences = new Dictionary<string, List<(int X, int Z)>>();
        for (var x = 0; x < samples.Length; x++)
        {
            for (var z = 0; z + k <= samples[x].Length; z++)
            {
                if (subLength is int sub && z / sub != (z + k - 1) / sub)
                {
                    continue;
                }

                var kmer = samples[x].Substring(z, k);
                if (!occurrences.TryGetValue(kmer, out var list))
                {
                    occurrences[kmer] = list = [];
                    order.Add(kmer);
                }

                list.Add((x, z));
            }
        }

        var motifs = order.Where(m => occurrences[m].Count >= minimumCount && !m.Contains('N')).ToList();
        var length = samples[0].Length;
        var empty = new string('N', length);
        var r0 = Predict(empty);
        var rows = new List<Row>();
        for (var first = 0; first < motifs.Count; first += motifsPerChunk)
        {
            var chunk = motifs.Skip(first).Take(motifsPerChunk).ToList();

            // Spec A3.1: the chunk's batch of masked predictions, one row per occurrence, motifs in order and each
            // motif's occurrences in scan order.
            var batchRows = 0;
            foreach (var m in chunk)
            {
                batchRows += occurrences[m].Count;
            }

            var batch = new double[batchRows][];
            var row = 0;
            foreach (var m in chunk)
            {
                foreach (var (x, z) in occurrences[m])
                {
                    batch[row] = Predict(Replace(samples[Recorded(x)], z, new string('N', k)));
                    row++;
                }
            }

            row = 0;
            foreach (var m in chunk)
            {
                var occ = occurrences[m];
                var af = new List<double>();
                foreach (var group in occ.GroupBy(o => o.Z))
                {
                    var s = Score(r0, Predict(Replace(empty, group.Key, m)));
                    af.AddRange(Enumerable.Repeat(s, group.Count()));
                }

                af.Sort((a, b) => b.CompareTo(a));
                var scs = new List<double>();
                foreach (var (x, _) in occ)
                {
                    // Spec A3.2 quirk: the reference is row x of the chunk's batch (a plain array index, which fails
                    // past the batch's end as the original's NumPy index does); intended: the unmodified sample.
                    var reference = chunkRowReference ? batch[Recorded(x)] : Predict(samples[x]);

                    scs.Add(Score(reference, batch[row]));
                    row++;
                }

                if (!scanOrder)
                {
                    scs.Sort((a, b) => b.CompareTo(a));
                }

                rows.Add(new Row(m, occ.Count, Aggregate(af, occ.Count, fraction, minimumTop), Aggregate(scs, occ.Count, fraction, minimumTop)));
            }
        }

        return rows;
    }

    private static double Aggregate(List<double> sorted, int count, double? fraction, int minimumTop)
    {
        if (fraction is not double f)
        {
            return sorted.Sum() / count;
        }

        var n = count * f;
        return n >= minimumTop
            ? sorted.Take((int)Math.Floor(n)).Sum() / (int)Math.Floor(n)
            : sorted.Take(minimumTop).Sum() / minimumTop;
    }

    /// <summary>Σ over the oracle's targets of |(r − f) / (r + ε)|.</summary>
    public double Score(double[] reference, double[] f) =>
        targets.Sum(t => Math.Abs((reference[t] - f[t]) / (reference[t] + Epsilon)));

    /// <summary>The linear model's outputs for a sequence (N contributes nothing).</summary>
    public double[] Predict(string sequence)
    {
        var length = sequence.Length;
        var result = new double[bias.Length];
        for (var t = 0; t < bias.Length; t++)
        {
            result[t] = bias[t];
            for (var l = 0; l < length; l++)
            {
                var c = "ACGT".IndexOf(sequence[l], StringComparison.Ordinal);
                if (c >= 0)
                {
                    result[t] += weights[t, (c * length) + l];
                }
            }
        }

        return result;
    }

    /// <summary>The sequence with the characters from <paramref name="at"/> replaced by <paramref name="with"/>.</summary>
    public static string Replace(string s, int at, string with) => string.Concat(s.AsSpan(0, at), with, s.AsSpan(at + with.Length));
}
