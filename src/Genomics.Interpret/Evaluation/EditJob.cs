namespace Genomics.Interpret.Evaluation;

/// <summary>
/// What an <see cref="EditEvaluator"/> evaluates, and where the outputs go: R reference inputs (4, L) and edits of
/// them, edit i replacing the columns [<see cref="StartOf"/>(i), + <see cref="WidthOf"/>(i)) of reference
/// <see cref="ReferenceOf"/>(i) by a window (4, w). The evaluator hands every edit's outputs (all T targets) to
/// <see cref="EditDone"/> exactly once, in an order of its choosing, from the calling thread.
/// </summary>
/// <remarks>
/// <see cref="WriteReference"/> and <see cref="WriteWindow"/> may be called from several threads at once; the
/// callbacks are called from one thread at a time.
/// </remarks>
internal abstract class EditJob
{
    /// <summary>Describes the job.</summary>
    /// <param name="references">R, the number of reference inputs (at least one).</param>
    /// <param name="length">L, the length of every input.</param>
    /// <param name="count">The number of edits (0 or more).</param>
    /// <param name="referenceOutputs">
    /// Whether the references' own outputs are needed: then every reference is evaluated, passed to
    /// <see cref="ReferenceDone"/> and to <see cref="EditDone"/> with its edits; otherwise only the references that
    /// have edits are used and <see cref="EditDone"/> receives an empty span.
    /// </param>
    /// <param name="stage">The stage name of the edits in logs (e.g. "ism", "synergy").</param>
    protected EditJob(int references, int length, long count, bool referenceOutputs, string stage)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(references);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        References = references;
        Length = length;
        Count = count;
        ReferenceOutputs = referenceOutputs;
        Stage = stage;
    }

    /// <summary>R, the number of reference inputs.</summary>
    public int References { get; }

    /// <summary>L, the length of every input.</summary>
    public int Length { get; }

    /// <summary>The number of edits.</summary>
    public long Count { get; }

    /// <summary>Whether the references' own outputs are needed.</summary>
    public bool ReferenceOutputs { get; }

    /// <summary>The stage name of the edits in logs.</summary>
    public string Stage { get; }

    /// <summary>Writes reference <paramref name="reference"/> (4 · L floats, channel-major) into a zeroed buffer.</summary>
    public abstract void WriteReference(int reference, Span<float> input);

    /// <summary>The reference edit <paramref name="edit"/> is made in.</summary>
    public abstract int ReferenceOf(long edit);

    /// <summary>The first column edit <paramref name="edit"/> replaces.</summary>
    public abstract int StartOf(long edit);

    /// <summary>The number of columns edit <paramref name="edit"/> replaces (at least one; the window lies inside the input).</summary>
    public abstract int WidthOf(long edit);

    /// <summary>Writes the replacement columns of edit <paramref name="edit"/> (4 · w floats, channel-major) into a zeroed buffer.</summary>
    public abstract void WriteWindow(long edit, Span<float> window);

    /// <summary>Receives the outputs (T) of a reference; called only when <see cref="ReferenceOutputs"/> is true.</summary>
    public virtual void ReferenceDone(int reference, ReadOnlySpan<float> outputs)
    {
    }

    /// <summary>Receives the outputs (T) of an edit and of its reference (empty unless <see cref="ReferenceOutputs"/>).</summary>
    public abstract void EditDone(long edit, ReadOnlySpan<float> outputs, ReadOnlySpan<float> referenceOutputs);

    /// <summary>Called after each batch of references (<paramref name="references"/> true) or edits with its size.</summary>
    public virtual void BatchDone(bool references, int count)
    {
    }
}
