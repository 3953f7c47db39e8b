using System.Globalization;

namespace Genomics.Models.IO;

/// <summary>
/// Reads variants from VCF files (plain, gzip or bgzip), lazily, one <see cref="Variant"/> per alternative allele.
/// </summary>
/// <remarks>
/// <para>Meta lines (<c>##</c>) are skipped; the <c>#CHROM</c> header must come before the first record and name
/// CHROM, POS, ID, REF, ALT as its first columns. Each record needs the eight fixed columns. A multi-allelic record is
/// split into one variant per ALT allele (<see cref="Variant.AlleleIndex"/> keeps its place); symbolic alleles
/// (<c>&lt;DEL&gt;</c>, …), breakends (<c>[</c>/<c>]</c>), the spanning deletion <c>*</c> and a missing ALT <c>.</c>
/// are skipped and counted (<see cref="VcfReadSummary.SymbolicSkipped"/>).</para>
/// <para>Given a genome, each REF is checked against it: the chromosome must be in the genome's index, the allele
/// must lie inside the chromosome and equal the genome's bases (case-insensitive; an N in REF matches any base). A
/// mismatch stops the read with a <see cref="DataFormatException"/> naming the file, the line and both sequences,
/// unless <see cref="VcfReadOptions.SkipReferenceMismatches"/> is set.</para>
/// <para>Every malformed line is a <see cref="DataFormatException"/> naming the file and line. Reading is lazy: the
/// file is opened when enumeration starts, errors surface while enumerating, and memory does not grow with the file.
/// Pass a <see cref="VcfReadSummary"/> to learn, once enumeration has finished, what was read and skipped.</para>
/// </remarks>
public static class VcfReader
{
    private const string DefaultSourceName = "<stream>";
    private static readonly string[] HeaderStart = ["#CHROM", "POS", "ID", "REF", "ALT"];

