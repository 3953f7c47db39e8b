using Genomics.Models.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Adapters;

/// <summary>An <see cref="ISequenceModel"/> that keeps a subset of another model's targets, in the given order.</summary>
public sealed class TargetSelection : ISequenceModel
{
    private readonly ISequenceModel _inner;
    private readonly long[] _indices;

    /// <summary>Selects targets by index.</summary>
    /// <param name="inner">The wrapped model.</param>
    /// <param name="targets">Zero-based target indices, at least one, each in [0, T).</param>
    /// <exception cref="ArgumentException">No targets, or an index out of range.</exception>
    public TargetSelection(ISequenceModel inner, params int[] targets)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Length == 0)
        {
            throw new ArgumentException("Select at least one target.", nameof(targets));
        }

        foreach (var t in targets)
        {
            if (t < 0 || t >= inner.Output.Targets)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"Target index must be in [0, {inner.Output.Targets}).");
            }
        }

        _inner = inner;
        _indices = targets.Select(t => (long)t).ToArray();
        Output = new SequenceOutputSpec(targets.Select(t => inner.Output.TargetNames[t]).ToArray(), inner.Output.Activation == OutputActivation.Softmax && targets.Length != inner.Output.Targets ? OutputActivation.None : inner.Output.Activation, inner.Output.IsStranded);
    }

    /// <summary>Selects targets by name.</summary>
    /// <param name="inner">The wrapped model.</param>
    /// <param name="targetNames">Target names, at least one.</param>
    /// <returns>The adapter.</returns>
    /// <exception cref="ArgumentException">A name is not a target of <paramref name="inner"/>.</exception>
    public static TargetSelection ByName(ISequenceModel inner, params string[] targetNames)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(targetNames);
        return new TargetSelection(inner, targetNames.Select(inner.Output.IndexOf).ToArray());
    }

    /// <inheritdoc />
    public SequenceInputSpec Input => _inner.Input;

    /// <inheritdoc />
    /// <remarks>A softmax over a strict subset of classes is no longer a softmax, so the activation becomes none then.</remarks>
    public SequenceOutputSpec Output { get; }

    /// <inheritdoc />
    public IReadOnlyList<LayerInfo> Layers => _inner.Layers;

    /// <inheritdoc />
    public nn.Module Module => _inner.Module;

    /// <inheritdoc />
    public Tensor Evaluate(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var output = _inner.Evaluate(input);
        using var index = torch.tensor(_indices, device: output.device);
        return output.index_select(1, index).MoveToOuterDisposeScope();
    }

    /// <summary>Does nothing: a view holds no native memory of its own, and the wrapped model stays its creator's to dispose.</summary>
    public void Dispose()
    {
    }
}
