namespace Genomics.Models.Data;

/// <summary>Index bookkeeping shared by the split methods.</summary>
internal static class SplitArithmetic
{
    /// <summary>Tolerance absorbing float round-off in fraction × count (0.7 × 10 is 7.000000000000001).</summary>
    private const double RoundOffTolerance = 1e-9;

    /// <summary>⌈fraction · count⌉, ignoring round-off below 1e-9; at least 1 when the fraction is positive.</summary>
    public static int CeilingCount(double fraction, int count)
    {
        var result = (int)Math.Ceiling((fraction * count) - RoundOffTolerance);
        return fraction > 0 && count > 0 ? Math.Max(result, 1) : Math.Max(result, 0);
    }

    /// <summary>A Fisher–Yates permutation of 0..n−1 driven by <see cref="System.Random"/> with the given seed.</summary>
    public static int[] Permutation(int n, int seed)
    {
        var result = new int[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = i;
        }

        var random = new Random(seed);
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (result[i], result[j]) = (result[j], result[i]);
        }

        return result;
    }

    /// <summary>A sorted copy of a slice.</summary>
    public static int[] Sorted(ReadOnlySpan<int> indices)
    {
        var result = indices.ToArray();
        Array.Sort(result);
        return result;
    }

    /// <summary>The ascending indices of 0..n−1 for which <paramref name="include"/> is true.</summary>
    public static int[] Where(int n, Func<int, bool> include)
    {
        var result = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (include(i))
            {
                result.Add(i);
            }
        }

        return [.. result];
    }

    /// <summary>Throws unless every entry of a per-sample label list is non-null.</summary>
    public static void RequireNoNulls(IReadOnlyList<string> values, string paramName)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                throw new ArgumentException($"Entry {i} is null; every sample needs a value.", paramName);
            }
        }
    }

    /// <summary>Throws unless 0 ≤ fraction &lt; 1.</summary>
    public static void RequireFraction(double fraction, string paramName)
    {
        if (!(fraction >= 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(paramName, fraction, "The fraction must be in [0, 1).");
        }
    }
}
