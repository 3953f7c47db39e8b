using System.Globalization;

namespace Genomics.Models.Data;

/// <summary>Extracts the chromosome from region names, for chromosome hold-out splits.</summary>
/// <remarks>
/// Two spellings are recognised:
/// <list type="bullet">
/// <item><c>chrom:start-end</c> (also <c>chrom:pos</c> or anything after the colon, e.g. <c>chr1:10-20(+)</c>):
/// the chromosome is the text before the first colon.</item>
/// <item><c>chrom-start-end</c> with integer start and end (DeepAllele peak names such as
/// <c>chr16-123-456</c>): the chromosome is the text before the last two dash-separated fields, so a
/// chromosome name containing dashes survives.</item>
/// </list>
/// The chromosome is returned exactly as written (no case folding, no adding or removing a <c>chr</c> prefix).
/// </remarks>
public static class ChromosomeNames
{
    /// <summary>Returns the chromosome of a region name such as <c>chr16-123-456</c> or <c>chr1:10-20</c>.</summary>
    /// <param name="regionName">A region name in one of the recognised spellings (see <see cref="ChromosomeNames"/>).</param>
    /// <returns>The chromosome part, non-empty.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="regionName"/> is null.</exception>
    /// <exception cref="ArgumentException">The name matches neither spelling.</exception>
    public static string Parse(string regionName)
    {
        ArgumentNullException.ThrowIfNull(regionName);
        if (!TryParse(regionName, out var chromosome))
        {
            throw new ArgumentException(
                $"Cannot find a chromosome in region name '{regionName}'; expected 'chrom:start-end' or 'chrom-start-end'.",
                nameof(regionName));
        }

        return chromosome;
    }

    /// <summary>Tries to extract the chromosome of a region name.</summary>
    /// <param name="regionName">A region name; null or unrecognised names give false.</param>
    /// <param name="chromosome">The chromosome part when the method returns true; otherwise an empty string.</param>
    /// <returns>True when the name matches one of the recognised spellings.</returns>
    public static bool TryParse(string? regionName, out string chromosome)
    {
        chromosome = string.Empty;
        if (string.IsNullOrEmpty(regionName))
        {
            return false;
        }

        var colon = regionName.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            if (colon == 0)
            {
                return false;
            }

            chromosome = regionName[..colon];
            return true;
        }

        var lastDash = regionName.LastIndexOf('-');
        if (lastDash <= 0)
        {
            return false;
        }

        var previousDash = regionName.LastIndexOf('-', lastDash - 1);
        if (previousDash <= 0
            || !IsCoordinate(regionName.AsSpan(previousDash + 1, lastDash - previousDash - 1))
            || !IsCoordinate(regionName.AsSpan(lastDash + 1)))
        {
            return false;
        }

        chromosome = regionName[..previousDash];
        return true;
    }

    /// <summary>Parses the chromosome of every region name.</summary>
    /// <param name="regionNames">Region names, one per sample.</param>
    /// <returns>The chromosome of each name, in the same order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="regionNames"/> is null.</exception>
    /// <exception cref="ArgumentException">A name is null or matches neither spelling; the message gives its index.</exception>
    public static string[] ParseAll(IReadOnlyList<string> regionNames)
    {
        ArgumentNullException.ThrowIfNull(regionNames);
        var result = new string[regionNames.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if (!TryParse(regionNames[i], out result[i]))
            {
                throw new ArgumentException(
                    $"Cannot find a chromosome in region name '{regionNames[i]}' at index {i}; expected 'chrom:start-end' or 'chrom-start-end'.",
                    nameof(regionNames));
            }
        }

        return result;
    }

    private static bool IsCoordinate(ReadOnlySpan<char> text) =>
        !text.IsEmpty && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
