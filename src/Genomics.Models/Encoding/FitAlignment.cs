namespace Genomics.Models.Encoding;

/// <summary>
/// Where a sequence sits inside the fixed-length window of <see cref="SequenceLength.Fit(string, int, FitAlignment, char)"/>,
/// which decides the side that is cropped or padded.
/// </summary>
public enum FitAlignment
{
    /// <summary>
    /// The sequence keeps its first base at position 0: a long sequence loses bases from its right (3') end, a short
    /// one is padded on the right. <c>Fit("ACGTAC", 4, Left)</c> = "ACGT"; <c>Fit("AC", 4, Left)</c> = "ACNN".
    /// </summary>
    Left,

    /// <summary>
    /// The sequence keeps its last base at the last position: a long sequence loses bases from its left (5') end, a
    /// short one is padded on the left. <c>Fit("ACGTAC", 4, Right)</c> = "GTAC"; <c>Fit("AC", 4, Right)</c> = "NNAC".
    /// </summary>
    Right,

    /// <summary>
    /// The sequence stays centred: the difference d = |length − target| is split into ⌊d/2⌋ on the left and
    /// ⌈d/2⌉ on the right, so with an odd difference the right side gets the extra base (cropped or padded).
    /// This matches the usual centre crop <c>s[(L − target) / 2 ..][..target]</c>.
    /// <c>Fit("ACGTA", 2, Centre)</c> = "CG"; <c>Fit("AC", 5, Centre)</c> = "NACNN".
    /// </summary>
    Centre,
}
