namespace Genomics.Interpret.Tests.Asmm;

/// <summary>
/// A direct, string-based transcription of DeepASMM's steps A1–A3 (Jie-Lii/DeepASMM) for a linear model
/// f_t(x) = b_t + Σ_l W[t, base(l) · L + l] (N contributes nothing), computed in double precision. Independent of the
/// engine: no packing, no batching, lists expanded by multiplicity and sorted exactly as DeepASMM sorts them.
/// </summary>
internal sealed class AsmmOracle(double[,] weights, double[] bias, int[] targets)
{
    private const double Epsilon = 1e-8;

    public sealed record Row(string Motif, int Count, double Af, double Scs);

    public List<Row> Run(string[] samples, int k, int minimumCount, double? fraction, int minimumTop, bool chunkRowReference, bool scanOrder, int motifsPerChunk, int? subLength = null)
    {
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
            var masked = chunk.SelectMany(m => occurrences[m].Select(o => Predict(Replace(samples[o.X], o.Z, new string('N', k))))).ToList();
            var row = 0;
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
                    var reference = chunkRowReference ? masked[x % masked.Count] : Predict(samples[x]);
                    scs.Add(Score(reference, masked[row++]));
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

    private double Score(double[] reference, double[] f) =>
        targets.Sum(t => Math.Abs((reference[t] - f[t]) / (reference[t] + Epsilon)));

    private double[] Predict(string sequence)
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

    private static string Replace(string s, int at, string with) => string.Concat(s.AsSpan(0, at), with, s.AsSpan(at + with.Length));
}
