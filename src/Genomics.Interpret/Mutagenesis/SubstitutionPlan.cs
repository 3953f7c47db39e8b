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
    private readonly long[] _offsets;
    private readonly int[][] _positionOffsets;

    private SubstitutionPlan(byte[][] codes, int start, int end)
    {
        _codes = codes;
        Start = start;
        End = end;
        Counts = codes.Select(c => CountOf(c, start, end)).ToArray();
        Total = Counts.Sum();
        _offsets = new long[codes.Length + 1];
        _positionOffsets = new int[codes.Length][];
        for (var n = 0; n < codes.Length; n++)
        {
            _offsets[n + 1] = _offsets[n] + Counts[n];
            var firsts = new int[end - start + 1];
            for (var p = start; p < end; p++)
            {
                firsts[p - start + 1] = firsts[p - start] + (codes[n][p] == 4 ? 4 : 3);
            }

            _positionOffsets[n] = firsts;
        }
    }

    public int Start { get; }

    public int End { get; }

    public long[] Counts { get; }

    public long Total { get; }

    public int Examples => _codes.Length;

    /// <summary>The index of the first substitution of each example, and <see cref="Total"/> last (N + 1 values).</summary>
    public IReadOnlyList<long> Offsets => _offsets;

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

    /// <summary>
    /// Substitution <paramref name="index"/> of all of them in order (example, position, base): within an example,
    /// position major and base minor, skipping the observed base.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not in [0, <see cref="Total"/>).</exception>
    public (int Example, int Position, int Base) Substitution(long index)
    {
        if ((ulong)index >= (ulong)Total)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The substitution index must lie in [0, {Total}).");
        }

        var example = Array.BinarySearch(_offsets, index);
        example = example >= 0 ? example : ~example - 1;
        while (_offsets[example + 1] <= index)
        {
            example++;
        }

        var within = (int)(index - _offsets[example]);
        var firsts = _positionOffsets[example];
        var j = Array.BinarySearch(firsts, within);
        j = j >= 0 ? j : ~j - 1;
        while (firsts[j + 1] <= within)
        {
            j++;
        }

        var position = Start + j;
        var r = within - firsts[j];
        var code = _codes[example][position];
        return (example, position, code == 4 || r < code ? r : r + 1);
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
