namespace Genomics.Models.Compute;

/// <summary>Where one batch lies in the whole input: rows [<see cref="Start"/>, <see cref="End"/>) of dimension 0.</summary>
/// <param name="Start">The index of the batch's first example in the whole input.</param>
/// <param name="Count">The number of examples in the batch (the last batch may be smaller than the batch size).</param>
public readonly record struct BatchSlice(long Start, long Count)
{
    /// <summary>The index one past the batch's last example: <see cref="Start"/> + <see cref="Count"/>.</summary>
    public long End => Start + Count;
}
