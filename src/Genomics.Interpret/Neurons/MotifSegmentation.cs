namespace Genomics.Interpret.Neurons;

/// <summary>A segment [Start, End) of a motif's columns.</summary>
/// <param name="Start">First column.</param>
/// <param name="End">One past the last column.</param>
public readonly record struct MotifSegment(int Start, int End)
{
    /// <summary>The number of columns.</summary>
    public int Length => End - Start;
}

/// <summary>
/// NeuronMotif's segmentation: cuts a neuron's position frequency matrix into informative segments.
/// </summary>
/// <remarks>
/// Column information I = 2 − H (bits; p floored at 1e-7 in the logarithm). Coarse blocks: from the block start, columns
/// are added until the block holds <see cref="BlockBits"/> bits, then while each next column adds more than
/// <see cref="ContinueBits"/> bits, and never beyond <see cref="MaxBlock"/> columns. Inside each block, runs whose
/// centred 3-column moving mean of I exceeds <see cref="RunThreshold"/> are segments when
/// <see cref="MinLength"/> &lt; length &lt; <see cref="MaxLength"/>.
/// </remarks>
public static class MotifSegmentation
{
    /// <summary>Bits a coarse block accumulates before it may end (20).</summary>
    public const double BlockBits = 20;

    /// <summary>A block continues past <see cref="BlockBits"/> while each next column adds more than this (0.5 bits).</summary>
    public const double ContinueBits = 0.5;

    /// <summary>Longest coarse block (100 columns).</summary>
    public const int MaxBlock = 100;

    /// <summary>The moving-mean information a segment column must exceed (0.7 bits).</summary>
    public const double RunThreshold = 0.7;

    /// <summary>Segments must be longer than this (4 columns).</summary>
    public const int MinLength = 4;

    /// <summary>Segments must be shorter than this (30 columns).</summary>
    public const int MaxLength = 30;

    /// <summary>Segments a count or probability matrix.</summary>
    /// <param name="matrix">4 × W counts or probabilities (rows A, C, G, T), non-negative.</param>
    /// <returns>The segments in column order.</returns>
    /// <exception cref="ArgumentException">The matrix does not have 4 rows and at least one column, or holds a negative or non-finite value.</exception>
    public static IReadOnlyList<MotifSegment> Segment(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.GetLength(0) != 4 || matrix.GetLength(1) == 0)
        {
            throw new ArgumentException($"Expected a 4 x W matrix but got {matrix.GetLength(0)} x {matrix.GetLength(1)}.", nameof(matrix));
        }

        foreach (var v in matrix)
        {
            if (!(v >= 0) || !double.IsFinite(v))
            {
                throw new ArgumentException("Matrix entries must be finite and non-negative.", nameof(matrix));
            }
        }

        var info = NeuronMath.Information(matrix);
        var segments = new List<MotifSegment>();
        var start = 0;
        while (start < info.Length)
        {
            var end = start;
            var bits = 0.0;
            while (end < info.Length && end - start < MaxBlock && (bits < BlockBits || info[end] > ContinueBits))
            {
                bits += info[end];
                end++;
            }

            Runs(info, start, end, segments);
            start = end;
        }

        return segments;
    }

    private static void Runs(double[] info, int start, int end, List<MotifSegment> segments)
    {
        var runStart = -1;
        for (var i = start; i <= end; i++)
        {
            var above = false;
            if (i < end)
            {
                var from = Math.Max(start, i - 1);
                var to = Math.Min(end - 1, i + 1);
                var sum = 0.0;
                for (var j = from; j <= to; j++)
                {
                    sum += info[j];
                }

                above = sum / (to - from + 1) > RunThreshold;
            }

            if (above && runStart < 0)
            {
                runStart = i;
            }
            else if (!above && runStart >= 0)
            {
                var length = i - runStart;
                if (length > MinLength && length < MaxLength)
                {
                    segments.Add(new MotifSegment(runStart, i));
                }

                runStart = -1;
            }
        }
    }
}
