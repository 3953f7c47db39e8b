using System.Globalization;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Plots;
using Genomics.Models.Compute;

namespace Genomics.Interpret.Neurons;

/// <summary>Options of <see cref="NeuronReport"/>.</summary>
public sealed record NeuronReportOptions
{
    /// <summary>Title of the index page (default "NeuronMotif neurons").</summary>
    public string Title { get; init; } = "NeuronMotif neurons";

    /// <summary>Matches listed per query motif, best p-value first (default 3).</summary>
    public int TopMatches { get; init; } = 3;

    /// <summary>
    /// The comparer used when a database is given; null uses a <see cref="TomtomComparer"/> with
    /// <see cref="NeuronMotifMatching.CombMotifOptions"/>.
    /// </summary>
    public IMotifComparer? Comparer { get; init; }

    /// <summary>Compare segments where a mode has any (default); false compares whole modes.</summary>
    public bool UseSegments { get; init; } = true;

    /// <summary>Checks every setting; the engines call it when a run starts.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentNullException">A setting is invalid; the parameter name is the option's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid; the parameter name is the option's.</exception>
    public NeuronReportOptions Validate()
    {
        if (TopMatches < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TopMatches), TopMatches, "The number of matches cannot be negative.");
        }

        ArgumentNullException.ThrowIfNull(Title, nameof(Title));

        return this;
    }
}

/// <summary>
/// NeuronMotif's per-neuron HTML pages (wzthu/NeuronMotif): one page per demixed neuron with its layer, receptive
/// field, the activation range its samples cover, an information-content logo of every motif mode and of every
/// informative segment, and, given a motif database, each query's best TOMTOM matches (target id and name, offset,
/// orientation, p, q, the target's logo in the matched orientation); plus an index page linking them. Every file is
/// written atomically; logos are inline SVG data URIs, so each page stands alone.
/// </summary>
public static class NeuronReport
{
    /// <summary>The index page's file name.</summary>
    public const string IndexFileName = "index.html";

    private static readonly LogoOptions ModeLogo = new() { ColumnWidth = 14, PlotHeight = 90 };
    private static readonly LogoOptions SegmentLogo = new() { ColumnWidth = 14, PlotHeight = 70, ShowPositions = false };

    /// <summary>The file name of a neuron's page: <c>{layer}_neuron{n}.html</c>, characters other than letters, digits, '-' and '_' replaced by '_'.</summary>
    /// <param name="result">A demixed neuron.</param>
    /// <returns>The file name (no folder).</returns>
    public static string PageFileName(NeuronMotifResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var task = $"{result.Samples.Layer.Name}_neuron{result.Samples.Neuron.ToString(CultureInfo.InvariantCulture)}";
        var chars = task.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return new string(chars) + ".html";
    }

    /// <summary>Writes one page per neuron and an index page into <paramref name="folder"/> (created if missing).</summary>
    /// <param name="folder">Destination folder.</param>
    /// <param name="results">Demixed neurons (e.g. from <see cref="NeuronDemixer.Run"/>); each layer/neuron pair at most once.</param>
    /// <param name="database">Optional motif database; when given, the modes (or their segments) are matched with
    /// <see cref="NeuronMotifMatching.Match"/> and each page lists the matches.</param>
    /// <param name="options">Title, match count, comparer and query choice.</param>
    /// <param name="progress">Reports ("neuron-report", pages written, pages in total).</param>
    /// <param name="cancellationToken">Checked before matching and before each page.</param>
    /// <returns>The paths written: the neuron pages in the order of <paramref name="results"/>, then the index page.</returns>
    /// <exception cref="ArgumentException">The folder is empty or names a file, a result is null, two results are the
    /// same neuron (or give the same file name), or the database is empty.</exception>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<NeuronMotifResult> results, IReadOnlyList<Motif>? database = null, NeuronReportOptions? options = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(results);
        options ??= new NeuronReportOptions();
        options.Validate();
        if (File.Exists(folder))
        {
            throw new ArgumentException($"'{folder}' is a file, not a folder.", nameof(folder));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var result in results)
        {
            if (result is null)
            {
                throw new ArgumentException("The results contain a null entry.", nameof(results));
            }

            if (!names.Add(PageFileName(result)))
            {
                throw new ArgumentException($"Two results give the page '{PageFileName(result)}' ({result.Samples.Layer.Name} neuron {result.Samples.Neuron}); each neuron may appear once.", nameof(results));
            }
        }

