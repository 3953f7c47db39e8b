using Genomics.Models.Encoding;
using static TorchSharp.torch;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>
/// Every single-base substitution of a one-hot batch inside a window: base b at position p of example n whenever the
/// observed column is not already b (all four bases at an unknown, all-zero column).
/// </summary>
internal sealed class SubstitutionPlan
{
    private readonly byte[][] _codes;

    private SubstitutionPlan(byte[][] codes, int start, int end)
    {
        _codes = codes;
        Start = start;
        End = end;
        Counts = codes.Select(c => CountOf(c, start, end)).ToArray();
        Total = Counts.Sum();
    }

    public int Start { get; }

    public int End { get; }

    public long[] Counts { get; }

    public long Total { get; }

    public int Examples => _codes.Length;

    /// <summary>Base codes (0–3, 4 for an unknown column) of an example.</summary>
    public byte[] Codes(int example) => _codes[example];

    /// <summary>Reads the batch (validating that every column is one-hot or all zero).</summary>
    public static SubstitutionPlan Create(Tensor sequences, int start, int end, string paramName)
    {
        string[] decoded;
        try
        {
            decoded = OneHotEncoder.Decode(sequences);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"In-silico mutagenesis needs one-hot input: {e.Message}", paramName, e);
        }

        var codes = new byte[decoded.Length][];
        for (var n = 0; n < decoded.Length; n++)
        {
            var s = decoded[n];
            var c = new byte[s.Length];
            for (var l = 0; l < s.Length; l++)
            {
                c[l] = s[l] switch { 'A' => 0, 'C' => 1, 'G' => 2, 'T' => 3, _ => 4 };
            }

            codes[n] = c;
        }

        return new SubstitutionPlan(codes, start, end);
    }

    /// <summary>The substitutions of one example in order (position major, base minor).</summary>
    public IEnumerable<(int Position, int Base)> Of(int example)
    {
        var c = _codes[example];
        for (var p = Start; p < End; p++)
        {
            for (var b = 0; b < 4; b++)
            {
                if (c[p] != b)
                {
                    yield return (p, b);
                }
            }
        }
    }

    /// <summary>All substitutions in order (example, position, base), in chunks of at most <paramref name="size"/>.</summary>
    public IEnumerable<(int[] Examples, int[] Positions, int[] Bases)> Chunks(int size)
    {
        var ns = new List<int>(size);
        var ps = new List<int>(size);
        var bs = new List<int>(size);
        for (var n = 0; n < _codes.Length; n++)
        {
            foreach (var (p, b) in Of(n))
            {
                ns.Add(n);
                ps.Add(p);
                bs.Add(b);
                if (ns.Count == size)
                {
                    yield return ([.. ns], [.. ps], [.. bs]);
                    ns.Clear();
                    ps.Clear();
                    bs.Clear();
                }
            }
        }

        if (ns.Count > 0)
        {
            yield return ([.. ns], [.. ps], [.. bs]);
        }
    }

    private static long CountOf(byte[] c, int start, int end)
    {
        long count = 0;
        for (var p = start; p < end; p++)
        {
            count += c[p] == 4 ? 4 : 3;
        }

        return count;
    }
}
