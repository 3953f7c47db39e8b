namespace Genomics.Interpret.Mutagenesis;

/// <summary>The kind of a <see cref="SequenceEdit"/>.</summary>
public enum SequenceEditKind
{
    /// <summary>Bases written over the sequence at a position.</summary>
    Substitution,

    /// <summary>Bases inserted before a position; the rest shifts right and the end is cropped.</summary>
    Insertion,

    /// <summary>Bases removed at a position; the rest shifts left and the end is filled.</summary>
    Deletion,
}

/// <summary>
/// A variant applied to one example of a one-hot batch, keeping its length L:
/// a substitution writes <see cref="Bases"/> at positions p … p + k − 1;
/// an insertion puts <see cref="Bases"/> at p … p + k − 1 and shifts the original bases from p on to the right, dropping
/// the last k (cropped at the right end);
/// a deletion removes the <see cref="Length"/> bases at p … p + k − 1, shifts the rest left and fills the last k positions
/// at the right end with N (all-zero columns) or with the first k bases of <see cref="SequenceEditOptions.DeletionFill"/>.
/// 'N' (or any non-ACGT letter) in <see cref="Bases"/> writes an all-zero column.
/// </summary>
/// <param name="Kind">Substitution, insertion or deletion.</param>
/// <param name="Example">The example the edit applies to.</param>
/// <param name="Position">p, zero-based.</param>
/// <param name="Bases">The bases written or inserted (empty for a deletion).</param>
/// <param name="Length">The number of bases deleted (0 for the other kinds).</param>
public sealed record SequenceEdit(SequenceEditKind Kind, int Example, int Position, string Bases, int Length)
{
    /// <summary>A substitution of <paramref name="bases"/> at <paramref name="position"/>.</summary>
    /// <param name="example">The example.</param>
    /// <param name="position">The first substituted position.</param>
    /// <param name="bases">The new bases, at least one.</param>
    /// <returns>The edit.</returns>
    public static SequenceEdit Substitution(int example, int position, string bases) => new(SequenceEditKind.Substitution, example, position, bases, 0);

    /// <summary>An insertion of <paramref name="bases"/> before <paramref name="position"/>.</summary>
    /// <param name="example">The example.</param>
    /// <param name="position">Where the first inserted base goes.</param>
    /// <param name="bases">The inserted bases, at least one.</param>
    /// <returns>The edit.</returns>
    public static SequenceEdit Insertion(int example, int position, string bases) => new(SequenceEditKind.Insertion, example, position, bases, 0);

    /// <summary>A deletion of <paramref name="length"/> bases starting at <paramref name="position"/>.</summary>
    /// <param name="example">The example.</param>
    /// <param name="position">The first deleted position.</param>
    /// <param name="length">The number of deleted bases, at least one.</param>
    /// <returns>The edit.</returns>
    public static SequenceEdit Deletion(int example, int position, int length) => new(SequenceEditKind.Deletion, example, position, string.Empty, length);

    /// <summary>Applies the edit to a sequence given as letters.</summary>
    /// <param name="sequence">The sequence (length L).</param>
    /// <param name="deletionFill">Fill for deletions (at least <see cref="Length"/> letters), or null for N.</param>
    /// <returns>The edited sequence, length L.</returns>
    /// <exception cref="ArgumentException">The edit does not fit the sequence.</exception>
    public string Apply(string sequence, string? deletionFill = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var l = sequence.Length;
        if (Position < 0 || Position >= l)
        {
            throw new ArgumentException($"Position {Position} lies outside the sequence (length {l}).", nameof(sequence));
        }

        switch (Kind)
        {
            case SequenceEditKind.Substitution:
                RequireBases();
                if (Position + Bases.Length > l)
                {
                    throw new ArgumentException($"A {Bases.Length}-base substitution at {Position} runs past the end (length {l}).", nameof(sequence));
                }

                return string.Concat(sequence.AsSpan(0, Position), Bases, sequence.AsSpan(Position + Bases.Length));
            case SequenceEditKind.Insertion:
                RequireBases();
                var inserted = string.Concat(sequence.AsSpan(0, Position), Bases, sequence.AsSpan(Position));
                return inserted[..l];
            default:
                if (Length < 1 || Position + Length > l)
                {
                    throw new ArgumentException($"A deletion of {Length} base(s) at {Position} must lie inside the sequence (length {l}).", nameof(sequence));
                }

                string fill;
                if (deletionFill is null)
                {
                    fill = new string('N', Length);
                }
                else if (deletionFill.Length < Length)
                {
                    throw new ArgumentException($"The deletion fill has {deletionFill.Length} letter(s); a deletion of {Length} needs as many.", nameof(deletionFill));
                }
                else
                {
                    fill = deletionFill[..Length];
                }

                return string.Concat(sequence.AsSpan(0, Position), sequence.AsSpan(Position + Length), fill);
        }
    }

    private void RequireBases()
    {
        if (string.IsNullOrEmpty(Bases))
        {
            throw new ArgumentException($"A {Kind.ToString().ToLowerInvariant()} needs at least one base.", nameof(Bases));
        }
    }
}

/// <summary>Settings of <see cref="SequenceEditEffects"/>.</summary>
public sealed record SequenceEditOptions
{
    /// <summary>Letters filling the right end after a deletion (the first k are used); null for N (all-zero columns).</summary>
    public string? DeletionFill { get; init; }
}
