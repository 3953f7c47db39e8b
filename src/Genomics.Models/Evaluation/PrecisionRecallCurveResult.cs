namespace Genomics.Models.Evaluation;

/// <summary>
/// Points of a precision–recall curve, as returned by scikit-learn's <c>precision_recall_curve</c>.
/// </summary>
/// <remarks>
/// <see cref="Precision"/> and <see cref="Recall"/> have one more entry than <see cref="Thresholds"/>.
/// For i &lt; <see cref="Thresholds"/>.Length, point i describes the rule "predict positive when score ≥
/// <see cref="Thresholds"/>[i]"; thresholds are the distinct scores in increasing order, so recall is
/// non-increasing along the arrays. The final point is (recall 0, precision 1) and has no threshold.
/// Thresholds beyond the one reaching full recall are kept, as in scikit-learn ≥ 1.1 (and the
/// <c>drop_intermediate=False</c> default of scikit-learn ≥ 1.3); they add zero area to the curve.
/// </remarks>
/// <param name="Precision">Precision (positives among predicted positives) per point.</param>
/// <param name="Recall">Recall (predicted positives among positives) per point.</param>
/// <param name="Thresholds">Score thresholds, increasing.</param>
public sealed record PrecisionRecallCurveResult(double[] Precision, double[] Recall, double[] Thresholds);
