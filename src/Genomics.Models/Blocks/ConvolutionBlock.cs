using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Blocks;

/// <summary>
/// One position-local block of a convolutional trunk, in this order: optional zero padding, a convolution, optional
/// normalisation, optional activation, optional pooling, optional dropout. Each module carries its own path
/// (<see cref="NamedModule{TModule}"/>), and the block reports its layers (<see cref="DescribeLayers"/>), runs its
/// forward pass (<see cref="Forward"/>) and its trunk stages (<see cref="AddTrunkStages"/>) from the same modules.
/// </summary>
/// <remarks>
/// <para>Trunk stages: the padding and convolution form one convolution stage (<see cref="TrunkStage.ForConvolution(string, Conv1dLayer, int, int, int, int)"/>,
/// or <see cref="TrunkStage.ForConvolutionWeights(string, Conv1dLayer, int, int, int, int, int)"/> when the convolution
/// pads or dilates by itself); consecutive element-wise modules (normalisation, activation; activation and dropout when
/// no pool lies between) form one pointwise stage named by their paths joined with '+'; the pool is a windowed stage
/// padded as the pool pads (floor mode without padding: none, and the stage calls the pool; a pool that pads, or
/// ceil mode: <see cref="TrunkStage.ForPool"/>, −∞ or NaN padding and a stage that pools the padded slice without padding
/// it a second time).</para>
/// <para>Layers: every module but the dropout, with receptive field and cumulative stride.</para>
/// <para>The normalisation must act on each position alone (batch normalisation in evaluation mode, a layer norm over
/// channels): engines that recompute only what a local edit changes rely on it.</para>
/// </remarks>
public sealed class ConvolutionBlock
{
    /// <summary>Creates a block.</summary>
    /// <param name="convolution">The convolution and its path.</param>
    /// <param name="normalization">Normalisation after the convolution, or null.</param>
    /// <param name="activation">The nonlinearity, or null.</param>
    /// <param name="pool">The pool, or null.</param>
    /// <param name="dropout">Dropout after everything else, or null.</param>
    /// <param name="paddingBefore">Zero positions added before the block's input (Keras 'same' with stride); at least 0. Default 0.</param>
    /// <param name="paddingAfter">Zero positions added after the block's input; at least 0. Default 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="convolution"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A padding is negative.</exception>
    public ConvolutionBlock(
        NamedModule<Conv1dLayer> convolution,
        NamedModule<nn.Module<Tensor, Tensor>>? normalization = null,
        NamedModule<Activation>? activation = null,
        NamedModule<Pool1d>? pool = null,
        NamedModule<Dropout>? dropout = null,
        int paddingBefore = 0,
        int paddingAfter = 0)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingBefore);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingAfter);
        Convolution = convolution;
        Normalization = normalization;
        Activation = activation;
        Pool = pool;
        Dropout = dropout;
        PaddingBefore = paddingBefore;
        PaddingAfter = paddingAfter;
    }

    /// <summary>The convolution.</summary>
    public NamedModule<Conv1dLayer> Convolution { get; }

    /// <summary>The normalisation, or null.</summary>
    public NamedModule<nn.Module<Tensor, Tensor>>? Normalization { get; }

    /// <summary>The nonlinearity, or null.</summary>
    public NamedModule<Activation>? Activation { get; }

    /// <summary>The pool, or null.</summary>
    public NamedModule<Pool1d>? Pool { get; }

    /// <summary>The dropout, or null.</summary>
    public NamedModule<Dropout>? Dropout { get; }

    /// <summary>Zero positions added before the block's input.</summary>
    public int PaddingBefore { get; }

    /// <summary>Zero positions added after the block's input.</summary>
    public int PaddingAfter { get; }

    /// <summary>The output channels (the convolution's).</summary>
    public int OutputChannels => checked((int)Convolution.Module.OutChannels);

    /// <summary>The block's modules with their paths, in forward order.</summary>
    public IEnumerable<(string Name, nn.Module Module)> Modules =>
        NamedModule.Present(Convolution.Entry, Normalization?.Entry, Activation?.Entry, Pool?.Entry, Dropout?.Entry);

    /// <summary>Runs the block through each module's <c>call</c> (so forward hooks fire). For inference (no gradient,
    /// no attribution rules, evaluation-mode batch normalisation, no hooks on the convolution, normalisation or activation)
    /// the normalisation and activation overwrite the convolution's output in one pass (<see cref="InferencePointwise"/>),
    /// and with a pool (without hooks) a batch whose convolution output would exceed 16 MB goes through convolution to
    /// pool a chunk of examples at a time, so that output is never allocated whole.</summary>
    /// <param name="input">(N, C, L).</param>
    /// <returns>(N, C', L'); intermediate tensors belong to the caller's dispose scope.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = input;
        if (PaddingBefore > 0 || PaddingAfter > 0)
        {
            x = nn.functional.pad(x, ((long)PaddingBefore, (long)PaddingAfter));
        }

        if (Pool is { } pool && x.dim() == 3
            && InferencePointwise.RunPooled(Convolution.Module, Normalization?.Module, Activation?.Module, pool.Module, x, OutputChannels * x.shape[2]) is { } pooled)
        {
            return NamedModule.CallInOrder(NamedModule.Present(Dropout?.Entry), pooled);
        }

        x = InferencePointwise.Run(Convolution.Module, Normalization?.Module, Activation?.Module, x);
        return NamedModule.CallInOrder(NamedModule.Present(Pool?.Entry, Dropout?.Entry), x);
    }

    /// <summary>Lists the block's layers (all but the dropout), advancing the receptive field.</summary>
    /// <param name="field">The receptive field and stride so far; advanced by the convolution and the pool.</param>
    /// <param name="layers">Receives the layer descriptions.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void DescribeLayers(ReceptiveFieldTracker field, ICollection<LayerInfo> layers)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(layers);
        var conv = Convolution.Module;
        var channels = OutputChannels;
        layers.Add(field.Apply(checked((int)conv.KernelSize), checked((int)conv.Stride), checked((int)conv.Dilation)).Describe(Convolution.Name, LayerKind.Convolution, channels));
        if (Normalization is { } norm)
        {
            layers.Add(field.Describe(norm.Name, LayerKind.Normalization, channels));
        }

        if (Activation is { } activation)
        {
            layers.Add(field.Describe(activation.Name, LayerKind.Activation, channels));
        }

        if (Pool is { } pool)
        {
            layers.Add(field.Apply(pool.Module.KernelSize, pool.Module.Stride).Describe(pool.Name, LayerKind.Pooling, channels));
        }
    }

    /// <summary>Appends the block's trunk stages (see the remarks of <see cref="ConvolutionBlock"/>).</summary>
    /// <param name="stages">Receives the stages in forward order.</param>
    /// <param name="inputLength">The length of the block's input, or null when unknown; needed only for a ceil-mode pool or a TensorFlow 'same' pool.</param>
    /// <returns>The length of the block's output, or null when <paramref name="inputLength"/> is null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stages"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The pool uses ceil mode or TensorFlow 'same' padding and <paramref name="inputLength"/> is null.</exception>
    public int? AddTrunkStages(ICollection<TrunkStage> stages, int? inputLength)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var conv = Convolution.Module;
        var kernel = checked((int)conv.KernelSize);
        var stride = checked((int)conv.Stride);
        var convolution = conv.PaddingBefore == 0 && conv.PaddingAfter == 0 && conv.Dilation == 1
            ? TrunkStage.ForConvolution(Convolution.Name, conv, kernel, stride, PaddingBefore, PaddingAfter)
            : TrunkStage.ForConvolutionWeights(Convolution.Name, conv, kernel, stride, checked((int)conv.Dilation), PaddingBefore + checked((int)conv.PaddingBefore), PaddingAfter + checked((int)conv.PaddingAfter));
        stages.Add(convolution);
        var length = inputLength is int l ? convolution.OutputLength(l) : (int?)null;

        var pointwise = new List<(string Name, nn.Module<Tensor, Tensor> Module)>();
        if (Normalization is { } norm)
        {
            pointwise.Add((norm.Name, norm.Module));
        }

        if (Activation is { } activation)
        {
            pointwise.Add((activation.Name, activation.Module));
        }

        if (Pool is { } pool)
        {
            Flush(stages, pointwise);
            var p = pool.Module;
            TrunkStage stage;
            if (!p.CeilMode && !p.Pads)
            {
                stage = new TrunkStage(pool.Name, p.KernelSize, p.Stride, 0, 0, p.Kind == PoolKind.Max ? double.NegativeInfinity : 0.0, p.call);
            }
            else if (!p.CeilMode && !p.IsTensorFlowSame)
            {
                // The stage pads as the pool does; its apply pools the padded slice without padding it again.
                stage = TrunkStage.ForPaddedPool(pool.Name, p, p.PaddingBefore, p.PaddingAfter);
            }
            else
            {
                var poolInput = length ?? throw new InvalidOperationException($"The pool {pool.Name} (ceil mode or TensorFlow 'same' padding) needs a known input length to describe its trunk stage.");
                stage = TrunkStage.ForPool(pool.Name, p, poolInput);
            }

            stages.Add(stage);
            length = length is int m ? stage.OutputLength(m) : null;
        }

        if (Dropout is { } dropout)
        {
            pointwise.Add((dropout.Name, dropout.Module));
        }

        Flush(stages, pointwise);
        return length;
    }

    private static void Flush(ICollection<TrunkStage> stages, List<(string Name, nn.Module<Tensor, Tensor> Module)> pointwise)
    {
        if (pointwise.Count == 0)
        {
            return;
        }

        var modules = pointwise.Select(p => p.Module).ToArray();
        var name = string.Join("+", pointwise.Select(p => p.Name));
        pointwise.Clear();
        if (modules.Length == 1)
        {
            stages.Add(TrunkStage.Pointwise(name, modules[0].call));
            return;
        }

        stages.Add(TrunkStage.Pointwise(name, t =>
        {
            using var scope = torch.NewDisposeScope();
            var x = t;
            foreach (var module in modules)
            {
                x = module.call(x);
            }

            return x.MoveToOuterDisposeScope();
        }));
    }
}
