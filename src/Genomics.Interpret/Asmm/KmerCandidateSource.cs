namespace Genomics.Interpret.Asmm;

/// <summary>
/// DeepASMM's candidate motifs: every k-mer of A, C, G, T occurring at least <see cref="MinimumCount"/> times in the
/// background set, with all its occurrences (<see cref="DeepAsmm"/> step A1).
/// </summary>
/// <remarks>
/// <para>Counting follows the original exactly (checked against its Basset demo output, 29,484 8-mers): every window
/// z = 0 … L − k of every sub-sequence of every sample counts, overlapping windows included, forward strand only, one
/// count per occurrence (a k-mer seen twice in a sample counts twice); windows never span two sub-sequences; k-mers
/// containing N are dropped. Candidates are ordered by their first occurrence in scan order (sample, sub-sequence,
/// position) — the insertion order of the original's dictionaries (not lexicographic order, which does
/// not match the reference output). Occurrences of a candidate are listed in scan order.</para>
/// <para>Implementation: k-mers are packed two bits per base into a <see cref="long"/> and rolled along the sequence;
/// for k ≤ 11 counts live in dense arrays of 4^k entries, above that in a hash map. Two passes over the codes: count,
/// then fill the occurrence arrays. Cost O(N · L) time; memory O(4^k) (k ≤ 11) plus the occurrences.</para>
/// </remarks>
public sealed class KmerCandidateSource : IMotifCandidateSource
{
    private const int DenseLimit = 11;

    /// <summary>Creates a k-mer source.</summary>
    /// <param name="length">k, 1 … 31 (the original's <c>motif_length</c>; its demos use 8).</param>
    /// <param name="minimumCount">Minimum number of occurrences, at least 1 (the original's <c>min_motif_count</c>, default 10).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public KmerCandidateSource(int length, int minimumCount = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 31);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCount, 1);
        Length = length;
        MinimumCount = minimumCount;
    }

    /// <summary>k.</summary>
    public int Length { get; }

    /// <summary>The minimum number of occurrences a k-mer needs to become a candidate.</summary>
    public int MinimumCount { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The sub-sequences are shorter than k.</exception>
    public MotifCandidateSet Locate(AsmmBackground background, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(background);
        var k = Length;
        if (background.SubSequenceLength < k)
        {
            throw new ArgumentException($"The sub-sequences ({background.SubSequenceLength} bases) are shorter than k = {k}.", nameof(background));
        }

        var table = Length <= DenseLimit ? (IKmerTable)new DenseTable(k) : new SparseTable();
        long window = 0;
        ForEachWindow(background, k, (code, _, _) => table.Add(code, window++), cancellationToken);

        var kept = table.Kept(MinimumCount);
        var offsets = new int[kept.Count + 1];
        for (var i = 0; i < kept.Count; i++)
        {
            offsets[i + 1] = checked(offsets[i] + kept[i].Count);
        }

        var fill = (int[])offsets.Clone();
        var samples = new int[offsets[^1]];
        var positions = new int[offsets[^1]];
        ForEachWindow(background, k, (code, sample, position) =>
        {
            var i = table.IndexOf(code);
            if (i >= 0)
            {
                samples[fill[i]] = sample;
                positions[fill[i]] = position;
                fill[i]++;
            }
        }, cancellationToken);

        var names = new string[kept.Count];
        var widths = new int[kept.Count];
        var patterns = new float[kept.Count][];
        for (var i = 0; i < kept.Count; i++)
        {
            names[i] = Decode(kept[i].Code, k);
            widths[i] = k;
            patterns[i] = OneHot(kept[i].Code, k);
        }

        return new MotifCandidateSet(names, widths, patterns, offsets, samples, positions, background.TotalLength);
    }

    /// <summary>Decodes a packed k-mer (two bits per base, first base most significant).</summary>
    internal static string Decode(long code, int k) => string.Create(k, code, static (chars, c) =>
    {
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            chars[i] = "ACGT"[(int)(c & 3)];
            c >>= 2;
        }
    });

    private static float[] OneHot(long code, int k)
    {
        var pattern = new float[4 * k];
        for (var i = k - 1; i >= 0; i--)
        {
            pattern[((int)(code & 3) * k) + i] = 1f;
            code >>= 2;
        }

        return pattern;
    }

    private static void ForEachWindow(AsmmBackground background, int k, Action<long, int, int> visit, CancellationToken cancellationToken)
    {
        var codes = background.Codes;
        int total = background.TotalLength, subLength = background.SubSequenceLength;
        var mask = (1L << (2 * k)) - 1;
        for (var x = 0; x < background.Count; x++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var y = 0; y < background.SubSequenceCount; y++)
            {
                var start = y * subLength;
                var sub = codes.Slice((x * total) + start, subLength);
                long code = 0;
                var run = 0;
                for (var p = 0; p < subLength; p++)
                {
                    var b = sub[p];
                    if (b > 3)
                    {
                        run = 0;
                        code = 0;
                        continue;
                    }

                    code = ((code << 2) | b) & mask;
                    if (++run >= k)
                    {
                        visit(code, x, start + p - k + 1);
                    }
                }
            }
        }
    }

    private interface IKmerTable
    {
        void Add(long code, long window);

        List<(long Code, int Count)> Kept(int minimumCount);

        int IndexOf(long code);
    }

    private sealed class DenseTable(int k) : IKmerTable
    {
        private readonly int[] _counts = new int[1 << (2 * k)];
        private readonly long[] _first = new long[1 << (2 * k)];
        private int[] _index = [];

        public void Add(long code, long window)
        {
            if (_counts[code]++ == 0)
            {
                _first[code] = window;
            }
        }

        public List<(long Code, int Count)> Kept(int minimumCount)
        {
            var kept = new List<(long Code, int Count)>();
            for (var c = 0; c < _counts.Length; c++)
            {
                if (_counts[c] >= minimumCount)
                {
                    kept.Add((c, _counts[c]));
                }
            }

            kept.Sort((a, b) => _first[a.Code].CompareTo(_first[b.Code]));
            _index = new int[_counts.Length];
            Array.Fill(_index, -1);
            for (var i = 0; i < kept.Count; i++)
            {
                _index[kept[i].Code] = i;
            }

            return kept;
        }

        public int IndexOf(long code) => _index[code];
    }

    private sealed class SparseTable : IKmerTable
    {
        private readonly Dictionary<long, (int Count, long First)> _entries = [];
        private Dictionary<long, int> _index = [];

        public void Add(long code, long window)
        {
            ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_entries, code, out var exists);
            if (!exists)
            {
                entry.First = window;
            }

            entry.Count++;
        }

        public List<(long Code, int Count)> Kept(int minimumCount)
        {
            var kept = _entries.Where(e => e.Value.Count >= minimumCount)
                .OrderBy(e => e.Value.First)
                .Select(e => (e.Key, e.Value.Count))
                .ToList();
            _index = new Dictionary<long, int>(kept.Count);
            for (var i = 0; i < kept.Count; i++)
            {
                _index[kept[i].Item1] = i;
            }

            return kept;
        }

        public int IndexOf(long code) => _index.TryGetValue(code, out var i) ? i : -1;
    }
}