    /// <summary>Reads the variants of a VCF file.</summary>
    /// <param name="path">The VCF, plain or (b)gzip-compressed. It is opened when enumeration starts.</param>
    /// <param name="genome">The genome to check REF alleles against, or null to skip the check.</param>
    /// <param name="options">Skipping rules; defaults when null.</param>
    /// <param name="summary">Filled with counts while enumerating, or null.</param>
    /// <returns>A lazy sequence of variants in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">While enumerating: a malformed line or a REF mismatch (file and line named).</exception>
    public static IEnumerable<Variant> Read(string path, IndexedFasta? genome = null, VcfReadOptions? options = null, VcfReadSummary? summary = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"VCF file '{path}' does not exist.", path);
        }

        return ReadFile(path, genome, options ?? new VcfReadOptions(), summary ?? new VcfReadSummary());
    }

    /// <summary>Reads variants from VCF text.</summary>
    /// <param name="reader">The text; not disposed.</param>
    /// <param name="sourceName">The name errors give the source.</param>
    /// <param name="genome">The genome to check REF alleles against, or null.</param>
    /// <param name="options">Skipping rules; defaults when null.</param>
    /// <param name="summary">Filled with counts while enumerating, or null.</param>
    /// <returns>A lazy sequence of variants; enumerate it once.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="DataFormatException">While enumerating: a malformed line or a REF mismatch.</exception>
    public static IEnumerable<Variant> Read(TextReader reader, string sourceName = DefaultSourceName, IndexedFasta? genome = null, VcfReadOptions? options = null, VcfReadSummary? summary = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        return Parse(reader, sourceName, genome, options ?? new VcfReadOptions(), summary ?? new VcfReadSummary());
    }

    private static IEnumerable<Variant> ReadFile(string path, IndexedFasta? genome, VcfReadOptions options, VcfReadSummary summary)
    {
        using var reader = TextSource.OpenFile(path);
        foreach (var variant in Parse(reader, path, genome, options, summary))
        {
            yield return variant;
        }
    }

    private static IEnumerable<Variant> Parse(TextReader reader, string source, IndexedFasta? genome, VcfReadOptions options, VcfReadSummary summary)
    {
        var line = 0;
        var header = false;
        long record = 0;
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Length == 0 || text.StartsWith("##", StringComparison.Ordinal))
            {
                continue;
            }

            if (text.StartsWith('#'))
            {
                CheckHeader(text, source, line);
                header = true;
                continue;
            }

            if (!header)
            {
                throw new DataFormatException(source, line, "a record comes before the '#CHROM' header line; is this a VCF file?");
            }

            var fields = text.Split('\t');
            if (fields.Length < 8)
            {
                throw new DataFormatException(source, line, $"a record needs the 8 tab-separated columns CHROM POS ID REF ALT QUAL FILTER INFO; found {fields.Length}");
            }

            summary.Records++;
            var index = record++;
            var chromosome = fields[0];
            if (!long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var position) || position < 1)
            {
                throw new DataFormatException(source, line, $"POS '{fields[1]}' is not a positive integer");
            }

            var reference = fields[3].ToUpperInvariant();
            if (reference.Length == 0 || !IsBases(reference))
            {
                throw new DataFormatException(source, line, $"REF '{fields[3]}' is not a sequence of A, C, G, T and N");
            }

            if (options.PassOnly && fields[6] is not ("PASS" or "."))
            {
                summary.FilteredOut++;
                continue;
            }

            if (genome is not null && !MatchesGenome(genome, chromosome, position, reference, source, line, options))
            {
                summary.ReferenceMismatches++;
                continue;
            }

            var id = fields[2] == "." ? null : fields[2];
            var alleles = fields[4].Split(',');
            for (var a = 0; a < alleles.Length; a++)
            {
                var alternative = alleles[a];
                if (IsSymbolic(alternative))
                {
                    summary.SymbolicSkipped++;
                    continue;
                }

                var upper = alternative.ToUpperInvariant();
                if (!IsBases(upper))
                {
                    throw new DataFormatException(source, line, $"ALT allele '{alternative}' is neither a sequence of A, C, G, T and N nor a symbolic allele");
                }

                summary.Alleles++;
                yield return new Variant(chromosome, position, id, reference, upper, index, a + 1, line);
            }
        }

        if (!header)
        {
            throw new DataFormatException(source, null, "no '#CHROM' header line; is this a VCF file?");
        }
    }

    private static void CheckHeader(string text, string source, int line)
    {
        var names = text.Split('\t');
        if (names.Length < HeaderStart.Length || !HeaderStart.SequenceEqual(names.Take(HeaderStart.Length), StringComparer.Ordinal))
        {
            throw new DataFormatException(source, line, $"the header line must start with {string.Join(' ', HeaderStart)} (tab-separated); found '{(text.Length > 80 ? text[..80] + "…" : text)}'");
        }
    }

    private static bool MatchesGenome(IndexedFasta genome, string chromosome, long position, string reference, string source, int line, VcfReadOptions options)
    {
        if (!genome.Index.TryGetEntry(chromosome, out var entry))
        {
            throw new DataFormatException(source, line, $"chromosome '{chromosome}' is not in the genome FASTA '{genome.FastaPath}' (its sequences are named like '{(genome.Index.Entries.Count > 0 ? genome.Index.Entries[0].Name : "")}'); was the VCF called on another assembly or naming?");
        }

        var length = entry.Length;
        var end = position - 1 + reference.Length;
        if (end > length)
        {
            throw new DataFormatException(source, line, $"REF at {chromosome}:{position} ends at {end}, past the end of the chromosome ({length} nt) in '{genome.FastaPath}'");
        }

        var bases = genome.Fetch(chromosome, position - 1, end).ToUpperInvariant();
        for (var i = 0; i < reference.Length; i++)
        {
            if (reference[i] != 'N' && reference[i] != bases[i])
            {
                return options.SkipReferenceMismatches
                    ? false
                    : throw new DataFormatException(source, line, $"REF '{reference}' at {chromosome}:{position} differs from the genome's '{bases}' in '{genome.FastaPath}'; was the VCF called on another assembly? (set SkipReferenceMismatches to skip such records)");
            }
        }

        return true;
    }

    private static bool IsSymbolic(string allele) =>
        allele is "*" or "." || allele.StartsWith('<') || allele.Contains('[', StringComparison.Ordinal) || allele.Contains(']', StringComparison.Ordinal);

    private static bool IsBases(string allele)
    {
        foreach (var c in allele)
        {
            if (c is not ('A' or 'C' or 'G' or 'T' or 'N'))
            {
                return false;
            }
        }

        return allele.Length > 0;
    }
}
