using Genomics.Models.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Adapters;

/// <summary>
/// Presents an <see cref="IPairedSequenceModel"/> as an <see cref="ISequenceModel"/>: one side varies (it is the
/// input), the other is fixed, so every single-input engine (saliency, DeepLIFT, ISM) works on paired models unchanged.
/// </summary>
/// <remarks>
/// A fixed side holds one sequence per example, (N, C, L) — row i is paired with input row i, so the input must have
/// exactly N rows — or a single sequence (1, C, L) paired with every input row. The fixed tensor is kept on the CPU
/// and moved to the model's device on each call. The view owns a copy of it; dispose the view to free it.
/// </remarks>
public sealed class PairedAlleleView : ISequenceModel, IDisposable
{
    private readonly IPairedSequenceModel _inner;
    private readonly Tensor? _fixed;

    /// <summary>Creates a view.</summary>
    /// <param name="inner">The paired model.</param>
    /// <param name="mode">Which side varies.</param>
    /// <param name="fixedSide">The fixed side, (N, C, L) or (1, C, L); required unless <paramref name="mode"/> is <see cref="PairedAlleleMode.Both"/>.</param>
    /// <exception cref="ArgumentException">The fixed side is missing or does not match the model's input.</exception>
    public PairedAlleleView(IPairedSequenceModel inner, PairedAlleleMode mode, Tensor? fixedSide = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (mode != PairedAlleleMode.Both)
        {
            if (fixedSide is null)
            {
                throw new ArgumentException($"Mode {mode} needs the fixed side.", nameof(fixedSide));
            }

            inner.Input.Validate(fixedSide, nameof(fixedSide));
            _fixed = fixedSide.detach().to(ScalarType.Float32, torch.CPU).clone();
        }

        _inner = inner;
        Mode = mode;
    }

    /// <summary>Which side varies.</summary>
    public PairedAlleleMode Mode { get; }

    /// <inheritdoc />
    public SequenceInputSpec Input => _inner.Input;

    /// <inheritdoc />
    public SequenceOutputSpec Output => _inner.Output;

    /// <inheritdoc />
    public IReadOnlyList<LayerInfo> Layers => _inner.Layers;

    /// <inheritdoc />
    public nn.Module Module => _inner.Module;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The fixed side has several rows and their number differs from the input's.</exception>
    public Tensor Evaluate(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_fixed is null)
        {
            return _inner.Evaluate(input, input);
        }

        using var scope = torch.NewDisposeScope();
        var n = input.shape[0];
        Tensor other;
        if (_fixed.shape[0] == 1)
        {
            other = _fixed.to(input.device).expand(n, _fixed.shape[1], _fixed.shape[2]);
        }
        else if (_fixed.shape[0] == n)
        {
            other = _fixed.to(input.device);
        }
        else
        {
            throw new ArgumentException($"The fixed side has {_fixed.shape[0]} rows but the input has {n}; use one fixed row or one per input row.", nameof(input));
        }

        var output = Mode == PairedAlleleMode.VaryFirst ? _inner.Evaluate(input, other) : _inner.Evaluate(other, input);
        return output.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose() => _fixed?.Dispose();
}
