namespace Genomics.Models.Evaluation;

/// <summary>Ranking helpers shared by the rank-based metrics.</summary>
internal static class Ranking
{
    /// <summary>
    /// 1-based ranks with ties given the mean of the ranks they span, as SciPy's
    /// <c>rankdata(values, method="average")</c>.
    /// </summary>
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        var sorted = values.ToArray();
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(sorted, order);
        var ranks = new double[n];
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && sorted[end] == sorted[start])
            {
                end++;
            }

            // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
            var rank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end;
        }

        return ranks;
    }
}
