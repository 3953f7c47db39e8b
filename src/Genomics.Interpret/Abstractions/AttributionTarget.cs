using Genomics.Models.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Abstractions;

/// <summary>
/// Which scalar of a model's (N, T) output an attribution explains: one target, the sum of several targets, or a
/// different target per example.
/// </summary>
public sealed class AttributionTarget
{
    private readonly int[] _indices;
    private readonly bool _perExample;

    private AttributionTarget(int[] indices, bool perExample)
    {
        _indices = indices;
        _perExample = perExample;
    }

    /// <summary>Explains output <paramref name="index"/> of every example.</summary>
    /// <param name="index">Zero-based target index.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static AttributionTarget Output(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new AttributionTarget([index], perExample: false);
    }

    /// <summary>Explains the sum of several outputs (e.g. all cell types of a multi-task model).</summary>
    /// <param name="indices">Zero-based target indices, at least one, no duplicates.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">No index, a negative index or a duplicate.</exception>
    public static AttributionTarget Sum(params int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Length == 0)
        {
            throw new ArgumentException("Give at least one target index.", nameof(indices));
        }

        if (indices.Any(i => i < 0))
        {
            throw new ArgumentException("Target indices must not be negative.", nameof(indices));
        }

        if (indices.Distinct().Count() != indices.Length)
        {
            throw new ArgumentException("Target indices must be distinct.", nameof(indices));
        }

        return new AttributionTarget((int[])indices.Clone(), perExample: false);
    }

    /// <summary>Explains the sum of all outputs of the model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The target.</returns>
    public static AttributionTarget All(ISequenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new AttributionTarget(Enumerable.Range(0, model.Output.Targets).ToArray(), perExample: false);
    }

    /// <summary>Explains a named output.</summary>
    /// <param name="model">The model.</param>
    /// <param name="name">The target name.</param>
    /// <returns>The target.</returns>
    public static AttributionTarget Named(ISequenceModel model, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Output(model.Output.IndexOf(name));
    }

    /// <summary>Explains output <c>indices[i]</c> for example i (e.g. each example's predicted class).</summary>
    /// <param name="indices">One zero-based target index per example.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">No index or a negative index.</exception>
    public static AttributionTarget PerExample(params int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Length == 0 || indices.Any(i => i < 0))
        {
            throw new ArgumentException("Give one non-negative target index per example.", nameof(indices));
        }

        return new AttributionTarget((int[])indices.Clone(), perExample: true);
    }

    /// <summary>True when each example has its own target.</summary>
    public bool IsPerExample => _perExample;

    /// <summary>The target indices (summed), or one per example when <see cref="IsPerExample"/>.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <summary>Checks the target against a model and a number of examples.</summary>
    /// <param name="model">The model.</param>
    /// <param name="examples">N, the number of examples.</param>
    /// <param name="paramName">The argument name reported on failure.</param>
    /// <exception cref="ArgumentException">An index is out of range, or the per-example list has the wrong length.</exception>
    public void Validate(ISequenceModel model, long examples, string paramName = "target")
    {
        ArgumentNullException.ThrowIfNull(model);
        var t = model.Output.Targets;
        foreach (var i in _indices)
        {
            if (i >= t)
            {
                throw new ArgumentException($"Target index {i} is out of range: the model has {t} output(s).", paramName);
            }
        }

        if (_perExample && _indices.Length != examples)
        {
            throw new ArgumentException($"A per-example target needs one index per example: got {_indices.Length} for {examples} example(s).", paramName);
        }
    }

    /// <summary>Reduces model outputs (B, T) to the explained scalar per example (B).</summary>
    /// <param name="outputs">Model outputs (B, T).</param>
    /// <param name="firstExample">Index of the batch's first example in the whole input (for per-example targets).</param>
    /// <returns>A new tensor (B) on the outputs' device.</returns>
    public Tensor Select(Tensor outputs, long firstExample = 0)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.dim() != 2)
        {
            throw new ArgumentException($"Model outputs must be (B, T); got {outputs.dim()} dimension(s).", nameof(outputs));
        }

        using var scope = torch.NewDisposeScope();
        Tensor result;
        if (_perExample)
        {
            var b = outputs.shape[0];
            if (firstExample < 0 || firstExample + b > _indices.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(firstExample), firstExample, "The batch lies outside the per-example target list.");
            }

            var idx = new long[b];
            for (var i = 0; i < b; i++)
            {
                idx[i] = _indices[firstExample + i];
            }

            var index = torch.tensor(idx, device: outputs.device).unsqueeze(1);
            result = outputs.gather(1, index).squeeze(1);
        }
        else if (_indices.Length == 1)
        {
            result = outputs.select(1, _indices[0]).clone();
        }
        else
        {
            var index = torch.tensor(_indices.Select(i => (long)i).ToArray(), device: outputs.device);
            result = outputs.index_select(1, index).sum(1);
        }

        return result.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string ToString() => _perExample
        ? $"per-example targets ({_indices.Length})"
        : _indices.Length == 1 ? $"target {_indices[0]}" : $"sum of targets [{string.Join(", ", _indices)}]";
}
