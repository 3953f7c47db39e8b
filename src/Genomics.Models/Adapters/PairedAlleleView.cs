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
/// When the paired model is an <see cref="IPairedConvolutionalTrunk"/> (DeepAllele's), the view is a convolutional trunk
/// with two lanes, first then second side, each prepared by the model's side layout; edits of the input land in the
/// varying side's lane (both lanes in <see cref="PairedAlleleMode.Both"/>), so fast ISM recomputes only the varying
/// side and reuses the fixed side's reference activations. Otherwise it describes no trunk stages.
/// </remarks>
public sealed class PairedAlleleView : ISequenceModel, IConvolutionalTrunk, IDisposable
{
    private readonly IPairedSequenceModel _inner;
    private readonly Tensor? _fixed;
    private TrunkInputLayout? _layout;

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
        var other = Other(input);
        var output = Mode == PairedAlleleMode.VaryFirst ? _inner.Evaluate(input, other) : _inner.Evaluate(other, input);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>The paired model's shared trunk stages, or none when it is not an <see cref="IPairedConvolutionalTrunk"/>.</summary>
    public IReadOnlyList<TrunkStage> TrunkStages => _inner is IPairedConvolutionalTrunk trunk ? trunk.TrunkStages : [];

    /// <summary>
    /// Two lanes per example (first side, second side), each the paired model's side layout; the input's images are
    /// those of the varying side(s).
    /// </summary>
    /// <exception cref="InvalidOperationException">The paired model is not an <see cref="IPairedConvolutionalTrunk"/>, or its side layout has several lanes.</exception>
    public TrunkInputLayout InputLayout => _layout ??= BuildLayout();

    /// <summary>Splits the lanes and runs the paired model's head.</summary>
    /// <param name="features">(N · 2, C, L'): row 2n the first side of example n, row 2n + 1 the second.</param>
    /// <returns>(N, T).</returns>
    /// <exception cref="InvalidOperationException">The paired model is not an <see cref="IPairedConvolutionalTrunk"/>.</exception>
    /// <exception cref="ArgumentException">The features do not hold an even number of rows.</exception>
    public Tensor EvaluateHead(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var trunk = PairedTrunk();
        if (features.dim() != 3 || features.shape[0] % 2 != 0)
        {
            throw new ArgumentException($"Expected (N · 2, C, L') features but got shape [{string.Join(", ", features.shape)}].", nameof(features));
        }

        using var scope = torch.NewDisposeScope();
        var lanes = features.view(features.shape[0] / 2, 2, features.shape[1], features.shape[2]);
        return trunk.EvaluateHead(lanes.select(1, 0), lanes.select(1, 1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose() => _fixed?.Dispose();

    /// <summary>The fixed side for an input batch on the input's device (the input itself in <see cref="PairedAlleleMode.Both"/>).</summary>
    private Tensor Other(Tensor input)
    {
        if (_fixed is null)
        {
            return input;
        }

        var n = input.shape[0];
        if (_fixed.shape[0] == 1)
        {
            return _fixed.to(input.device).expand(n, _fixed.shape[1], _fixed.shape[2]);
        }

        if (_fixed.shape[0] == n)
        {
            return _fixed.to(input.device);
        }

        throw new ArgumentException($"The fixed side has {_fixed.shape[0]} rows but the input has {n}; use one fixed row or one per input row.", nameof(input));
    }

    private IPairedConvolutionalTrunk PairedTrunk() => _inner as IPairedConvolutionalTrunk
        ?? throw new InvalidOperationException($"{_inner.GetType().Name} does not describe a convolutional trunk (IPairedConvolutionalTrunk).");

    private TrunkInputLayout BuildLayout()
    {
        var side = PairedTrunk().SideLayout;
        if (side.Lanes != 1)
        {
            throw new InvalidOperationException($"The side layout of {_inner.GetType().Name} has {side.Lanes} lanes; a paired view needs one per side.");
        }

        var lanes = Mode switch
        {
            PairedAlleleMode.VaryFirst => new[] { 0 },
            PairedAlleleMode.VarySecond => [1],
            _ => [0, 1],
        };
        var images = lanes.SelectMany(lane => side.Images.Select(image => image with { Lane = lane })).ToArray();
        return new TrunkInputLayout(2, input => PrepareLanes(side, input), images);
    }

    /// <summary>Both sides' trunk inputs interleaved as lanes: (N · 2, C', L').</summary>
    private Tensor PrepareLanes(TrunkInputLayout side, Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var n = input.shape[0];
        var other = Other(input);
        var (first, second) = Mode switch
        {
            PairedAlleleMode.VaryFirst => (input, other),
            PairedAlleleMode.VarySecond => (other, input),
            _ => (input, input),
        };
        var a = side.Prepare(first);
        var b = side.Prepare(second);
        return torch.stack([a, b], 1).reshape(n * 2, a.shape[1], a.shape[2]).MoveToOuterDisposeScope();
    }
}
