namespace Genomics.Interpret.Modisco;

/// <summary>Where a member seqlet sits relative to a pattern's column 0: the sequence position of that column and the reading direction.</summary>
internal readonly record struct Placement(int Example, int Anchor, bool Reverse)
{
    /// <summary>Sequence interval [start, end) covering pattern columns [a, a + w).</summary>
    public (int Start, int End) Interval(int a, int w) => Reverse ? (Anchor - a - w + 1, Anchor - a + 1) : (Anchor + a, Anchor + a + w);

    /// <summary>The placement of a matrix compared at offset <paramref name="offset"/> (its column c ↔ reference column c + offset).</summary>
    public static Placement Aligned(int example, int start, int width, int offset, bool reverse) =>
        reverse ? new Placement(example, start + width - 1 + offset, true) : new Placement(example, start - offset, false);
}

/// <summary>The three (N, 4, L) arrays of a run and matrix extraction on either strand.</summary>
internal sealed class AttributionData(float[,,] contributions, float[,,] hypothetical, float[,,] oneHot)
{
    public float[,,] Contributions { get; } = contributions;

    public float[,,] Hypothetical { get; } = hypothetical;

    public float[,,] OneHot { get; } = oneHot;

    public int Length => Contributions.GetLength(2);

    /// <summary>Pattern columns [a, a + w) of <paramref name="array"/> at <paramref name="placement"/>, or null when outside the sequence.</summary>
    public double[,]? Extract(float[,,] array, Placement placement, int a, int w)
    {
        var (start, end) = placement.Interval(a, w);
        if (start < 0 || end > Length)
        {
            return null;
        }

        var m = new double[4, w];
        for (var c = 0; c < w; c++)
        {
            for (var b = 0; b < 4; b++)
            {
                m[b, c] = placement.Reverse ? array[placement.Example, 3 - b, end - 1 - c] : array[placement.Example, b, start + c];
            }
        }

        return m;
    }
}
