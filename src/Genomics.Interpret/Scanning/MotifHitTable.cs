using System.Globalization;
using Genomics.Interpret.Motifs;
using Genomics.Models.IO;

namespace Genomics.Interpret.Scanning;

/// <summary>
/// Writes scan hits as FIMO writes them: <c>fimo.tsv</c> (columns motif_id, motif_alt_id, sequence_name, start, stop,
/// strand, score, p-value, q-value, matched_sequence; 1-based inclusive coordinates; score as %g, p- and q-values as
/// %.3g) and <c>fimo.gff</c> (GFF3, one <c>nucleotide_motif</c> feature per hit with FIMO's attributes).
/// </summary>
public static class MotifHitTable
{
    /// <summary>The TSV header columns, FIMO's.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["motif_id", "motif_alt_id", "sequence_name", "start", "stop", "strand", "score", "p-value", "q-value", "matched_sequence"];

    /// <summary>Writes the TSV table to a file atomically.</summary>
    /// <param name="path">The destination (its folder must exist).</param>
    /// <param name="hits">The hits.</param>
    /// <param name="sequenceNames">Name of each scanned sequence, indexed by <see cref="MotifHit.SequenceIndex"/>.</param>
    /// <exception cref="ArgumentNullException">An argument or hit is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hit's sequence index has no name.</exception>
    public static void WriteTsv(string path, IEnumerable<MotifHit> hits, IReadOnlyList<string> sequenceNames)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(sequenceNames);
        MotifText.WriteAtomically(path, writer => WriteTsv(writer, hits, sequenceNames));
    }

    /// <summary>Writes the TSV table; the q-value cell is empty for hits without one.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="hits">The hits.</param>
    /// <param name="sequenceNames">Name of each scanned sequence, indexed by <see cref="MotifHit.SequenceIndex"/>.</param>
    /// <exception cref="ArgumentNullException">An argument or hit is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hit's sequence index has no name.</exception>
    public static void WriteTsv(TextWriter writer, IEnumerable<MotifHit> hits, IReadOnlyList<string> sequenceNames)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(sequenceNames);
        writer.Write(string.Join('\t', Columns));
        writer.Write('\n');
        foreach (var hit in hits)
        {
            ArgumentNullException.ThrowIfNull(hit, nameof(hits));
            writer.Write(string.Join(
                '\t',
                hit.MotifId,
                hit.MotifAltId ?? string.Empty,
                NameOf(hit, sequenceNames),
                (hit.Start + 1).ToString(CultureInfo.InvariantCulture),
                hit.End.ToString(CultureInfo.InvariantCulture),
                StrandChar(hit),
                CFormat.G(hit.Score),
                CFormat.G(hit.PValue, 3),
                hit.QValue is double q ? CFormat.G(q, 3) : string.Empty,
                hit.Site));
            writer.Write('\n');
        }
    }

    /// <summary>Writes the GFF3 file atomically.</summary>
    /// <param name="path">The destination (its folder must exist).</param>
    /// <param name="hits">The hits, grouped by motif and, within a motif, by sequence (as a scan gives them).</param>
    /// <param name="sequenceNames">Name of each scanned sequence, indexed by <see cref="MotifHit.SequenceIndex"/>.</param>
    /// <exception cref="ArgumentNullException">An argument or hit is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hit's sequence index has no name.</exception>
    public static void WriteGff3(string path, IEnumerable<MotifHit> hits, IReadOnlyList<string> sequenceNames)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(sequenceNames);
        MotifText.WriteAtomically(path, writer => WriteGff3(writer, hits, sequenceNames));
    }

    /// <summary>
    /// Writes GFF3 as FIMO's <c>fimo.gff</c>: a <c>##gff-version 3</c> line, then per hit the sequence name, source
    /// <c>fimo</c>, type <c>nucleotide_motif</c>, 1-based start and end, score min(1000, −10 log₁₀ p) as %3.3g, strand,
    /// phase <c>.</c> and the attributes <c>Name=motif_sequence±;Alias=alt;ID=motif-alt-n-sequence;pvalue=…;[qvalue=…;]sequence=…;</c>,
    /// where n counts the hits of that motif in that sequence from 1.
    /// </summary>
    /// <param name="writer">The destination.</param>
    /// <param name="hits">The hits, grouped by motif and, within a motif, by sequence (as a scan gives them).</param>
    /// <param name="sequenceNames">Name of each scanned sequence, indexed by <see cref="MotifHit.SequenceIndex"/>.</param>
    /// <exception cref="ArgumentNullException">An argument or hit is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hit's sequence index has no name.</exception>
    public static void WriteGff3(TextWriter writer, IEnumerable<MotifHit> hits, IReadOnlyList<string> sequenceNames)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(sequenceNames);
        writer.Write("##gff-version 3\n");
        string? motif = null;
        var sequence = -1;
        var number = 0;
        foreach (var hit in hits)
        {
            ArgumentNullException.ThrowIfNull(hit, nameof(hits));
            if (!string.Equals(hit.MotifId, motif, StringComparison.Ordinal) || hit.SequenceIndex != sequence)
            {
                (motif, sequence, number) = (hit.MotifId, hit.SequenceIndex, 0);
            }

            number++;
            var name = NameOf(hit, sequenceNames);
            var alt = hit.MotifAltId ?? string.Empty;
            var strand = StrandChar(hit);

            // FIMO: MIN(1000, -4.342 * ln p), i.e. -10 log10 p, printed with %3.3g.
            var score = Math.Min(1000.0, -4.342 * (hit.PValue > 0 ? Math.Log(hit.PValue) : -1e10));
            var q = hit.QValue is double qValue ? $"qvalue={CFormat.G(qValue, 3)};" : string.Empty;
            writer.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}\tfimo\tnucleotide_motif\t{hit.Start + 1}\t{hit.End}\t{CFormat.G(score, 3, 3)}\t{strand}\t.\t"
                + $"Name={hit.MotifId}_{name}{strand};Alias={alt};ID={hit.MotifId}{(alt.Length > 0 ? "-" : string.Empty)}{alt}-{number}-{name};"
                + $"pvalue={CFormat.G(hit.PValue, 3)};{q}sequence={hit.Site};\n"));
        }
    }

    private static string NameOf(MotifHit hit, IReadOnlyList<string> names)
    {
        if ((uint)hit.SequenceIndex >= (uint)names.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(names), hit.SequenceIndex, $"Hit of motif '{hit.MotifId}' is in sequence {hit.SequenceIndex}, but {names.Count} sequence name(s) were given.");
        }

        return names[hit.SequenceIndex];
    }

    private static string StrandChar(MotifHit hit) => hit.Strand == Strand.Reverse ? "-" : "+";
}
