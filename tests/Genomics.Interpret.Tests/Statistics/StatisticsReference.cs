using Genomics.TestKit;
using System.Text.Json;

namespace Genomics.Interpret.Tests.Statistics;

/// <summary>
/// The values in neuron_stats_reference.json beside this file, produced by tools/reference/neuron_stats_reference.py
/// with Debian's SciPy using SciPy 1.7's defaults spelled out.
/// </summary>
internal sealed record StatisticsReference(string Scipy, TTestCase[] Ttest, WilcoxonCase[] Wilcoxon)
{
    private static readonly Lazy<StatisticsReference> s_instance = new(() => RepositoryFiles.ReadSnakeCaseJson<StatisticsReference>("tests", "Genomics.Interpret.Tests", "Statistics", "neuron_stats_reference.json"));

    public static StatisticsReference Instance => s_instance.Value;
}

public sealed record TTestCase(string Name, double[] A, double[] B, double Statistic, double Pvalue)
{
    public override string ToString() => Name;
}

public sealed record WilcoxonCase(string Name, double[] X, double[] Y, string Method, double Statistic, double Pvalue)
{
    public override string ToString() => Name;
}
