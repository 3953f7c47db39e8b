using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Abstractions;

/// <summary>
/// One position-local stage of a convolutional trunk (<see cref="IConvolutionalTrunk"/>): a convolution, pool or
/// element-wise step whose output position j depends only on the padded input positions j·stride … j·stride + span − 1,
/// or a residual block x + f(x) over a chain of length-preserving stages (<see cref="Residual"/>).
/// </summary>
/// <remarks>
/// A windowed stage is described as "pad, then a valid windowed operation": the input (N, C, L) is padded with
/// <see cref="PaddingBefore"/> and <see cref="PaddingAfter"/> positions of <see cref="PaddingValue"/>, and
/// <see cref="Apply"/> maps any contiguous slice of the padded input of length (W − 1)·stride + span to the W outputs it
/// determines, without padding of its own. Fast in-silico mutagenesis relies on exactly this: it recomputes a stage only
/// on the slice a substitution reaches. A residual stage has no padding of its own: its branch stages pad their inputs
/// ('same' padding) and its output has the input's length; engines recompute it branch stage by branch stage and add
/// the block's input over the positions the branch changed.
/// </remarks>
public sealed class TrunkStage
{
    private readonly Func<Tensor, Tensor> _apply;
    private readonly int? _kernelSize;

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
        : this(name, span, stride, paddingBefore, paddingAfter, paddingValue, apply, null)
    {
    }

