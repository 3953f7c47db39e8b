namespace Genomics.Models.Evaluation;

/// <summary>
/// Cumulative true- and false-positive counts at every distinct score threshold, the common core of the
/// ROC and precision–recall curves (scikit-learn's <c>_binary_clf_curve</c> without sample weights).
/// </summary>
/// <remarks>
/// Index i describes the threshold <see cref="Thresholds"/>[i]: the samples predicted positive are those with
/// score ≥ that threshold. Thresholds are the distinct scores in decreasing order, so the counts increase
/// with i and the last entry counts every sample.
/// </remarks>
internal sealed class BinaryCurveCounts
{
    private BinaryCurveCounts(double[] falsePositives, double[] truePositives, double[] thresholds)
    {
        FalsePositives = falsePositives;
        TruePositives = truePositives;
        Thresholds = thresholds;
    }

    /// <summary>Negatives with score ≥ the threshold at the same index.</summary>
    public double[] FalsePositives { get; }

    /// <summary>Positives with score ≥ the threshold at the same index.</summary>
    public double[] TruePositives { get; }

    /// <summary>Distinct scores, decreasing.</summary>
    public double[] Thresholds { get; }

    /// <summary>Total number of positives.</summary>
    public double PositiveCount => TruePositives[^1];

    /// <summary>Total number of negatives.</summary>
    public double NegativeCount => FalsePositives[^1];

    /// <summary>Counts the curve for validated, equally long, non-empty inputs.</summary>
    public static BinaryCurveCounts Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        var sortedScores = scores.ToArray();
        var sortedLabels = labels.ToArray();
        // Ascending sort; the walk below goes from the highest score down. The order inside a run of tied
        // scores does not matter because counts are only read at the end of each run.
        Array.Sort(sortedScores, sortedLabels);

        var falsePositives = new List<double>();
        var truePositives = new List<double>();
        var thresholds = new List<double>();
        var n = sortedScores.Length;
        var positives = 0;
        for (var j = n - 1; j >= 0; j--)
        {
            if (sortedLabels[j])
            {
                positives++;
            }

            if (j == 0 || sortedScores[j - 1] != sortedScores[j])
            {
                var seen = n - j;
                truePositives.Add(positives);
                falsePositives.Add(seen - positives);
                thresholds.Add(sortedScores[j]);
            }
        }

        return new BinaryCurveCounts([.. falsePositives], [.. truePositives], [.. thresholds]);
    }
}
