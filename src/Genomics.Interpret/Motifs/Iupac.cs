namespace Genomics.Interpret.Motifs;

/// <summary>IUPAC nucleotide codes as sets of channels (bit 0 = A, 1 = C, 2 = G, 3 = T/U).</summary>
internal static class Iupac
{
    private static readonly char[] s_codeOfMask = ['-', 'A', 'C', 'M', 'G', 'R', 'S', 'V', 'T', 'W', 'Y', 'H', 'K', 'D', 'B', 'N'];

    /// <summary>Gets the channel mask of an IUPAC code (case-insensitive, U = T); 0 when not a code.</summary>
    public static int MaskOf(char symbol) => char.ToUpperInvariant(symbol) switch
    {
        'A' => 0b0001,
        'C' => 0b0010,
        'G' => 0b0100,
        'T' or 'U' => 0b1000,
        'M' => 0b0011,
        'R' => 0b0101,
        'W' => 0b1001,
        'S' => 0b0110,
        'Y' => 0b1010,
        'K' => 0b1100,
        'V' => 0b0111,
        'H' => 0b1011,
        'D' => 0b1101,
        'B' => 0b1110,
        'N' or 'X' => 0b1111,
        _ => 0,
    };

    /// <summary>Gets the IUPAC code of a non-empty channel mask (DNA letters; T for channel 3).</summary>
    public static char CodeOf(int mask) => s_codeOfMask[mask & 0xF];
}
