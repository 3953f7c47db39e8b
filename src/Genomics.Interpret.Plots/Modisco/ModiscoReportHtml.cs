using Genomics.Models.Numerics;
using System.Globalization;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Plots;
using Genomics.Models.Compute;

namespace Genomics.Interpret.Modisco;

/// <summary>
/// The HTML report of a motif-discovery run: one row per pattern with its seqlet count, forward and reverse-complement
/// CWM logos (inline SVG data URIs), and, given a motif database, the top matches (name, q-value, logo) found with the
/// TOMTOM-equivalent comparer (<see cref="ModiscoReport.Match"/>).
/// </summary>
/// <remarks>
/// The methods extend <see cref="ModiscoReport"/>, so C# calls them as <c>ModiscoReport.Write(...)</c> and
/// <c>ModiscoReport.ToHtml(...)</c>; other .NET languages call <c>ModiscoReportHtml.Write(...)</c>.
/// </remarks>
public static class ModiscoReportHtml
{
    /// <summary>The HTML report's methods on <see cref="ModiscoReport"/>.</summary>
    extension(ModiscoReport)
    {
        /// <summary>Writes the report to <paramref name="path"/> atomically.</summary>
        /// <param name="path">Destination .html file.</param>
        /// <param name="result">The discovery result.</param>
        /// <param name="database">Optional motif database for the matches column.</param>
        /// <param name="options">Title, trim, count and comparison settings.</param>
        /// <param name="context">Where the comparison's start and end messages go (<see cref="ComputeContext.LoggerFactory"/>); none when null.</param>
        /// <param name="cancellationToken">Cancels the comparison.</param>
        public static void Write(string path, ModiscoResult result, IReadOnlyList<Motif>? database = null, ModiscoReportOptions? options = null, ComputeContext? context = null, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            HtmlReport.Write(path, ToHtml(result, database, options, context, cancellationToken));
        }

        /// <summary>Renders the report as an HTML document (XHTML-compatible markup).</summary>
        /// <param name="result">The discovery result.</param>
        /// <param name="database">Optional motif database for the matches column.</param>
        /// <param name="options">Title, trim, count and comparison settings.</param>
        /// <param name="context">Where the comparison's start and end messages go (<see cref="ComputeContext.LoggerFactory"/>); none when null.</param>
        /// <param name="cancellationToken">Cancels the comparison.</param>
        public static string ToHtml(ModiscoResult result, IReadOnlyList<Motif>? database = null, ModiscoReportOptions? options = null, ComputeContext? context = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(result);
            options ??= new ModiscoReportOptions();
            options.Validate();
            var matched = database is null ? null : ModiscoReport.Match(result, database, options, context, cancellationToken);
            var byTarget = database?.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var html = HtmlReport.Begin(options.Title);
            html.Append(CultureInfo.InvariantCulture, $"<p>{result.SeqletCall.Seqlets.Count} seqlets; thresholds {result.SeqletCall.NegativeThreshold:G4} / {result.SeqletCall.PositiveThreshold:G4}.</p>\n");
            html.Append("<table>\n<tr><th>pattern</th><th>seqlets</th><th>CWM (forward)</th><th>CWM (reverse complement)</th>");
            if (matched is not null)
            {
                for (var k = 0; k < options.TopMatches; k++)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<th>match {k + 1}</th>");
                }
            }

            html.Append("</tr>\n");
            var patterns = result.Patterns.ToList();
            for (var i = 0; i < patterns.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var p = patterns[i];
                var cwm = p.Cwm;
                var forward = SequenceLogo.Contribution(cwm, new LogoOptions { ColumnWidth = 14, PlotHeight = 90 }).ToSvgDataUri();
                var reverse = SequenceLogo.Contribution(AlphabetMatrix.ReverseComplement(cwm), new LogoOptions { ColumnWidth = 14, PlotHeight = 90 }).ToSvgDataUri();
                html.Append("<tr><td>").Append(Encode(p.Name)).Append("</td><td>").Append(p.Seqlets.Count.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                    .Append("<td><img alt=\"").Append(Encode(p.Name)).Append(" forward\" src=\"").Append(forward).Append("\" /></td>")
                    .Append("<td><img alt=\"").Append(Encode(p.Name)).Append(" reverse complement\" src=\"").Append(reverse).Append("\" /></td>");
                if (matched is not null)
                {
                    var matches = matched[i].Matches;
                    for (var k = 0; k < options.TopMatches; k++)
                    {
                        html.Append("<td>");
                        if (k < matches.Count)
                        {
                            var m = matches[k];
                            html.Append(Encode(m.TargetName ?? m.TargetId)).Append(CultureInfo.InvariantCulture, $"<br />q = {m.QValue:G3}");
                            if (byTarget!.TryGetValue(m.TargetId, out var target))
                            {
                                HtmlReport.AppendImage(html, m.TargetId, HtmlReport.TargetLogo(target, m.Strand));
                            }
                        }

                        html.Append("</td>");
                    }
                }

                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
            return HtmlReport.End(html);
        }
    }

    private static string Encode(string text) => HtmlReport.Encode(text);
}
