using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Serialization.Keras;

/// <summary>
/// Copies Keras layer weights (in Keras layout) into TorchSharp modules, converting layouts so that the TorchSharp
/// module computes what the Keras layer computed.
/// </summary>
/// <remarks>
/// <para>Layout conversions (Keras's weight layouts to TorchSharp's):</para>
/// <list type="bullet">
/// <item>Conv1D kernel (k, in, out) → Conv1d weight (out, in, k); bias unchanged.</item>
/// <item>
/// Conv2D kernel (kh, kw, cin, out) sliding over a (L, kw, cin) "image" with valid padding along the width (so the
/// kernel spans the whole width) → Conv1d over kw·cin channels: <c>w[o, b·cin + c, t] = K[t, b, c, o]</c>. For the
/// one-hot image (L, 4, 1) this is <c>w[o, b, t] = K[t, b, 0, o]</c>; for a width-1 feature map (L, 1, C) it is
/// <c>w[o, c, t] = K[t, 0, c, o]</c>. The caller's input must list channels in the same order (b major, c minor).
/// </item>
/// <item>Dense kernel (in, out) → Linear weight (out, in). When the Dense layer follows a Keras Flatten of a
/// channels-last map, the model must flatten in Keras order (length major, channel minor) for the weights to apply.</item>
/// <item>BatchNormalization gamma/beta/moving_mean/moving_variance → weight/bias/running_mean/running_var;
/// gamma is absent when <c>scale=False</c> (weight set to 1) and beta when <c>center=False</c> (bias set to 0).
/// Keras' epsilon (default 1e-3) and momentum m (PyTorch momentum 1 − m) are the caller's to set on the module.</item>
/// <item>LSTM kernel (in, 4H), recurrent_kernel (H, 4H), bias (4H): gate blocks i, f, c, o equal PyTorch's i, f, g, o,
/// so weight_ih = kernelᵀ, weight_hh = recurrent_kernelᵀ, bias_ih = bias, bias_hh = 0.</item>
/// </list>
/// <para>
/// Every shape is checked before anything is copied into the module; a mismatch throws
/// <see cref="KerasImportException"/> naming the file, the layer and the expected and actual shapes. Copies run
/// without gradient tracking, onto the module's device and dtype.
/// </para>
/// </remarks>
public static partial class KerasWeightMapping
{
    /// <summary>Loads a Keras Conv1D layer into a Conv1d.</summary>
    /// <param name="layer">The Keras layer: <c>kernel</c> (k, in, out) and, when it uses a bias, <c>bias</c> (out).</param>
    /// <param name="target">A Conv1d with the same in/out channels and kernel size (stride, padding and dilation are not checked).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="KerasImportException">A weight is missing or has the wrong shape, or the biases disagree.</exception>
    public static void LoadConv1D(KerasLayerWeights layer, Conv1dLayer target)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(target);
        var kernel = layer.GetWeight("kernel");
        var w = target.Weight.shape;
        ExpectShape(layer, kernel, [w[2], w[1], w[0]], "Conv1d");
        using var scope = NewDisposeScope();
        var mapped = kernel.ToTensor().permute(2, 1, 0);
        var bias = PrepareBias(layer, target.Bias, w[0], "Conv1d");
        Copy(target.Weight, mapped);
        CopyBias(target.Bias, bias);
    }

    /// <summary>Loads a Keras Conv2D layer whose kernel spans the full input width into a Conv1d.</summary>
    /// <param name="layer">The Keras layer: <c>kernel</c> (kh, kw, cin, out) and, when it uses a bias, <c>bias</c> (out).</param>
    /// <param name="target">A Conv1d with kw·cin input channels, out output channels and kernel size kh.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="KerasImportException">A weight is missing or has the wrong shape, or the biases disagree.</exception>
    public static void LoadConv2DAsConv1d(KerasLayerWeights layer, Conv1dLayer target)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(target);
        var kernel = layer.GetWeight("kernel");
        var w = target.Weight.shape;
        var k = kernel.Shape;
        if (k.Count != 4 || k[0] != w[2] || (long)k[1] * k[2] != w[1] || k[3] != w[0])
        {
            throw new KerasImportException(layer.FilePath, layer.Name,
                $"weight '{kernel.Name}' has Keras shape {kernel.FormatShape()} but the target Conv1d (weight {KerasWeightArray.FormatShape(w)}) needs [{w[2]}, kw, cin, {w[0]}] with kw·cin = {w[1]}");
        }

        using var scope = NewDisposeScope();
        var mapped = kernel.ToTensor().permute(3, 1, 2, 0).reshape(w[0], w[1], w[2]);
        var bias = PrepareBias(layer, target.Bias, w[0], "Conv1d");
        Copy(target.Weight, mapped);
        CopyBias(target.Bias, bias);
    }

    /// <summary>Loads a Keras Dense layer into a Linear.</summary>
    /// <param name="layer">The Keras layer: <c>kernel</c> (in, out) and, when it uses a bias, <c>bias</c> (out).</param>
    /// <param name="target">A Linear with the same in/out features.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="KerasImportException">A weight is missing or has the wrong shape, or the biases disagree.</exception>
    public static void LoadDense(KerasLayerWeights layer, Linear target)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(target);
        var kernel = layer.GetWeight("kernel");
        var w = target.weight!.shape;
        ExpectShape(layer, kernel, [w[1], w[0]], "Linear");
        using var scope = NewDisposeScope();
        var mapped = kernel.ToTensor().t();
        var bias = PrepareBias(layer, target.bias, w[0], "Linear");
        Copy(target.weight!, mapped);
        CopyBias(target.bias, bias);
    }

    /// <summary>Loads a Keras Dense layer into a <see cref="DenseLayer"/>.</summary>
    /// <param name="layer">The Keras layer: <c>kernel</c> (in, out) and, when it uses a bias, <c>bias</c> (out).</param>
    /// <param name="target">A dense layer with the same in/out features.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="KerasImportException">A weight is missing or has the wrong shape, or the biases disagree.</exception>
    public static void LoadDense(KerasLayerWeights layer, DenseLayer target)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(target);
        var kernel = layer.GetWeight("kernel");
        var w = target.Weight.shape;
        ExpectShape(layer, kernel, [w[1], w[0]], "Linear");
        using var scope = NewDisposeScope();
        var mapped = kernel.ToTensor().t();
        var bias = PrepareBias(layer, target.Bias, w[0], "Linear");
        Copy(target.Weight, mapped);
        CopyBias(target.Bias, bias);
    }

    /// <summary>Loads a Keras BatchNormalization layer (over the channel axis) into a BatchNorm1d.</summary>
    /// <param name="layer">
    /// The Keras layer: <c>moving_mean</c> and <c>moving_variance</c> (C), and <c>gamma</c>/<c>beta</c> (C) unless it was
    /// built with <c>scale=False</c>/<c>center=False</c>.
    /// </param>
    /// <param name="target">An affine BatchNorm1d over C features that tracks running statistics.</param>
    /// <remarks>Set the module's epsilon to Keras' (default 1e-3) when constructing it; this method copies weights only.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The target is not affine or does not track running statistics.</exception>
    /// <exception cref="KerasImportException">A statistic is missing or a weight has the wrong shape.</exception>
    public static void LoadBatchNormalization(KerasLayerWeights layer, BatchNorm1d target)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(target);
        if (target.weight is null || target.bias is null || target.running_mean is null || target.running_var is null)
        {
            throw new ArgumentException("The BatchNorm1d must be affine and track running statistics.", nameof(target));
        }

        var features = target.running_mean.shape[0];
        var mean = layer.GetWeight("moving_mean");
        var variance = layer.GetWeight("moving_variance");
        foreach (var array in new[] { mean, variance }.Concat(Optional(layer, "gamma")).Concat(Optional(layer, "beta")))
        {
            ExpectShape(layer, array, [features], "BatchNorm1d");
        }

        using var scope = NewDisposeScope();
        var gamma = layer.HasWeight("gamma") ? layer.GetWeight("gamma").ToTensor() : ones(features);
        var beta = layer.HasWeight("beta") ? layer.GetWeight("beta").ToTensor() : zeros(features);
        Copy(target.weight, gamma);
        Copy(target.bias, beta);
        Copy(target.running_mean, mean.ToTensor());
        Copy(target.running_var, variance.ToTensor());
    }

    private static IEnumerable<KerasWeightArray> Optional(KerasLayerWeights layer, string shortName)
        => layer.HasWeight(shortName) ? [layer.GetWeight(shortName)] : [];

    private static Tensor? PrepareBias(KerasLayerWeights layer, Tensor? targetBias, long outFeatures, string targetKind)
    {
        var hasBias = layer.HasWeight("bias");
        if (hasBias != targetBias is not null)
        {
            throw new KerasImportException(layer.FilePath, layer.Name,
                hasBias ? $"the layer has a bias but the target {targetKind} has none" : $"the layer has no bias (use_bias=False) but the target {targetKind} has one");
        }

        if (!hasBias)
        {
            return null;
        }

        var bias = layer.GetWeight("bias");
        ExpectShape(layer, bias, [outFeatures], targetKind);
        return bias.ToTensor();
    }

    private static void ExpectShape(KerasLayerWeights layer, KerasWeightArray array, long[] expected, string targetKind)
    {
        if (!array.Shape.Select(d => (long)d).SequenceEqual(expected))
        {
            throw new KerasImportException(layer.FilePath, layer.Name,
                $"weight '{array.Name}' has Keras shape {array.FormatShape()} but the target {targetKind} needs {KerasWeightArray.FormatShape(expected)}");
        }
    }

    private static void CopyBias(Tensor? target, Tensor? source)
    {
        if (target is not null && source is not null)
        {
            Copy(target, source);
        }
    }

    private static void Copy(Tensor target, Tensor source)
    {
        using var noGrad = no_grad();
        target.copy_(source.contiguous());
    }
}
