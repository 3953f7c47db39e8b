namespace Genomics.Models.Evaluation;

/// <summary>
/// Points of a receiver operating characteristic curve, as returned by scikit-learn's <c>roc_curve</c>.
/// </summary>
/// <remarks>
/// The three arrays have the same length. Point i is (<see cref="FalsePositiveRates"/>[i],
/// <see cref="TruePositiveRates"/>[i]) for the rule "predict positive when score ≥
/// <see cref="Thresholds"/>[i]". The first point is (0, 0) with threshold max(score) + 1 (scikit-learn 1.2;
/// scikit-learn 1.3 and later report +∞ there instead); the last point is (1, 1) at the lowest score.
/// Rates are non-decreasing; thresholds are decreasing.
/// </remarks>
/// <param name="FalsePositiveRates">False-positive rate (fraction of negatives predicted positive) per threshold.</param>
/// <param name="TruePositiveRates">True-positive rate (recall; fraction of positives predicted positive) per threshold.</param>
/// <param name="Thresholds">Score thresholds, decreasing.</param>
public sealed record RocCurveResult(double[] FalsePositiveRates, double[] TruePositiveRates, double[] Thresholds);
