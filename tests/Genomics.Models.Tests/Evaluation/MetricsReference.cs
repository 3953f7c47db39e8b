using Genomics.TestKit;

namespace Genomics.Models.Tests.Evaluation;

/// <summary>
/// The values in metrics_reference.json beside this file, produced by tools/reference/metrics_reference.py
/// with Debian's scikit-learn and SciPy (versions recorded in the file).
/// </summary>
public sealed record MetricsReference(
    MetricsReference.ReferenceVersions Versions,
    MetricsReference.ClassificationCase[] Classification,
    MetricsReference.RegressionCase[] Regression,
    MetricsReference.GroupKFoldCase[] GroupKfold,
    MetricsReference.KFoldCase[] Kfold)
{
    /// <summary>
    /// Agreement required with the reference values. Both sides compute the same float64 formulas; only the
    /// summation order differs (numpy sums pairwise), which moves results on inputs this small by a few ulps.
    /// </summary>
    public const double Tolerance = 1e-12;

    private static readonly Lazy<MetricsReference> s_instance = new(() => RepositoryFiles.ReadSnakeCaseJson<MetricsReference>("tests", "Genomics.Models.Tests", "Evaluation", "metrics_reference.json"));

    public static MetricsReference Instance => s_instance.Value;

    public sealed record ReferenceVersions(string Python, string Numpy, string Scipy, string Sklearn);

    public sealed record RocPoints(double[] Fpr, double[] Tpr, double[] Thresholds);

    public sealed record PrecisionRecallPoints(double[] Precision, double[] Recall, double[] Thresholds);

    public sealed record ClassificationCase(
        string Name,
        double[] Scores,
        int[] Labels,
        double Auroc,
        double Auprc,
        double AveragePrecision,
        RocPoints RocCurve,
        RocPoints RocCurveAllThresholds,
        PrecisionRecallPoints PrecisionRecallCurve)
    {
        public override string ToString() => Name;
    }

    public sealed record RegressionCase(
        string Name,
        double[] YTrue,
        double[] YPred,
        double Pearson,
        double Spearman,
        double R2,
        double LinregressR2)
    {
        public override string ToString() => Name;
    }

    public sealed record GroupKFoldCase(string Name, string[] Groups, int K, int[][] TestFolds)
    {
        public override string ToString() => Name;
    }

    public sealed record KFoldCase(int N, int K, int[][] TestFolds)
    {
        public override string ToString() => $"n{N}_k{K}";
    }
}
