using Genomics.Models.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Abstractions;

/// <summary>
/// One position-local stage of a convolutional trunk (<see cref="IConvolutionalTrunk"/>): a convolution, pool or
/// element-wise step whose output position j depends only on the padded input positions j·stride … j·stride + span − 1.
/// </summary>
/// <remarks>
/// The stage is described as "pad, then a valid windowed operation": the input (N, C, L) is padded with
/// <see cref="PaddingBefore"/> and <see cref="PaddingAfter"/> positions of <see cref="PaddingValue"/>, and
/// <see cref="Apply"/> maps any contiguous slice of the padded input of length (W − 1)·stride + span to the W outputs it
/// determines, without padding of its own. Fast in-silico mutagenesis relies on exactly this: it recomputes a stage only
/// on the slice a substitution reaches.
/// </remarks>
public sealed class TrunkStage
{
    private readonly Func<Tensor, Tensor> _apply;

    /// <summary>Creates a windowed stage.</summary>
    /// <param name="name">The stage name (usually the module path).</param>
    /// <param name="span">Padded input positions one output position reads (kernel size, or (k − 1)·dilation + 1); at least 1.</param>
    /// <param name="stride">Input positions between neighbouring outputs; at least 1.</param>
    /// <param name="paddingBefore">Positions added before the input; at least 0.</param>
    /// <param name="paddingAfter">Positions added after the input; at least 0.</param>
    /// <param name="paddingValue">The value of added positions (0 for convolutions, −∞ for max-pools).</param>
    /// <param name="apply">The valid operation on an already padded (B, C, W) slice; it returns a new tensor.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public TrunkStage(string name, int span, int stride, int paddingBefore, int paddingAfter, double paddingValue, Func<Tensor, Tensor> apply)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentOutOfRangeException.ThrowIfLessThan(span, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingBefore);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingAfter);
        Name = name;
        Span = span;
        Stride = stride;
        PaddingBefore = paddingBefore;
        PaddingAfter = paddingAfter;
        PaddingValue = paddingValue;
        _apply = apply;
    }

    /// <summary>
    /// Creates a stage for a valid, undilated convolution module: <see cref="Apply"/> calls the module, and engines may
    /// read its weights (<see cref="Convolution"/>) to run many slices as one matrix product.
    /// </summary>
    /// <param name="name">The stage name.</param>
    /// <param name="convolution">The convolution; it must have no padding and dilation 1 of its own.</param>
    /// <param name="kernelSize">Its kernel size.</param>
    /// <param name="stride">Its stride; default 1.</param>
    /// <param name="paddingBefore">Zero padding added before the input by the model; default 0.</param>
    /// <param name="paddingAfter">Zero padding added after the input by the model; default 0.</param>
    /// <returns>The stage.</returns>
    public static TrunkStage ForConvolution(string name, Conv1dLayer convolution, int kernelSize, int stride = 1, int paddingBefore = 0, int paddingAfter = 0)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        return new TrunkStage(name, kernelSize, stride, paddingBefore, paddingAfter, 0.0, convolution.call) { Convolution = convolution };
    }

    /// <summary>The convolution module of a stage made by <see cref="ForConvolution"/>, otherwise null.</summary>
    public Conv1dLayer? Convolution { get; private init; }

    /// <summary>Creates an element-wise stage (batch normalisation in evaluation mode, activation, dropout).</summary>
    /// <param name="name">The stage name.</param>
    /// <param name="apply">The operation; output position j depends only on input position j.</param>
    /// <returns>The stage.</returns>
    public static TrunkStage Pointwise(string name, Func<Tensor, Tensor> apply) => new(name, 1, 1, 0, 0, 0.0, apply);

    /// <summary>The stage name.</summary>
    public string Name { get; }

    /// <summary>Padded input positions one output position reads.</summary>
    public int Span { get; }

    /// <summary>Input positions between neighbouring outputs.</summary>
    public int Stride { get; }

    /// <summary>Positions of <see cref="PaddingValue"/> added before the input.</summary>
    public int PaddingBefore { get; }

    /// <summary>Positions of <see cref="PaddingValue"/> added after the input.</summary>
    public int PaddingAfter { get; }

    /// <summary>The value of padded positions.</summary>
    public double PaddingValue { get; }

    /// <summary>True for an element-wise stage (span 1, stride 1, no padding).</summary>
    public bool IsPointwise => Span == 1 && Stride == 1 && PaddingBefore == 0 && PaddingAfter == 0;

    /// <summary>The output length for an (unpadded) input length.</summary>
    /// <param name="inputLength">L.</param>
    /// <returns>⌊(L + before + after − span) / stride⌋ + 1, or 0 when the padded input is shorter than the span.</returns>
    public int OutputLength(int inputLength)
    {
        var padded = inputLength + PaddingBefore + PaddingAfter;
        return padded < Span ? 0 : ((padded - Span) / Stride) + 1;
    }

    /// <summary>Pads an input as the stage does.</summary>
    /// <param name="input">(N, C, L).</param>
    /// <returns>A new tensor (N, C, L + before + after), or an alias when there is no padding.</returns>
    public Tensor Pad(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return PaddingBefore == 0 && PaddingAfter == 0
            ? input.alias()
            : nn.functional.pad(input, (PaddingBefore, PaddingAfter), TorchSharp.PaddingModes.Constant, PaddingValue);
    }

    /// <summary>Applies the valid operation to a padded slice.</summary>
    /// <param name="paddedSlice">(B, C, (W − 1)·stride + span) taken from the padded input.</param>
    /// <returns>(B, C', W), a new tensor.</returns>
    public Tensor Apply(Tensor paddedSlice)
    {
        ArgumentNullException.ThrowIfNull(paddedSlice);
        return _apply(paddedSlice);
    }

    /// <summary>Runs the stage on a whole input: <see cref="Pad"/> then <see cref="Apply"/>.</summary>
    /// <param name="input">(N, C, L).</param>
    /// <returns>(N, C', <see cref="OutputLength"/>(L)).</returns>
    public Tensor Forward(Tensor input)
    {
        using var padded = Pad(input);
        return Apply(padded);
    }
}
