using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Layers;

/// <summary>
/// A one-dimensional convolution layer computed by <see cref="ConvolutionKernels.Conv1d"/> (matrix products on the
/// CPU, libtorch's convolution elsewhere). Its parameters are named <c>weight</c> (O, C, k) and <c>bias</c> (O) and are
/// initialised exactly as <c>torch.nn.Conv1d</c> initialises them from the same random state, so checkpoints, Keras
/// imports and seeded models are unchanged.
/// </summary>
public sealed class Conv1dLayer : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inChannels">C, at least 1.</param>
    /// <param name="outChannels">O, at least 1.</param>
    /// <param name="kernelSize">k, at least 1.</param>
    /// <param name="stride">Stride, at least 1.</param>
    /// <param name="paddingBefore">Zeros before each sequence.</param>
    /// <param name="paddingAfter">Zeros after each sequence.</param>
    /// <param name="dilation">Dilation, at least 1.</param>
    /// <param name="bias">Whether the layer has a bias.</param>
    /// <param name="name">The module name.</param>
    public Conv1dLayer(long inChannels, long outChannels, long kernelSize, long stride = 1, long paddingBefore = 0, long paddingAfter = 0, long dilation = 1, bool bias = true, string name = "Conv1d")
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingBefore);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingAfter);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        PaddingBefore = paddingBefore;
        PaddingAfter = paddingAfter;
        Dilation = dilation;

        // torch.nn.Conv1d's own initialisation, so that the same seed gives the same weights as before.
        using var reference = nn.Conv1d(inChannels, outChannels, kernelSize, stride: stride, dilation: dilation, bias: bias);
        weight = new Parameter(reference.weight!.detach().clone());
        this.bias = bias ? new Parameter(reference.bias!.detach().clone()) : null;
        RegisterComponents();
    }

    /// <summary>
    /// A layer with PyTorch's 'same' padding for stride 1: d·(k − 1) zeros in all, the smaller half before (as
    /// <c>padding='same'</c> does for even kernels).
    /// </summary>
    /// <param name="inChannels">C.</param>
    /// <param name="outChannels">O.</param>
    /// <param name="kernelSize">k.</param>
    /// <param name="dilation">Dilation.</param>
    /// <param name="bias">Whether the layer has a bias.</param>
    /// <returns>The layer.</returns>
    public static Conv1dLayer Same(long inChannels, long outChannels, long kernelSize, long dilation = 1, bool bias = true)
    {
        var total = dilation * (kernelSize - 1);
        return new Conv1dLayer(inChannels, outChannels, kernelSize, 1, total / 2, total - (total / 2), dilation, bias);
    }

#pragma warning disable IDE1006 // the fields carry torch.nn.Conv1d's parameter names, which checkpoints use
    private readonly Parameter weight;
    private readonly Parameter? bias;
#pragma warning restore IDE1006

    /// <summary>The kernel (O, C, k).</summary>
    public Parameter Weight => weight;

    /// <summary>The bias (O), or null.</summary>
    public Parameter? Bias => bias;

    /// <summary>C.</summary>
    public long InChannels { get; }

    /// <summary>O.</summary>
    public long OutChannels { get; }

    /// <summary>k.</summary>
    public long KernelSize { get; }

    /// <summary>Stride.</summary>
    public long Stride { get; }

    /// <summary>Zeros before each sequence.</summary>
    public long PaddingBefore { get; }

    /// <summary>Zeros after each sequence.</summary>
    public long PaddingAfter { get; }

    /// <summary>Dilation.</summary>
    public long Dilation { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) =>
        ConvolutionKernels.Conv1d(input, weight, bias, Stride, PaddingBefore, PaddingAfter, Dilation);
}
