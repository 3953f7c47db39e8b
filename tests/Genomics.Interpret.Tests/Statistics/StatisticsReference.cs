using System.Text.Json;

namespace Genomics.Interpret.Tests.Statistics;

/// <summary>
/// The values in neuron_stats_reference.json beside this file, produced by tools/reference/neuron_stats_reference.py
/// with Debian's SciPy using SciPy 1.7's defaults spelled out.
/// </summary>
internal sealed record StatisticsReference(string Scipy, TTestCase[] Ttest, WilcoxonCase[] Wilcoxon)
{
    private static readonly JsonSerializerOptions s_options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Lazy<StatisticsReference> s_instance = new(Load);

    public static StatisticsReference Instance => s_instance.Value;

    private static StatisticsReference Load()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Genomics.sln")))
            {
                var path = Path.Combine(directory.FullName, "tests", "Genomics.Interpret.Tests", "Statistics", "neuron_stats_reference.json");
                return JsonSerializer.Deserialize<StatisticsReference>(File.ReadAllText(path), s_options)
                    ?? throw new InvalidDataException($"{path} holds no reference values.");
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} contains Genomics.sln.");
    }
}

public sealed record TTestCase(string Name, double[] A, double[] B, double Statistic, double Pvalue)
{
    public override string ToString() => Name;
}

public sealed record WilcoxonCase(string Name, double[] X, double[] Y, string Method, double Statistic, double Pvalue)
{
    public override string ToString() => Name;
}
