using Genomics.Models.Encoding;

namespace Genomics.Models.IO;

/// <summary>Options for <see cref="FastaReader"/>.</summary>
public sealed record FastaReaderOptions
{
    /// <summary>Gets the default options: no validation, case kept.</summary>
    public static FastaReaderOptions Default { get; } = new();

    /// <summary>
    /// Gets the alphabet that sequence characters are checked against, or null (the default) to accept any
    /// character. When set, a character that is neither in the alphabet (case-insensitive; U and T both accepted)
    /// nor in <see cref="AdditionalSymbols"/> is a <see cref="DataFormatException"/> naming the file and line.
    /// </summary>
    public Alphabet? ValidationAlphabet { get; init; }

    /// <summary>
    /// Gets extra characters accepted when <see cref="ValidationAlphabet"/> is set (compared case-insensitively).
    /// Default "N". Use e.g. "NRYKMSWBDHV-" to also accept IUPAC ambiguity codes and gaps.
    /// </summary>
    public string AdditionalSymbols { get; init; } = "N";

    /// <summary>Gets a value indicating whether sequences are converted to upper case. Default false (case kept, so soft-masking survives).</summary>
    public bool ToUpperCase { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentNullException"><see cref="AdditionalSymbols"/> is null.</exception>
    public void Validate() => ArgumentNullException.ThrowIfNull(AdditionalSymbols, nameof(AdditionalSymbols));

    /// <summary>Returns true when <paramref name="symbol"/> passes validation.</summary>
    internal bool Accepts(char symbol) =>
        ValidationAlphabet is null
        || ValidationAlphabet.IndexOf(symbol) >= 0
        || AdditionalSymbols.Contains(symbol, StringComparison.OrdinalIgnoreCase);
}
