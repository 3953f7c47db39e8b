using System.Net;
using System.Text;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Models.IO;

namespace Genomics.Interpret.Plots;

/// <summary>
/// Markup shared by the HTML reports: an XHTML-compatible page skeleton, escaped text, inline SVG logos as data URIs,
/// and atomic UTF-8 writes.
/// </summary>
internal static class HtmlReport
{
    private const string Style = "body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px;vertical-align:top}img{display:block}";

    /// <summary>Starts a page: doctype, head with <paramref name="title"/> and the shared style, and an h1 heading.</summary>
    public static StringBuilder Begin(string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\" />\n<title>")
            .Append(Encode(title)).Append("</title>\n<style>").Append(Style)
            .Append("</style>\n</head>\n<body>\n<h1>").Append(Encode(title)).Append("</h1>\n");
        return html;
    }

    /// <summary>Closes the body and the document.</summary>
    public static string End(StringBuilder html) => html.Append("</body>\n</html>\n").ToString();

    /// <summary>Escapes text for element content and attribute values.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Appends an <c>img</c> element.</summary>
    public static StringBuilder AppendImage(StringBuilder html, string alt, string dataUri) =>
        html.Append("<img alt=\"").Append(Encode(alt)).Append("\" src=\"").Append(dataUri).Append("\" />");

    /// <summary>The information-content logo of a database motif, reverse-complemented when it matched on the reverse strand.</summary>
    public static string TargetLogo(Motif target, Strand strand)
    {
        var ppm = strand == Strand.Reverse ? target.Probabilities.ReverseComplement() : target.Probabilities;
        return SequenceLogo.InformationContent(ppm.ToArray(), new LogoOptions { ColumnWidth = 12, PlotHeight = 60, ShowPositions = false }).ToSvgDataUri();
    }

    /// <summary>Writes <paramref name="html"/> to <paramref name="path"/> as UTF-8 without a byte-order mark, atomically.</summary>
    public static void Write(string path, string html) => AtomicFile.Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(html)));
}
