namespace Genomics.Models.Encoding;

/// <summary>
/// A four-letter nucleotide alphabet: the symbols, their channel order for one-hot encoding, and base pairing.
/// </summary>
/// <remarks>
/// Both alphabets share the channel order A, C, G, T/U (index 0..3), so a one-hot tensor means the same thing
/// whichever alphabet produced it. Lookups are case-insensitive and treat U and T as the same base in both
/// alphabets (the shared convention of the ported tools: RNA input is encoded as DNA).
/// </remarks>
public sealed class Alphabet
{
    // Index of each ASCII character in the A, C, G, T/U order; -1 for anything else.
    private static readonly sbyte[] s_indexTable = BuildIndexTable();

    // Complement of each ASCII character under DNA pairing (case kept, IUPAC codes included);
    // characters without a complement map to themselves.
    private static readonly char[] s_dnaComplementTable = BuildComplementTable();

    private readonly string _symbols;

    // Both alphabets share one table (U and T are the same base in either), but lookups go through the instance.
    private readonly sbyte[] _indexTable = s_indexTable;

    private Alphabet(string name, string symbols)
    {
        Name = name;
        _symbols = symbols;
        Symbols = Array.AsReadOnly(symbols.ToCharArray());
    }

    /// <summary>Gets the DNA alphabet: A, C, G, T.</summary>
    public static Alphabet Dna { get; } = new("DNA", "ACGT");

    /// <summary>Gets the RNA alphabet: A, C, G, U.</summary>
    public static Alphabet Rna { get; } = new("RNA", "ACGU");

    /// <summary>Gets the alphabet's name ("DNA" or "RNA").</summary>
    public string Name { get; }

    /// <summary>Gets the upper-case symbols in channel order (index 0 first).</summary>
    public IReadOnlyList<char> Symbols { get; }

    /// <summary>Gets the number of symbols, which is the channel count C of a one-hot encoding (always 4).</summary>
    public int Size => _symbols.Length;

    /// <summary>Gets the upper-case symbol of channel <paramref name="index"/>.</summary>
    /// <param name="index">Channel index, 0 to <see cref="Size"/> - 1.</param>
    /// <returns>The symbol, e.g. 'G' for index 2.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside 0 to <see cref="Size"/> - 1.</exception>
    public char SymbolAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        return _symbols[index];
    }

    /// <summary>Gets the channel index of a nucleotide.</summary>
    /// <param name="symbol">Any character. Case is ignored; 'U' and 'T' both map to index 3 in either alphabet.</param>
    /// <returns>0 for A, 1 for C, 2 for G, 3 for T or U; -1 for any other character (N, gaps, IUPAC codes, ...).</returns>
    public int IndexOf(char symbol) => symbol < _indexTable.Length ? _indexTable[symbol] : -1;

    /// <summary>Gets the Watson–Crick complement of a nucleotide in this alphabet.</summary>
    /// <param name="symbol">Any character. Case is kept: 'a' gives 't' (DNA) or 'u' (RNA).</param>
    /// <returns>
    /// The complement: A↔T/U and C↔G, written with this alphabet's symbol for the partner (so 'A' gives 'U' in
    /// <see cref="Rna"/>); IUPAC ambiguity codes map to their complements (R↔Y, K↔M, B↔V, D↔H; S, W and N map to
    /// themselves); every other character (gaps, digits, ...) is returned unchanged.
    /// </returns>
    public char Complement(char symbol)
    {
        if (symbol >= s_dnaComplementTable.Length)
        {
            return symbol;
        }

        var complement = s_dnaComplementTable[symbol];
        if (ReferenceEquals(this, Rna))
        {
            complement = complement switch
            {
                'T' => 'U',
                't' => 'u',
                _ => complement,
            };
        }

        return complement;
    }

    /// <summary>Gets the reverse complement of a sequence.</summary>
    /// <param name="sequence">The sequence; any characters, any case.</param>
    /// <returns>
    /// A new string of the same length: the sequence read backwards with each character replaced by
    /// <see cref="Complement(char)"/> (case kept; unknown characters kept as they are).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequence"/> is null.</exception>
    public string ReverseComplement(string sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return string.Create(sequence.Length, (sequence, this), static (span, state) =>
        {
            var (source, alphabet) = state;
            var last = source.Length - 1;
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet.Complement(source[last - i]);
            }
        });
    }

    /// <summary>Returns the alphabet's name.</summary>
    /// <returns>"DNA" or "RNA".</returns>
    public override string ToString() => Name;

    private static sbyte[] BuildIndexTable()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        ReadOnlySpan<char> upper = ['A', 'C', 'G', 'T'];
        for (var i = 0; i < upper.Length; i++)
        {
            table[upper[i]] = (sbyte)i;
            table[char.ToLowerInvariant(upper[i])] = (sbyte)i;
        }

        table['U'] = 3;
        table['u'] = 3;
        return table;
    }

    private static char[] BuildComplementTable()
    {
        var table = new char[128];
        for (var c = 0; c < table.Length; c++)
        {
            table[c] = (char)c;
        }

        const string From = "ACGTURYKMBVDHSWN";
        const string To = "TGCAAYRMKVBHDSWN";
        for (var i = 0; i < From.Length; i++)
        {
            table[From[i]] = To[i];
            table[char.ToLowerInvariant(From[i])] = char.ToLowerInvariant(To[i]);
        }

        return table;
    }
}
