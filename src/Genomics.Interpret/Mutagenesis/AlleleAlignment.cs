namespace Genomics.Interpret.Mutagenesis;

/// <summary>
/// A global alignment of two alleles with affine gaps and DeepAllele's scores (Muquesting/DeepAllele-public): match 1, mismatch 0,
/// gap opening −0.5 (the first gap position), gap extension −0.1 (every further position); end gaps cost the same.
/// </summary>
/// <remarks>
/// Gotoh's algorithm in O(n·m) time with one byte of traceback per cell and state. Among equally good alignments the
/// traceback prefers, walking back from the end, a (mis)match column, then a gap in the second allele, then a gap in the
/// first, so gaps are placed as far left as the scores allow. Letters are compared exactly (N matches N).
/// </remarks>
public sealed record AlleleAlignment(string AlignedFirst, string AlignedSecond, double Score)
{
    /// <summary>Score of identical letters.</summary>
    public const double Match = 1.0;

    /// <summary>Score of different letters.</summary>
    public const double Mismatch = 0.0;

    /// <summary>Score of the first position of a gap.</summary>
    public const double GapOpen = -0.5;

    /// <summary>Score of every further position of a gap.</summary>
    public const double GapExtend = -0.1;

    private const byte FromMatch = 0;
    private const byte FromFirstGap = 1;
    private const byte FromSecondGap = 2;

    /// <summary>Aligns two sequences globally.</summary>
    /// <param name="first">The first allele (letters; '-' is not allowed).</param>
    /// <param name="second">The second allele.</param>
    /// <returns>The alignment: both strings padded with '-' to a common length, and its score.</returns>
    /// <exception cref="ArgumentException">A sequence contains '-'.</exception>
    public static AlleleAlignment Align(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Contains('-', StringComparison.Ordinal))
        {
            throw new ArgumentException("Sequences to align must not contain '-'.", nameof(first));
        }

        if (second.Contains('-', StringComparison.Ordinal))
        {
            throw new ArgumentException("Sequences to align must not contain '-'.", nameof(second));
        }

        var n = first.Length;
        var m = second.Length;
        var width = m + 1;

        // State M: column i, j is a (mis)match; X: first[i] against a gap (gap in the second); Y: gap in the first.
        var tracebackM = new byte[(n + 1) * width];
        var tracebackX = new byte[(n + 1) * width];
        var tracebackY = new byte[(n + 1) * width];
        var previousM = new double[width];
        var previousX = new double[width];
        var previousY = new double[width];
        var currentM = new double[width];
        var currentX = new double[width];
        var currentY = new double[width];
        const double none = double.NegativeInfinity;
        previousM[0] = 0;
        previousX[0] = none;
        previousY[0] = none;
        for (var j = 1; j <= m; j++)
        {
            previousM[j] = none;
            previousX[j] = none;
            previousY[j] = GapOpen + ((j - 1) * GapExtend);
            tracebackY[j] = j == 1 ? FromMatch : FromSecondGap;
        }

        for (var i = 1; i <= n; i++)
        {
            currentM[0] = none;
            currentY[0] = none;
            currentX[0] = GapOpen + ((i - 1) * GapExtend);
            tracebackX[i * width] = i == 1 ? FromMatch : FromFirstGap;
            for (var j = 1; j <= m; j++)
            {
                var cell = (i * width) + j;
                var s = first[i - 1] == second[j - 1] ? Match : Mismatch;
                (currentM[j], tracebackM[cell]) = Best(previousM[j - 1], previousX[j - 1], previousY[j - 1]);
                currentM[j] += s;
                (currentX[j], tracebackX[cell]) = Best(previousM[j] + GapOpen, previousX[j] + GapExtend, previousY[j] + GapOpen);
                (currentY[j], tracebackY[cell]) = Best(currentM[j - 1] + GapOpen, currentX[j - 1] + GapOpen, currentY[j - 1] + GapExtend);
            }

            (previousM, currentM) = (currentM, previousM);
            (previousX, currentX) = (currentX, previousX);
            (previousY, currentY) = (currentY, previousY);
        }

        var (score, state) = Best(previousM[m], previousX[m], previousY[m]);
        if (n == 0 && m == 0)
        {
            return new AlleleAlignment(string.Empty, string.Empty, 0);
        }

