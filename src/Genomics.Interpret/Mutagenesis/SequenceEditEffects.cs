using Genomics.Interpret.Abstractions;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>Effects of edits on a single-sequence model. Owns its tensors (float32, CPU).</summary>
public sealed class SequenceEditResult : IDisposable
{
    internal SequenceEditResult(Tensor reference, Tensor edited)
    {
        Reference = reference;
        Edited = edited;
        Delta = edited - reference;
    }

    /// <summary>The function's value for each edit's unedited example (E, ...).</summary>
    public Tensor Reference { get; }

    /// <summary>The function's value for each edited sequence (E, ...).</summary>
    public Tensor Edited { get; }

    /// <summary>Edited − Reference (E, ...).</summary>
    public Tensor Delta { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Reference.Dispose();
        Edited.Dispose();
        Delta.Dispose();
    }
}

/// <summary>
/// Substitution, insertion and deletion effects on a single-sequence model (window rules in <see cref="SequenceEdit"/>):
/// each edited sequence is evaluated with an <see cref="ISequenceFunction"/> (predictions by default) and compared with
/// its unedited example.
/// </summary>
/// <remarks>
/// <para><b>Thread safety.</b> These methods keep no shared state and may be called from several threads at once, on one model or on several: every call holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>.</para>
/// </remarks>
public static class SequenceEditEffects
{
    /// <summary>Evaluates every edit.</summary>
    /// <param name="model">The model (one-hot DNA input).</param>
    /// <param name="sequences">One-hot examples (N, 4, L) on the CPU; not modified.</param>
    /// <param name="edits">The edits; each names its example.</param>
    /// <param name="function">What to compute; raw predictions when null.</param>
    /// <param name="options">Deletion fill; defaults when null.</param>
    /// <param name="context">Device, batch size and logging.</param>
    /// <param name="progress">Forwarded to the function for the edited sequences; optional.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Reference, edited and delta values, one row per edit.</returns>
    /// <exception cref="ArgumentException">An edit does not fit its example, or the input is not one-hot.</exception>
    public static SequenceEditResult Evaluate(ISequenceModel model, Tensor sequences, IReadOnlyList<SequenceEdit> edits, ISequenceFunction? function = null, SequenceEditOptions? options = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(edits);
        model.Input.Validate(sequences, nameof(sequences));
        if (edits.Count == 0)
        {
            throw new ArgumentException("Give at least one edit.", nameof(edits));
        }

        string[] decoded;
        try
        {
            decoded = OneHotEncoder.Decode(sequences);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Edits need one-hot input: {e.Message}", nameof(sequences), e);
        }

        var f = function ?? new PredictionFunction();
        var edited = new string[edits.Count];
        var examples = new long[edits.Count];
        for (var i = 0; i < edits.Count; i++)
        {
            var edit = edits[i] ?? throw new ArgumentException("An edit is null.", nameof(edits));
            if (edit.Example < 0 || edit.Example >= decoded.Length)
            {
                throw new ArgumentException($"Edit {i} names example {edit.Example}, but there are {decoded.Length}.", nameof(edits));
            }

            try
            {
                edited[i] = edit.Apply(decoded[edit.Example], options?.DeletionFill);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Edit {i}: {e.Message}", nameof(edits), e);
            }

            examples[i] = edit.Example;
        }

        using var reference = f.Apply(model, sequences, context, null, cancellationToken);
        using var index = torch.tensor(examples);
        using var editedInput = OneHotEncoder.Encode(edited);
        var editedValues = f.Apply(model, editedInput, context, progress, cancellationToken);
        return new SequenceEditResult(reference.index_select(0, index), editedValues);
    }
}