        if (database is { Count: 0 })
        {
            throw new ArgumentException("The motif database is empty.", nameof(database));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var matches = database is null || results.Count == 0
            ? []
            : NeuronMotifMatching.Match(results, database, options.Comparer, options.UseSegments, cancellationToken: cancellationToken);
        var targets = database?.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Directory.CreateDirectory(folder);
        var written = new List<string>(results.Count + 1);
        for (var i = 0; i < results.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = results[i];
            var task = TaskName(result);
            var own = matches.Where(m => m.Task == task).ToList();
            var path = Path.Combine(folder, PageFileName(result));
            HtmlReport.Write(path, NeuronPage(result, database is null ? null : own, targets, options));
            written.Add(path);
            progress?.Report(new OperationProgress("neuron-report", i + 1, results.Count + 1));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var index = Path.Combine(folder, IndexFileName);
        HtmlReport.Write(index, IndexPage(results, database is null ? null : matches, options));
        written.Add(index);
        progress?.Report(new OperationProgress("neuron-report", results.Count + 1, results.Count + 1));
        return written;
    }

    private static string TaskName(NeuronMotifResult result) => $"{result.Samples.Layer.Name}_neuron{result.Samples.Neuron}";

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static (double Min, double Max) SampledRange(NeuronSamples samples) =>
        samples.Activations.Count == 0 ? (double.NaN, double.NaN) : (samples.Activations.Min(), samples.Activations.Max());

    private static string NeuronPage(NeuronMotifResult result, IReadOnlyList<NeuronMotifMatch>? matches, Dictionary<string, Motif>? targets, NeuronReportOptions options)
    {
        var samples = result.Samples;
        var layer = samples.Layer;
        var task = TaskName(result);
        var html = HtmlReport.Begin($"{layer.Name} neuron {samples.Neuron}");
        var (min, max) = SampledRange(samples);
        html.Append("<p><a href=\"").Append(IndexFileName).Append("\">all neurons</a></p>\n<table>\n")
            .Append("<tr><th>layer</th><td>").Append(HtmlReport.Encode(layer.Name)).Append(" (depth ").Append(Integer(layer.Depth)).Append(", ").Append(Integer(layer.Channels)).Append(" neurons)</td></tr>\n")
            .Append("<tr><th>receptive field</th><td>").Append(Integer(layer.ReceptiveField)).Append(" nt, stride ").Append(Integer(layer.Stride)).Append("</td></tr>\n")
            .Append("<tr><th>activation range sampled</th><td>").Append(Number(min)).Append(" to ").Append(Number(max))
            .Append(" over ").Append(Integer(samples.Sequences.Count)).Append(" windows (maximum seen ").Append(Number(samples.MaxActivation)).Append(")</td></tr>\n")
            .Append("<tr><th>sampling</th><td>").Append(Integer(samples.Generations)).Append(" generations, stopped: ").Append(samples.Stop.ToString()).Append("</td></tr>\n")
            .Append("</table>\n");

        html.Append("<h2>Motif modes</h2>\n");
        if (result.Modes.Count == 0)
        {
            html.Append("<p>No mode has enough windows.</p>\n");
        }
        else
        {
            html.Append("<table class=\"modes\">\n<tr><th>mode</th><th>path</th><th>windows</th><th>max activation</th><th>mean activation</th><th>consensus</th><th>logo</th></tr>\n");
            for (var k = 0; k < result.Modes.Count; k++)
            {
                var mode = result.Modes[k];
                html.Append("<tr><td>").Append(Integer(k)).Append("</td><td>").Append(HtmlReport.Encode(mode.Path)).Append("</td><td>").Append(Integer(mode.SampleCount))
                    .Append("</td><td>").Append(Number(mode.MaxActivation)).Append("</td><td>").Append(Number(mode.MeanActivation))
                    .Append("</td><td><code>").Append(mode.Consensus()).Append("</code></td><td>");
                HtmlReport.AppendImage(html, $"{task}_mode{k}", SequenceLogo.InformationContent(mode.Probabilities(), ModeLogo).ToSvgDataUri());
                html.Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        var segments = result.Modes.SelectMany((mode, k) => mode.SegmentMotifs($"{task}_mode{k}").Select((motif, s) => (Mode: k, Segment: mode.Segments[s], Motif: motif))).ToList();
        html.Append("<h2>Segment motifs</h2>\n");
        if (segments.Count == 0)
        {
            html.Append("<p>No informative segments.</p>\n");
        }
        else
        {
            html.Append("<table class=\"segments\">\n<tr><th>mode</th><th>columns</th><th>consensus</th><th>logo</th></tr>\n");
            foreach (var (mode, segment, motif) in segments)
            {
                html.Append("<tr><td>").Append(Integer(mode)).Append("</td><td>").Append(Integer(segment.Start)).Append('–').Append(Integer(segment.End))
                    .Append("</td><td><code>").Append(motif.Probabilities.Consensus()).Append("</code></td><td>");
                HtmlReport.AppendImage(html, motif.Id, SequenceLogo.InformationContent(motif.Probabilities, SegmentLogo).ToSvgDataUri());
                html.Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        if (matches is not null)
        {
            html.Append("<h2>Database matches</h2>\n");
            var shown = Shown(matches, options.TopMatches);
            if (shown.Count == 0)
            {
                html.Append("<p>No match passed the comparer's threshold.</p>\n");
            }
            else
            {
                html.Append("<table class=\"matches\">\n<tr><th>query</th><th>target id</th><th>target name</th><th>offset</th><th>orientation</th><th>p</th><th>q</th><th>target logo</th></tr>\n");
                foreach (var m in shown)
                {
                    var match = m.Match;
                    html.Append("<tr><td>").Append(HtmlReport.Encode(m.Query.Id)).Append("</td><td>").Append(HtmlReport.Encode(match.TargetId))
                        .Append("</td><td>").Append(HtmlReport.Encode(match.TargetName ?? string.Empty)).Append("</td><td>").Append(Integer(match.Offset))
                        .Append("</td><td>").Append(match.Orientation).Append("</td><td>").Append(match.PValue.ToString("G3", CultureInfo.InvariantCulture))
                        .Append("</td><td>").Append(match.QValue.ToString("G3", CultureInfo.InvariantCulture)).Append("</td><td>");
                    if (targets!.TryGetValue(match.TargetId, out var target))
                    {
                        HtmlReport.AppendImage(html, match.TargetId, HtmlReport.TargetLogo(target, match.Strand));
                    }

                    html.Append("</td></tr>\n");
                }

                html.Append("</table>\n");
            }
        }

        return HtmlReport.End(html);
    }

    /// <summary>The best <paramref name="top"/> matches of each query, queries in mode order.</summary>
    private static List<NeuronMotifMatch> Shown(IReadOnlyList<NeuronMotifMatch> matches, int top) =>
        [.. matches.GroupBy(m => m.Query.Id, StringComparer.Ordinal)
            .OrderBy(g => g.First().Mode).ThenBy(g => g.First().Segment?.Start ?? -1)
            .SelectMany(g => g.OrderBy(m => m.Match.PValue).ThenBy(m => m.Match.QValue).Take(top))];

    private static string IndexPage(IReadOnlyList<NeuronMotifResult> results, IReadOnlyList<NeuronMotifMatch>? matches, NeuronReportOptions options)
    {
        var html = HtmlReport.Begin(options.Title);
        html.Append("<table class=\"neurons\">\n<tr><th>neuron</th><th>layer</th><th>receptive field</th><th>windows</th><th>activation range</th><th>modes</th><th>top mode</th>");
        if (matches is not null)
        {
            html.Append("<th>best match</th>");
        }

        html.Append("</tr>\n");
        foreach (var result in results)
        {
            var samples = result.Samples;
            var task = TaskName(result);
            var (min, max) = SampledRange(samples);
            html.Append("<tr><td><a href=\"").Append(HtmlReport.Encode(PageFileName(result))).Append("\">").Append(HtmlReport.Encode(task)).Append("</a></td><td>")
                .Append(HtmlReport.Encode(samples.Layer.Name)).Append("</td><td>").Append(Integer(samples.Layer.ReceptiveField)).Append("</td><td>")
                .Append(Integer(samples.Sequences.Count)).Append("</td><td>").Append(Number(min)).Append(" to ").Append(Number(max)).Append("</td><td>")
                .Append(Integer(result.Modes.Count)).Append("</td><td>");
            if (result.Modes.Count > 0)
            {
                HtmlReport.AppendImage(html, $"{task}_mode0", SequenceLogo.InformationContent(result.Modes[0].Probabilities(), SegmentLogo).ToSvgDataUri());
            }

            html.Append("</td>");
            if (matches is not null)
            {
                var best = matches.Where(m => m.Task == task).OrderBy(m => m.Match.PValue).FirstOrDefault();
                html.Append("<td>");
                if (best is not null)
                {
                    html.Append(HtmlReport.Encode(best.Match.TargetName ?? best.Match.TargetId)).Append("<br />p = ")
                        .Append(best.Match.PValue.ToString("G3", CultureInfo.InvariantCulture)).Append(", q = ").Append(best.Match.QValue.ToString("G3", CultureInfo.InvariantCulture));
                }

                html.Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
        return HtmlReport.End(html);
    }
}