    private TrunkStage(string name, int span, int stride, int paddingBefore, int paddingAfter, double paddingValue, Func<Tensor, Tensor> apply, IReadOnlyList<TrunkStage>? branch)
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
        Branch = branch;
    }

    /// <summary>
    /// Creates a stage for a valid, undilated convolution module: <see cref="Apply"/> calls the module, and engines may
    /// read its weights (<see cref="ConvolutionWeight"/>) to run many slices as one matrix product.
    /// </summary>
    /// <param name="name">The stage name.</param>
    /// <param name="convolution">The convolution; it must have no padding and dilation 1 of its own.</param>
    /// <param name="kernelSize">Its kernel size.</param>
    /// <param name="stride">Its stride; default 1.</param>
    /// <param name="paddingBefore">Zero padding added before the input by the model; default 0.</param>
    /// <param name="paddingAfter">Zero padding added after the input by the model; default 0.</param>
    /// <returns>The stage.</returns>
    public static TrunkStage ForConvolution(string name, Conv1d convolution, int kernelSize, int stride = 1, int paddingBefore = 0, int paddingAfter = 0)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        return FromModule(name, convolution.call, () => (convolution.weight!, convolution.bias), kernelSize, stride, paddingBefore, paddingAfter);
    }

    /// <summary>
    /// Creates a stage for a valid, undilated <see cref="Conv1dLayer"/> (the library's convolution layer): as the
    /// <see cref="Conv1d"/> overload.
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
        return FromModule(name, convolution.call, () => (convolution.Weight, convolution.Bias), kernelSize, stride, paddingBefore, paddingAfter);
    }

    private static TrunkStage FromModule(string name, Func<Tensor, Tensor> call, Func<(Tensor Weight, Tensor? Bias)> parameters, int kernelSize, int stride, int paddingBefore, int paddingAfter) =>
        new(name, kernelSize, stride, paddingBefore, paddingAfter, 0.0, call) { _parameters = parameters, KernelSize = kernelSize };

    /// <summary>
    /// Creates a stage from a convolution module's weights, with the padding, stride and dilation given here instead of
    /// the module's own: <see cref="Apply"/> runs conv1d with the module's weight and bias and no padding. Use it for
    /// modules that pad by themselves ('same' convolutions; <c>ForSameConvolution</c>) or dilate.
    /// </summary>
    /// <param name="name">The stage name.</param>
    /// <param name="convolution">The convolution (weight (C', C, k), optional bias); its own padding is ignored.</param>
    /// <param name="kernelSize">k, at least 1; must match the weight.</param>
    /// <param name="stride">The stride, at least 1; default 1.</param>
    /// <param name="dilation">The dilation d, at least 1; default 1. The stage spans (k − 1)·d + 1 positions.</param>
    /// <param name="paddingBefore">Zero padding before the input; default 0.</param>
    /// <param name="paddingAfter">Zero padding after the input; default 0.</param>
    /// <returns>The stage.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    /// <exception cref="ArgumentException">The module's weight is not (C', C, <paramref name="kernelSize"/>).</exception>
    public static TrunkStage ForConvolutionWeights(string name, Conv1d convolution, int kernelSize, int stride = 1, int dilation = 1, int paddingBefore = 0, int paddingAfter = 0)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        return FromWeights(name, () => (convolution.weight ?? throw new ArgumentException("The convolution has no weight.", nameof(convolution)), convolution.bias), kernelSize, stride, dilation, paddingBefore, paddingAfter, nameof(convolution));
    }

    /// <summary>As the <see cref="Conv1d"/> overload, for the library's <see cref="Conv1dLayer"/> (its own padding is ignored).</summary>
    /// <param name="name">The stage name.</param>
    /// <param name="convolution">The convolution.</param>
    /// <param name="kernelSize">k, at least 1; must match the weight.</param>
    /// <param name="stride">The stride, at least 1; default 1.</param>
    /// <param name="dilation">The dilation d, at least 1; default 1.</param>
    /// <param name="paddingBefore">Zero padding before the input; default 0.</param>
    /// <param name="paddingAfter">Zero padding after the input; default 0.</param>
    /// <returns>The stage.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    /// <exception cref="ArgumentException">The module's weight is not (C', C, <paramref name="kernelSize"/>).</exception>
    public static TrunkStage ForConvolutionWeights(string name, Conv1dLayer convolution, int kernelSize, int stride = 1, int dilation = 1, int paddingBefore = 0, int paddingAfter = 0)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        return FromWeights(name, () => (convolution.Weight, convolution.Bias), kernelSize, stride, dilation, paddingBefore, paddingAfter, nameof(convolution));
    }

    private static TrunkStage FromWeights(string name, Func<(Tensor Weight, Tensor? Bias)> parameters, int kernelSize, int stride, int dilation, int paddingBefore, int paddingAfter, string moduleArgument)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        var weight = parameters().Weight;
        if (weight.dim() != 3 || weight.shape[2] != kernelSize)
        {
            throw new ArgumentException($"The convolution's weight has shape [{string.Join(", ", weight.shape)}] but kernel size {kernelSize} was given.", moduleArgument);
        }

        Tensor Convolve(Tensor x)
        {
            var (w, b) = parameters();
            return ConvolutionKernels.Conv1d(x, w, b, stride, 0, 0, dilation);
        }

        return new TrunkStage(name, ((kernelSize - 1) * dilation) + 1, stride, paddingBefore, paddingAfter, 0.0, Convolve)
        {
            _parameters = parameters,
            KernelSize = kernelSize,
            Dilation = dilation,
        };
    }

    /// <summary>
    /// Creates a stride-1 convolution stage with 'same' zero padding as PyTorch computes it: (k − 1)·d positions in all,
    /// ⌊(k − 1)·d / 2⌋ before and the rest after (see <c>ForConvolutionWeights</c>).
    /// </summary>
    /// <param name="name">The stage name.</param>
    /// <param name="convolution">The convolution; its own padding is ignored.</param>
    /// <param name="kernelSize">k, at least 1.</param>
    /// <param name="dilation">d, at least 1; default 1.</param>
    /// <returns>The stage; its output has the input's length.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    /// <exception cref="ArgumentException">The module's weight does not match the kernel size.</exception>
    public static TrunkStage ForSameConvolution(string name, Conv1d convolution, int kernelSize, int dilation = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        var total = (kernelSize - 1) * dilation;
        return ForConvolutionWeights(name, convolution, kernelSize, 1, dilation, total / 2, total - (total / 2));
    }

    /// <summary>As the <see cref="Conv1d"/> overload, for the library's <see cref="Conv1dLayer"/>.</summary>
    /// <param name="name">The stage name.</param>
    /// <param name="convolution">The convolution; its own padding is ignored.</param>
    /// <param name="kernelSize">k, at least 1.</param>
    /// <param name="dilation">d, at least 1; default 1.</param>
    /// <returns>The stage; its output has the input's length.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    /// <exception cref="ArgumentException">The module's weight does not match the kernel size.</exception>
    public static TrunkStage ForSameConvolution(string name, Conv1dLayer convolution, int kernelSize, int dilation = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        var total = (kernelSize - 1) * dilation;
        return ForConvolutionWeights(name, convolution, kernelSize, 1, dilation, total / 2, total - (total / 2));
    }

    /// <summary>
    /// Creates a stage for a pooling module on inputs of a known length, in floor or ceil mode, with or without the
    /// pool's own padding: max-pools pad with −∞; average pools pad with NaN and average the values present (the real
    /// positions), as the module does. <see cref="Apply"/> pools the padded slice without padding again.
    /// </summary>
    /// <param name="name">The stage name.</param>
    /// <param name="pool">The pooling module.</param>
    /// <param name="inputLength">The length of the stage's input; with the pool's padding at least the pool's kernel size.</param>
    /// <returns>The stage.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The padded input is shorter than the pooling window.</exception>
    public static TrunkStage ForPool(string name, Pool1d pool, int inputLength)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        var (before, padAfter) = pool.Padding(inputLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputLength + before + padAfter, pool.KernelSize, nameof(inputLength));
        var after = Math.Max(0, ((pool.OutputLength(inputLength) - 1) * pool.Stride) + pool.KernelSize - inputLength - before);
        return ForPaddedPool(name, pool, before, after);
    }

    /// <summary>
    /// A pool stage with the given padding (−∞ for max-pools, NaN for average pools, whose windows average the values
    /// present) whose <see cref="Apply"/> is the pool's floor-mode windowed operation without padding of its own.
    /// </summary>
    /// <param name="name">The stage name.</param>
    /// <param name="pool">The pooling module.</param>
    /// <param name="before">Positions added before the input.</param>
    /// <param name="after">Positions added after the input.</param>
    /// <returns>The stage.</returns>
    internal static TrunkStage ForPaddedPool(string name, Pool1d pool, int before, int after)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Kind == PoolKind.Average && before == 0 && after == 0)
        {
            var (kernel, stride) = (pool.KernelSize, pool.Stride);
            return new TrunkStage(name, kernel, stride, 0, 0, 0.0, x => nn.functional.avg_pool1d(x, kernel, stride));
        }

        var value = pool.Kind == PoolKind.Max ? double.NegativeInfinity : double.NaN;
        return new TrunkStage(name, pool.KernelSize, pool.Stride, before, after, value, pool.PoolPaddedSlice);
    }

    /// <summary>
    /// Creates a residual stage x + f(x), f the chain <paramref name="branch"/> of length-preserving stages (stride 1,
    /// 'same' padding: span − 1 = padding before + after; element-wise stages and nested residual stages qualify).
    /// </summary>
    /// <param name="name">The stage name.</param>
    /// <param name="branch">The branch stages in forward order; at least one.</param>
    /// <returns>The stage; its <see cref="Span"/> is the branch's reach, 1 + Σ (span − 1), and its output has the input's length.</returns>
    /// <exception cref="ArgumentException">The branch is empty or a branch stage changes the length.</exception>
    public static TrunkStage Residual(string name, IReadOnlyList<TrunkStage> branch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(branch);
        if (branch.Count == 0)
        {
            throw new ArgumentException("A residual stage needs at least one branch stage.", nameof(branch));
        }

        var stages = branch.ToArray();
        var reach = 1;
        foreach (var stage in stages)
        {
            ArgumentNullException.ThrowIfNull(stage, nameof(branch));
            if (!stage.PreservesLength)
            {
                throw new ArgumentException($"Branch stage {stage.Name} does not preserve the length (stride {stage.Stride}, span {stage.Span}, padding {stage.PaddingBefore} + {stage.PaddingAfter}); a residual branch needs stride 1 and 'same' padding.", nameof(branch));
            }

            reach += stage.Span - 1;
        }

        Tensor RunBlock(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            var current = x;
            foreach (var stage in stages)
            {
                current = stage.Forward(current);
            }

            return (x + current).MoveToOuterDisposeScope();
        }

        return new TrunkStage(name, reach, 1, 0, 0, 0.0, RunBlock, stages);
    }

    private Func<(Tensor Weight, Tensor? Bias)>? _parameters;

    /// <summary>True for a stage made by <see cref="ForConvolution(string, Conv1d, int, int, int, int)"/> or <c>ForConvolutionWeights</c>.</summary>
    public bool IsConvolution => _parameters is not null;

    /// <summary>The convolution's weight (C', C, k), read from its module now, or null when the stage is no convolution.</summary>
    public Tensor? ConvolutionWeight => _parameters?.Invoke().Weight;

    /// <summary>The convolution's bias (C'), read from its module now, or null.</summary>
    public Tensor? ConvolutionBias => _parameters?.Invoke().Bias;

    /// <summary>The kernel size k of a convolution stage (<see cref="IsConvolution"/>), otherwise the span.</summary>
    public int KernelSize
    {
        get => _kernelSize ?? Span;
        private init => _kernelSize = value;
    }

    /// <summary>The dilation of a convolution stage; 1 otherwise.</summary>
    public int Dilation { get; private init; } = 1;

    /// <summary>The branch stages of a residual stage (<see cref="Residual"/>), otherwise null.</summary>
    public IReadOnlyList<TrunkStage>? Branch { get; }

    /// <summary>True for a residual stage.</summary>
    public bool IsResidual => Branch is not null;

    /// <summary>True when the output has the input's length: stride 1 and span − 1 = padding before + after, or a residual stage.</summary>
    public bool PreservesLength => IsResidual || (Stride == 1 && Span - 1 == PaddingBefore + PaddingAfter);

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

    /// <summary>True for an element-wise stage (span 1, stride 1, no padding; a residual stage whose branch is element-wise).</summary>
    public bool IsPointwise => Span == 1 && Stride == 1 && PaddingBefore == 0 && PaddingAfter == 0;

    /// <summary>The output length for an (unpadded) input length.</summary>
    /// <param name="inputLength">L.</param>
    /// <returns>⌊(L + before + after − span) / stride⌋ + 1, or 0 when the padded input is shorter than the span; L for a residual stage.</returns>
    public int OutputLength(int inputLength)
    {
        if (IsResidual)
        {
            return inputLength;
        }

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

    /// <summary>Applies the valid operation to a padded slice (a residual stage: the whole block to an input).</summary>
    /// <param name="paddedSlice">(B, C, (W − 1)·stride + span) taken from the padded input; for a residual stage the whole input (B, C, L).</param>
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