        var a = new List<char>(n + m);
        var b = new List<char>(n + m);
        int ii = n, jj = m;
        while (ii > 0 || jj > 0)
        {
            var cell = (ii * width) + jj;
            switch (state)
            {
                case FromMatch when ii > 0 && jj > 0:
                    a.Add(first[ii - 1]);
                    b.Add(second[jj - 1]);
                    state = tracebackM[cell];
                    ii--;
                    jj--;
                    break;
                case FromFirstGap when ii > 0:
                    a.Add(first[ii - 1]);
                    b.Add('-');
                    state = tracebackX[cell];
                    ii--;
                    break;
                default:
                    if (jj == 0)
                    {
                        // Only the first allele is left: its gap state is forced.
                        state = FromFirstGap;
                        continue;
                    }

                    a.Add('-');
                    b.Add(second[jj - 1]);
                    state = tracebackY[cell];
                    jj--;
                    break;
            }

            if (ii > 0 && jj == 0)
            {
                state = FromFirstGap;
            }
            else if (ii == 0 && jj > 0)
            {
                state = FromSecondGap;
            }
        }

        a.Reverse();
        b.Reverse();
        return new AlleleAlignment(new string([.. a]), new string([.. b]), score);
    }

    /// <summary>
    /// Walks the alignment as DeepAllele does: each mismatching column without gaps is a SNV; each maximal run of
    /// columns with a gap on either side is one indel spanning the run.
    /// </summary>
    /// <returns>The variants in alignment order.</returns>
    public IReadOnlyList<AlleleVariant> Variants()
    {
        var variants = new List<AlleleVariant>();
        int firstPosition = 0, secondPosition = 0;
        var c = 0;
        while (c < AlignedFirst.Length)
        {
            var x = AlignedFirst[c];
            var y = AlignedSecond[c];
            if (x != '-' && y != '-')
            {
                if (x != y)
                {
                    variants.Add(new AlleleVariant(AlleleVariantKind.Snv, c, c + 1, x.ToString(), y.ToString(), firstPosition, secondPosition));
                }

                firstPosition++;
                secondPosition++;
                c++;
                continue;
            }

            var start = c;
            while (c < AlignedFirst.Length && (AlignedFirst[c] == '-' || AlignedSecond[c] == '-'))
            {
                c++;
            }

            var a = AlignedFirst[start..c].Replace("-", string.Empty, StringComparison.Ordinal);
            var b = AlignedSecond[start..c].Replace("-", string.Empty, StringComparison.Ordinal);
            variants.Add(new AlleleVariant(AlleleVariantKind.Indel, start, c, a, b, firstPosition, secondPosition));
            firstPosition += a.Length;
            secondPosition += b.Length;
        }

        return variants;
    }

    /// <summary>
    /// One allele with the other's allele written at a variant's span (DeepAllele's allele swap), gaps removed.
    /// </summary>
    /// <param name="variant">A variant of this alignment.</param>
    /// <param name="intoFirst">True to modify the first allele (writing the second's bases), false for the second.</param>
    /// <returns>The modified allele without gaps.</returns>
    public string Swap(AlleleVariant variant, bool intoFirst)
    {
        ArgumentNullException.ThrowIfNull(variant);
        if (variant.Start < 0 || variant.End > AlignedFirst.Length || variant.Start >= variant.End)
        {
            throw new ArgumentException("The variant does not lie in this alignment.", nameof(variant));
        }

        var target = intoFirst ? AlignedFirst : AlignedSecond;
        var source = intoFirst ? AlignedSecond : AlignedFirst;
        var swapped = string.Concat(target.AsSpan(0, variant.Start), source.AsSpan(variant.Start, variant.End - variant.Start), target.AsSpan(variant.End));
        return swapped.Replace("-", string.Empty, StringComparison.Ordinal);
    }

    private static (double Score, byte From) Best(double fromMatch, double fromFirstGap, double fromSecondGap)
    {
        const double tie = 1e-9;
        var best = fromMatch;
        var from = FromMatch;
        if (fromFirstGap > best + tie)
        {
            best = fromFirstGap;
            from = FromFirstGap;
        }

        if (fromSecondGap > best + tie)
        {
            best = fromSecondGap;
            from = FromSecondGap;
        }

        return (best, from);
    }
}

/// <summary>The kind of an <see cref="AlleleVariant"/>.</summary>
public enum AlleleVariantKind
{
    /// <summary>A single mismatching column.</summary>
    Snv,

    /// <summary>A run of gap columns (insertion/deletion, possibly with partner bases).</summary>
    Indel,
}

/// <summary>One variant between two aligned alleles.</summary>
/// <param name="Kind">SNV or indel.</param>
/// <param name="Start">First alignment column.</param>
/// <param name="End">End alignment column (exclusive).</param>
/// <param name="FirstAllele">The first allele's bases in the span (no gaps; empty for an insertion in the second).</param>
/// <param name="SecondAllele">The second allele's bases in the span.</param>
/// <param name="FirstPosition">Position of the span in the first allele's own coordinates.</param>
/// <param name="SecondPosition">Position of the span in the second allele's own coordinates.</param>
public sealed record AlleleVariant(AlleleVariantKind Kind, int Start, int End, string FirstAllele, string SecondAllele, int FirstPosition, int SecondPosition);
