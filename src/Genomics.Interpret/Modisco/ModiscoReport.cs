using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Models.Compute;

namespace Genomics.Interpret.Modisco;

/// <summary>Database matches of one pattern.</summary>
/// <param name="Pattern">The pattern.</param>
/// <param name="Query">The trimmed motif that was compared (positions with Σ|CWM| ≥ the trim fraction × max).</param>
/// <param name="Matches">Best matches first (at most the report's count).</param>
public sealed record PatternMatches(ModiscoPattern Pattern, Motif Query, IReadOnlyList<MotifMatch> Matches);

/// <summary>Options of <see cref="ModiscoReport"/>.</summary>
public sealed record ModiscoReportOptions
{
    /// <summary>Report title (used by the HTML report of Genomics.Interpret.Plots).</summary>
    public string Title { get; init; } = "TF-MoDISco patterns";

    /// <summary>Positions whose Σ|CWM| is below this fraction of the maximum are trimmed before comparison (default 0.3).</summary>
    public double TrimThreshold { get; init; } = 0.3;

    /// <summary>Matches shown per pattern (default 3).</summary>
    public int TopMatches { get; init; } = 3;

    /// <summary>
    /// Comparison settings: tomtom <c>-no-ssc -min-overlap 5 -mi 1 -dist pearson -evalue -thresh 10</c> by default.
    /// </summary>
    public TomtomOptions Comparison { get; init; } = new() { MinOverlap = 5, ThresholdOn = SignificanceMeasure.EValue, Threshold = 10 };

    /// <summary>Checks every setting; the engines call it when a run starts.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid; the parameter name is the option's.</exception>
    public ModiscoReportOptions Validate()
    {
        if (!(TrimThreshold is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TrimThreshold), TrimThreshold, "The trim threshold must be in [0, 1].");
        }

        if (TopMatches < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TopMatches), TopMatches, "The number of matches cannot be negative.");
        }

        Comparison?.Validate();
        return this;
    }
}

/// <summary>
/// The report of a motif-discovery run: <see cref="Match"/> trims every pattern and finds its top database matches
/// with the TOMTOM-equivalent comparer. The HTML report (<c>ModiscoReport.Write</c> and <c>ModiscoReport.ToHtml</c>:
/// one row per pattern with its seqlet count, forward and reverse-complement CWM logos and the matches) comes with the
/// Genomics.Interpret.Plots package, which draws the logos.
/// </summary>
public static class ModiscoReport
{
    /// <summary>Trims each pattern (Σ|CWM| ≥ threshold × max) and compares it with <paramref name="database"/>.</summary>
    /// <param name="result">The discovery result.</param>
    /// <param name="database">Target motifs (e.g. a MEME file read with <see cref="MemeMotifFormat"/>).</param>
    /// <param name="options">Trim, count and comparison settings.</param>
    /// <param name="context">Where the comparison's start and end messages go (<see cref="ComputeContext.LoggerFactory"/>); none when null.</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    public static IReadOnlyList<PatternMatches> Match(ModiscoResult result, IReadOnlyList<Motif> database, ModiscoReportOptions? options = null, ComputeContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(database);
        options ??= new ModiscoReportOptions();
        options.Validate();
        var patterns = result.Patterns.ToList();
        var queries = patterns.Select(p => TrimmedQuery(p, options.TrimThreshold)).ToList();
        if (patterns.Count == 0 || database.Count == 0)
        {
            return [.. patterns.Select((p, i) => new PatternMatches(p, queries[i], []))];
        }

        var matches = new TomtomComparer(options.Comparison).Compare(queries, database, context, cancellationToken: cancellationToken);
        return [.. patterns.Select((p, i) => new PatternMatches(p, queries[i],
            [.. matches.Where(m => m.QueryId == queries[i].Id).OrderBy(m => m.QValue).ThenBy(m => m.PValue).Take(options.TopMatches)]))];
    }

    private static Motif TrimmedQuery(ModiscoPattern pattern, double threshold)
    {
        var cwm = pattern.Cwm;
        var w = cwm.GetLength(1);
        var sums = new double[w];
        for (var c = 0; c < w; c++)
        {
            for (var b = 0; b < 4; b++)
            {
                sums[c] += Math.Abs(cwm[b, c]);
            }
        }

        var cut = threshold * sums.Max();
        var first = Array.FindIndex(sums, s => s >= cut);
        var last = Array.FindLastIndex(sums, s => s >= cut);
        return pattern.ToMotif().Slice(first, last - first + 1);
    }

}
