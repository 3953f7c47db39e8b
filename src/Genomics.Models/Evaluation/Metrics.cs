namespace Genomics.Models.Evaluation;

/// <summary>
/// Evaluation metrics over managed arrays, each matching a scikit-learn or SciPy function exactly
/// (up to floating-point summation order).
/// </summary>
/// <remarks>
/// <para>Binary classification: <see cref="Auroc(ReadOnlySpan{double}, ReadOnlySpan{bool})"/>,
/// <see cref="Auprc(ReadOnlySpan{double}, ReadOnlySpan{bool})"/> (trapezoidal area under the precision–recall
/// curve, as the source tools report it) and
/// <see cref="AveragePrecision(ReadOnlySpan{double}, ReadOnlySpan{bool})"/> (a different summary of the same
/// curve), plus the curve points themselves. Labels are either <see cref="bool"/> (true = positive) or
/// <see cref="int"/> 0/1.</para>
/// <para>Regression: <see cref="Pearson"/>, <see cref="Spearman"/>, <see cref="RSquared"/> (coefficient of
/// determination of predictions) and <see cref="PearsonSquared"/> (squared correlation of a least-squares
/// fit). <see cref="RSquared"/> and <see cref="PearsonSquared"/> are different numbers: the first penalises
/// predictions that are correlated but offset or scaled, the second does not.</para>
/// <para>Every input must be non-empty, finite and, for paired inputs, of equal length; violations throw
/// <see cref="ArgumentException"/> naming the parameter. Ties in scores are resolved the way scikit-learn
/// resolves them: all samples sharing a score cross the threshold together.</para>
/// </remarks>
public static partial class Metrics
{
    /// <summary>
    /// Area under the receiver operating characteristic curve, equal to scikit-learn's <c>roc_auc_score</c>
    /// for binary labels.
    /// </summary>
    /// <remarks>
    /// Computed as the trapezoidal area under <see cref="RocCurve(ReadOnlySpan{double}, ReadOnlySpan{bool}, bool)"/>.
    /// With tied scores this equals the Mann–Whitney statistic divided by (positives × negatives), a tied
    /// positive–negative pair counting one half. 1 means every positive outranks every negative, 0.5 is chance,
    /// 0 means the ranking is exactly reversed.
    /// </remarks>
    /// <param name="scores">Scores, higher meaning more likely positive; finite, any scale.</param>
    /// <param name="labels">True labels, one per score; both classes must occur.</param>
    /// <returns>The area, in [0, 1].</returns>
    /// <exception cref="ArgumentException">Inputs empty, of different lengths, non-finite, or only one class present.</exception>
    public static double Auroc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        var curve = RocCurve(scores, labels, dropIntermediate: true);
        return Trapezoid(curve.FalsePositiveRates, curve.TruePositiveRates);
    }

    /// <inheritdoc cref="Auroc(ReadOnlySpan{double}, ReadOnlySpan{bool})"/>
    /// <param name="scores">Scores, higher meaning more likely positive; finite, any scale.</param>
    /// <param name="labels">True labels, 0 (negative) or 1 (positive), one per score; both classes must occur.</param>
    /// <exception cref="ArgumentException">Inputs empty, of different lengths, non-finite, a label other than 0/1, or only one class present.</exception>
    public static double Auroc(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels) =>
        Auroc(scores, MetricArguments.ToBinary(labels, nameof(labels)));

    /// <summary>
    /// Area under the precision–recall curve by the trapezoidal rule, equal to scikit-learn's
    /// <c>auc(recall, precision)</c> after <c>precision_recall_curve</c>.
    /// </summary>
    /// <remarks>
    /// This is how DeepDifE and AttentiveChrome report AUPRC. It is not average precision: linear
    /// interpolation between curve points is optimistic when precision drops between thresholds; use
    /// <see cref="AveragePrecision(ReadOnlySpan{double}, ReadOnlySpan{bool})"/> for the step-function summary.
    /// Chance level is roughly the fraction of positives.
    /// </remarks>
    /// <param name="scores">Scores, higher meaning more likely positive; finite, any scale.</param>
    /// <param name="labels">True labels, one per score; at least one positive.</param>
    /// <returns>The area, in [0, 1].</returns>
    /// <exception cref="ArgumentException">Inputs empty, of different lengths, non-finite, or no positive label.</exception>
    public static double Auprc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        var curve = PrecisionRecallCurve(scores, labels);
        // Recall decreases along the curve, so the signed trapezoid is negated (scikit-learn's auc direction -1).
        return -Trapezoid(curve.Recall, curve.Precision);
    }

    /// <inheritdoc cref="Auprc(ReadOnlySpan{double}, ReadOnlySpan{bool})"/>
    /// <param name="scores">Scores, higher meaning more likely positive; finite, any scale.</param>
    /// <param name="labels">True labels, 0 (negative) or 1 (positive), one per score; at least one positive.</param>
    /// <exception cref="ArgumentException">Inputs empty, of different lengths, non-finite, a label other than 0/1, or no positive label.</exception>
    public static double Auprc(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels) =>
        Auprc(scores, MetricArguments.ToBinary(labels, nameof(labels)));

    /// <summary>
    /// Average precision, equal to scikit-learn's <c>average_precision_score</c>: Σₙ (Rₙ − Rₙ₋₁) Pₙ over the
    /// thresholds of the precision–recall curve.
    /// </summary>
    /// <remarks>
    /// A step-function summary of the precision–recall curve without interpolation. It differs from
    /// <see cref="Auprc(ReadOnlySpan{double}, ReadOnlySpan{bool})"/> (the trapezoidal area), usually by a few
    /// hundredths; the source tools report the trapezoidal area, so only use this where average precision is
    /// what is wanted.
    /// </remarks>
    /// <param name="scores">Scores, higher meaning more likely positive; finite, any scale.</param>
    /// <param name="labels">True labels, one per score; at least one positive.</param>
    /// <returns>The average precision, in [0, 1].</returns>
    /// <exception cref="ArgumentException">Inputs empty, of different lengths, non-finite, or no positive label.</exception>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        var curve = PrecisionRecallCurve(scores, labels);
        var sum = 0.0;
        for (var i = 0; i < curve.Recall.Length - 1; i++)
        {
            sum += (curve.Recall[i + 1] - curve.Recall[i]) * curve.Precision[i];
        }

        return -sum;
    }

    /// <inheritdoc cref="AveragePrecision(ReadOnlySpan{double}, ReadOnlySpan{bool})"/>
    /// <param name="scores">Scores, higher meaning more likely positive; finite, any scale.</param>
    /// <param name="labels">True labels, 0 (negative) or 1 (positive), one per score; at least one positive.</param>
    /// <exception cref="ArgumentException">Inputs empty, of different lengths, non-finite, a label other than 0/1, or no positive label.</exception>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels) =>
        AveragePrecision(scores, MetricArguments.ToBinary(labels, nameof(labels)));

    /// <summary>The ROC curve points, equal to scikit-learn 1.2's <c>roc_curve</c>.</summary>
    /// <remarks>
    /// One point per distinct score plus the leading (0, 0) point; see <see cref="RocCurveResult"/>. With
    /// <paramref name="dropIntermediate"/> the points lying on a straight segment between their neighbours are
    /// removed (scikit-learn's default); this changes neither the shape of the plot nor the area.
    /// </remarks>
    /// <param name="scores">Scores, higher meaning more likely positive; finite, any scale.</param>
    /// <param name="labels">True labels, one per score; both classes must occur.</param>
    /// <param name="dropIntermediate">Remove collinear intermediate points; default true.</param>
    /// <returns>The curve; fresh arrays owned by the caller.</returns>
    /// <exception cref="ArgumentException">Inputs empty, of different lengths, non-finite, or only one class present.</exception>
    public static RocCurveResult RocCurve(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, bool dropIntermediate = true)
    {
        var counts = ValidatedCounts(scores, labels);
        if (counts.PositiveCount == 0 || counts.NegativeCount == 0)
        {
            throw new ArgumentException(
                "Only one class is present in the labels; the ROC curve and its area need both positives and negatives.",
                nameof(labels));
        }

        var fps = counts.FalsePositives;
        var tps = counts.TruePositives;
        var thresholds = counts.Thresholds;
        var kept = new List<int>(fps.Length);
        for (var i = 0; i < fps.Length; i++)
        {
            var isEnd = i == 0 || i == fps.Length - 1;
            if (!dropIntermediate || fps.Length <= 2 || isEnd
                || fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0
                || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0)
            {
                kept.Add(i);
            }
        }

        var fpr = new double[kept.Count + 1];
        var tpr = new double[kept.Count + 1];
        var outThresholds = new double[kept.Count + 1];
        outThresholds[0] = thresholds[0] + 1;
        for (var k = 0; k < kept.Count; k++)
        {
            fpr[k + 1] = fps[kept[k]] / counts.NegativeCount;
            tpr[k + 1] = tps[kept[k]] / counts.PositiveCount;
            outThresholds[k + 1] = thresholds[kept[k]];
        }

        return new RocCurveResult(fpr, tpr, outThresholds);
    }

    /// <inheritdoc cref="RocCurve(ReadOnlySpan{double}, ReadOnlySpan{bool}, bool)"/>
    /// <param name="scores">Scores, higher meaning more likely positive; finite, any scale.</param>
    /// <param name="labels">True labels, 0 (negative) or 1 (positive), one per score; both classes must occur.</param>
    /// <param name="dropIntermediate">Remove collinear intermediate points; default true.</param>
    /// <exception cref="ArgumentException">Inputs empty, of different lengths, non-finite, a label other than 0/1, or only one class present.</exception>
    public static RocCurveResult RocCurve(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, bool dropIntermediate = true) =>
        RocCurve(scores, MetricArguments.ToBinary(labels, nameof(labels)), dropIntermediate);

    /// <summary>The precision–recall curve points, equal to scikit-learn's <c>precision_recall_curve</c>.</summary>
    /// <remarks>
    /// One point per distinct score, in increasing threshold order, plus the final (recall 0, precision 1)
    /// point; see <see cref="PrecisionRecallCurveResult"/>.
    /// </remarks>
    /// <param name="scores">Scores, higher meaning more likely positive; finite, any scale.</param>
    /// <param name="labels">True labels, one per score; at least one positive.</param>
    /// <returns>The curve; fresh arrays owned by the caller.</returns>
    /// <exception cref="ArgumentException">Inputs empty, of different lengths, non-finite, or no positive label.</exception>
    public static PrecisionRecallCurveResult PrecisionRecallCurve(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        var counts = ValidatedCounts(scores, labels);
        if (counts.PositiveCount == 0)
        {
            throw new ArgumentException(
                "No positive label is present; recall, and with it the precision–recall curve, is undefined.",
                nameof(labels));
        }

        var m = counts.Thresholds.Length;
        var precision = new double[m + 1];
        var recall = new double[m + 1];
        var thresholds = new double[m];
        for (var i = 0; i < m; i++)
        {
            // Reverse so that thresholds increase and recall decreases along the arrays.
            var source = m - 1 - i;
            var tp = counts.TruePositives[source];
            precision[i] = tp / (tp + counts.FalsePositives[source]);
            recall[i] = tp / counts.PositiveCount;
            thresholds[i] = counts.Thresholds[source];
        }

        precision[m] = 1.0;
        recall[m] = 0.0;
        return new PrecisionRecallCurveResult(precision, recall, thresholds);
    }

    /// <inheritdoc cref="PrecisionRecallCurve(ReadOnlySpan{double}, ReadOnlySpan{bool})"/>
    /// <param name="scores">Scores, higher meaning more likely positive; finite, any scale.</param>
    /// <param name="labels">True labels, 0 (negative) or 1 (positive), one per score; at least one positive.</param>
    /// <exception cref="ArgumentException">Inputs empty, of different lengths, non-finite, a label other than 0/1, or no positive label.</exception>
    public static PrecisionRecallCurveResult PrecisionRecallCurve(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels) =>
        PrecisionRecallCurve(scores, MetricArguments.ToBinary(labels, nameof(labels)));

    private static BinaryCurveCounts ValidatedCounts(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        MetricArguments.RequireFinite(scores, nameof(scores));
        MetricArguments.RequireSameLength(scores.Length, labels.Length, nameof(labels), nameof(scores));
        return BinaryCurveCounts.Compute(scores, labels);
    }

    /// <summary>Signed trapezoidal integral of y over x, as numpy's <c>trapz(y, x)</c>.</summary>
    private static double Trapezoid(double[] x, double[] y)
    {
        var area = 0.0;
        for (var i = 0; i < x.Length - 1; i++)
        {
            area += (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
        }

        return area;
    }
}
