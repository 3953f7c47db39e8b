using System.Globalization;
using System.Text.Json;
using Genomics.Models.Abstractions;
using Genomics.Models.Blocks;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Serialization.Keras;

/// <summary>
/// Turns a single-chain Keras architecture with its weights into a <see cref="BlockArchitecture"/>: walks the layers in
/// forward order while tracking the Keras tensor shape (which axis is the sequence, which the channels, which are
/// singletons), so Conv1D and Conv2D with a singleton or one-hot axis, pools, batch normalisation, activations,
/// dropout, reshapes, permutations and flattening map onto convolution and dense blocks with converted weights.
/// </summary>
internal sealed class KerasChainBuilder
{
    /// <summary>The Keras classes the importer understands, for error messages.</summary>
    internal const string SupportedClasses =
        "InputLayer, Conv1D, Conv2D, Dense, MaxPooling1D/2D, AveragePooling1D/2D, GlobalMaxPooling1D/2D, GlobalAveragePooling1D/2D, "
        + "BatchNormalization, Activation, ReLU, Softmax, Dropout, SpatialDropout1D/2D, Flatten, Reshape, Permute";

    private readonly KerasModelConfig _config;
    private readonly KerasWeightFile _weights;
    private readonly List<nn.Module> _created = [];
    private readonly List<ConvolutionBlock> _trunk = [];
    private readonly List<DenseBlock> _head = [];
    private readonly List<string> _omitted = [];

    // The Keras tensor shape without the batch axis, one role per axis.
    private List<AxisRole> _shape = [];
    private int _channels;
    private int? _length;
    private int? _inputLength;
    private bool _flattened;
    private bool _alphabet = true;
    private FeatureFlattening _flattening = FeatureFlattening.ChannelMajor;
    private PendingConvolution? _conv;
    private PendingDense? _dense;
    private KerasLayerConfig? _finalActivationLayer;
    private OutputActivation _outputActivation = OutputActivation.None;

    private KerasChainBuilder(KerasModelConfig config, KerasWeightFile weights)
    {
        _config = config;
        _weights = weights;
    }

    private enum AxisRole
    {
        Length,
        Channels,
        Single,
    }

    /// <summary>Builds the blocks, loading the weights; on failure every module created so far is disposed.</summary>
    public static (BlockArchitecture Architecture, IReadOnlyList<string> Omitted) Build(KerasModelConfig config, KerasWeightFile weights)
    {
        var builder = new KerasChainBuilder(config, weights);
        try
        {
            return builder.Run();
        }
        catch
        {
            foreach (var module in builder._created)
            {
                module.Dispose();
            }

            throw;
        }
    }

    private (BlockArchitecture, IReadOnlyList<string>) Run()
    {
        ReadInput();
        FindFinalActivation();
        foreach (var layer in _config.Layers)
        {
            Apply(layer);
        }

        FinishConvolution();
        FinishDense();
        if (_trunk.Count == 0)
        {
            throw new KerasImportException(_config.Source, null, "the model has no convolution layer; the importer builds convolutional models (Conv1D or Conv2D first)");
        }

        int targets;
        if (_flattened)
        {
            targets = _channels;
        }
        else
        {
            // A fully convolutional model: its output map is flattened as Keras would flatten it.
            if (_length is not int length)
            {
                throw new KerasImportException(_config.Source, null, "the model ends in a convolutional map of open length; give the input a fixed length");
            }

            targets = checked(_channels * length);
            _flattening = FlatteningOrder(null);
        }

        var input = SequenceInputSpec.Dna(_inputLength);
        var output = new SequenceOutputSpec(
            Enumerable.Range(0, targets).Select(i => "target_" + i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            _outputActivation);
        return (new BlockArchitecture(input, output, _trunk, _flattening, _head), _omitted);
    }

    private void ReadInput()
    {
        var shape = _config.InputShape;
        var nonSingle = Enumerable.Range(0, shape.Count).Where(i => shape[i] != 1).ToArray();
        if (nonSingle.Length != 2)
        {
            throw InputError("it must have a sequence axis and a one-hot axis of 4, other axes 1");
        }

        // The one-hot axis is the one of size 4 (the last such axis when both are 4); the other is the sequence.
        var alphabetAxis = shape[nonSingle[1]] == 4 ? nonSingle[1] : shape[nonSingle[0]] == 4 ? nonSingle[0] : -1;
        if (alphabetAxis < 0)
        {
            throw InputError("no axis has the 4 one-hot channels (A, C, G, T)");
        }

        var lengthAxis = alphabetAxis == nonSingle[1] ? nonSingle[0] : nonSingle[1];
        _shape = Enumerable.Range(0, shape.Count)
            .Select(i => i == alphabetAxis ? AxisRole.Channels : i == lengthAxis ? AxisRole.Length : AxisRole.Single)
            .ToList();
        _channels = 4;
        _length = shape[lengthAxis];
        _inputLength = _length;
    }

    private KerasImportException InputError(string problem)
        => new(_config.Source, null, $"the input shape [{string.Join(", ", _config.InputShape.Select(d => d?.ToString(CultureInfo.InvariantCulture) ?? "None"))}] is not one-hot DNA: {problem}");

    /// <summary>Finds the last nonlinearity when only shape changes and dropout follow it; a sigmoid or softmax there is the output activation.</summary>
    private void FindFinalActivation()
    {
        for (var i = _config.Layers.Count - 1; i >= 0; i--)
        {
            var layer = _config.Layers[i];
            if (layer.ClassName is "Dropout" or "SpatialDropout1D" or "SpatialDropout2D" or "Flatten" or "Reshape" or "Permute")
            {
                continue;
            }

            var activation = layer.ClassName switch
            {
                "Activation" or "Conv1D" or "Conv2D" or "Dense" => layer.Has("activation") ? layer.GetString("activation") : "linear",
                "Softmax" => "softmax",
                _ => null,
            };
            if (activation == "linear" && layer.ClassName == "Activation")
            {
                continue;
            }

            _outputActivation = activation switch
            {
                "sigmoid" => OutputActivation.Sigmoid,
                "softmax" => OutputActivation.Softmax,
                _ => OutputActivation.None,
            };
            if (_outputActivation != OutputActivation.None)
            {
                _finalActivationLayer = layer;
                if (layer.ClassName == "Softmax" && layer.Has("axis") && layer.GetInt("axis") != -1)
                {
                    throw layer.Error("the final softmax must be over the last axis");
                }
            }

            return;
        }
    }

    private void Apply(KerasLayerConfig layer)
    {
        switch (layer.ClassName)
        {
            case "Conv1D":
            case "Conv2D":
                Convolution(layer);
                break;
            case "MaxPooling1D":
            case "MaxPooling2D":
                Pool(layer, PoolKind.Max);
                break;
            case "AveragePooling1D":
            case "AveragePooling2D":
                Pool(layer, PoolKind.Average);
                break;
            case "GlobalMaxPooling1D":
            case "GlobalMaxPooling2D":
                GlobalPool(layer, PoolKind.Max);
                break;
            case "GlobalAveragePooling1D":
            case "GlobalAveragePooling2D":
                GlobalPool(layer, PoolKind.Average);
                break;
            case "BatchNormalization":
                BatchNormalization(layer);
                break;
            case "Activation":
                AddActivation(layer, layer.GetString("activation"));
                break;
            case "ReLU":
                if ((layer.Has("max_value") && !double.IsPositiveInfinity(layer.GetDouble("max_value")))
                    || (layer.Has("negative_slope") && layer.GetDouble("negative_slope") != 0)
                    || (layer.Has("threshold") && layer.GetDouble("threshold") != 0))
                {
                    throw layer.Error("only the plain ReLU (no max_value, negative_slope or threshold) is supported");
                }

                AddActivation(layer, "relu");
                break;
            case "Softmax":
                AddActivation(layer, "softmax");
                break;
            case "Dropout":
            case "SpatialDropout1D":
            case "SpatialDropout2D":
                AddDropout(layer);
                break;
            case "Flatten":
                Flatten(layer);
                break;
            case "Reshape":
                Reshape(layer);
                break;
            case "Permute":
                Permute(layer);
                break;
            case "Dense":
                Dense(layer);
                break;
            default:
                throw layer.Error($"layer class '{layer.ClassName}' is not supported by the Keras model importer (supported: {SupportedClasses})");
        }
    }

    private void Convolution(KerasLayerConfig layer)
    {
        if (_flattened)
        {
            throw layer.Error("a convolution after Flatten is not supported");
        }

        RequireChannelsLast(layer);
        if (layer.Has("groups") && layer.GetInt("groups") != 1)
        {
            throw layer.Error("grouped convolutions (groups > 1) are not supported");
        }

        var is2D = layer.ClassName == "Conv2D";
        var kernel = layer.GetIntList("kernel_size");
        var strides = layer.Has("strides") ? layer.GetIntList("strides") : kernel.Select(_ => (int?)1).ToArray();
        var dilations = layer.Has("dilation_rate") ? layer.GetIntList("dilation_rate") : kernel.Select(_ => (int?)1).ToArray();
        var padding = layer.Has("padding") ? layer.GetString("padding") : "valid";
        if (padding is not ("valid" or "same"))
        {
            throw layer.Error($"padding '{padding}' is not supported (valid or same)");
        }

        int k, s, d;
        int lengthAxis;
        var otherIsAlphabet = false;
        if (!is2D)
        {
            if (_shape.Count != 2 || _shape[0] != AxisRole.Length || _shape[1] != AxisRole.Channels)
            {
                throw layer.Error($"Conv1D needs a (length, channels) input but the tensor here is {DescribeShape()}");
            }

            (k, s, d) = (Single(layer, kernel, "kernel_size"), Single(layer, strides, "strides"), Single(layer, dilations, "dilation_rate"));
            lengthAxis = 0;
        }
        else
        {
            if (_shape.Count != 3 || kernel.Count != 2 || strides.Count != 2 || dilations.Count != 2)
            {
                throw layer.Error($"Conv2D needs a (height, width, channels) input with one sequence axis but the tensor here is {DescribeShape()}");
            }

            lengthAxis = _shape[0] == AxisRole.Length ? 0 : _shape[1] == AxisRole.Length ? 1 : -1;
            if (lengthAxis < 0)
            {
                throw layer.Error($"no spatial axis of the input {DescribeShape()} is the sequence");
            }

            var other = 1 - lengthAxis;
            var otherKernel = kernel[other];
            if (_shape[other] == AxisRole.Channels && _shape[2] == AxisRole.Single && _alphabet)
            {
                // The one-hot axis is spatial ((L, 4, 1) or (4, L, 1)): the kernel must span it, without padding.
                if (otherKernel != 4 || padding != "valid" || dilations[other] != 1)
                {
                    throw layer.Error($"a Conv2D over the one-hot axis must span all 4 bases with valid padding (kernel_size [{string.Join(", ", kernel)}], padding '{padding}')");
                }

                otherIsAlphabet = true;
            }
            else if (_shape[other] == AxisRole.Single && _shape[2] == AxisRole.Channels)
            {
                if (otherKernel != 1)
                {
                    throw layer.Error($"the kernel along the singleton axis must be 1 (kernel_size [{string.Join(", ", kernel)}])");
                }
            }
            else
            {
                throw layer.Error($"Conv2D over {DescribeShape()} is not a convolution along the sequence with a singleton or one-hot second axis");
            }

            k = kernel[lengthAxis] ?? throw layer.Error("kernel_size is open");
            s = strides[lengthAxis] ?? 1;
            d = dilations[lengthAxis] ?? 1;
        }

        if (d > 1 && s > 1)
        {
            throw layer.Error("a dilated convolution with stride > 1 is not supported");
        }

        var span = (d * (k - 1)) + 1;
        int before = 0, after = 0;
        int? outLength;
        if (padding == "same")
        {
            if (s == 1)
            {
                var total = span - 1;
                (before, after) = (total / 2, total - (total / 2));
                outLength = _length;
            }
            else
            {
                var n = _length ?? throw layer.Error("padding 'same' with a stride needs a fixed input length");
                var outN = (n + s - 1) / s;
                var total = Math.Max(((outN - 1) * s) + span - n, 0);
                (before, after) = (total / 2, total - (total / 2));
                outLength = outN;
            }
        }
        else
        {
            outLength = _length is int n ? (n < span ? 0 : ((n - span) / s) + 1) : null;
            if (outLength is < 1)
            {
                throw layer.Error($"the kernel (span {span}) is longer than its input ({_length})");
            }
        }

        FinishConvolution();
        var filters = layer.GetInt("filters");
        var useBias = layer.GetBool("use_bias", true);
        var conv = Track(new Conv1dLayer(_channels, filters, k, s, before, after, d, useBias));
        LoadConvolution(layer, conv, is2D, lengthAxis, otherIsAlphabet);
        _conv = new PendingConvolution(NamedModule.Of(ModulePath(layer), conv));
        _channels = filters;
        _length = outLength;
        _alphabet = false;
        if (is2D)
        {
            _shape = [AxisRole.Single, AxisRole.Single, AxisRole.Channels];
            _shape[lengthAxis] = AxisRole.Length;
        }

        ActivationArgument(layer);
    }

    private void LoadConvolution(KerasLayerConfig layer, Conv1dLayer target, bool is2D, int lengthAxis, bool otherIsAlphabet)
    {
        var weights = _weights.GetLayer(layer.Name);
        if (!is2D)
        {
            KerasWeightMapping.LoadConv1D(weights, target);
            return;
        }

        var kernel = weights.GetWeight("kernel");
        var w = target.Weight.shape;
        var expected = new long[4];
        expected[lengthAxis] = w[2];
        expected[1 - lengthAxis] = otherIsAlphabet ? 4 : 1;
        expected[2] = otherIsAlphabet ? 1 : w[1];
        expected[3] = w[0];
        if (!kernel.Shape.Select(v => (long)v).SequenceEqual(expected))
        {
            throw new KerasImportException(weights.FilePath, weights.Name,
                $"weight '{kernel.Name}' has Keras shape {kernel.FormatShape()} but this Conv2D needs {KerasWeightArray.FormatShape(expected)}");
        }

        using var scope = torch.NewDisposeScope();
        var k = kernel.ToTensor();

        // To (length, channels, out): the singleton axis or the image-channel axis of size 1 is dropped.
        var lengthFirst = lengthAxis == 0 ? k : k.permute(1, 0, 2, 3);
        var mapped = otherIsAlphabet
            ? lengthFirst.select(2, 0) // (klen, 4, out)
            : lengthFirst.select(1, 0); // (klen, cin, out)
        mapped = mapped.permute(2, 1, 0);
        Tensor? bias = null;
        if (weights.HasWeight("bias") != target.Bias is not null)
        {
            throw new KerasImportException(weights.FilePath, weights.Name, "the bias weight does not match the layer's use_bias setting");
        }

        if (target.Bias is not null)
        {
            var b = weights.GetWeight("bias");
            if (b.Shape.Count != 1 || b.Shape[0] != w[0])
            {
                throw new KerasImportException(weights.FilePath, weights.Name, $"weight '{b.Name}' has Keras shape {b.FormatShape()} but the layer needs [{w[0]}]");
            }

            bias = b.ToTensor();
        }

        using var noGrad = torch.no_grad();
        target.Weight.copy_(mapped.contiguous());
        if (bias is not null)
        {
            target.Bias!.copy_(bias);
        }
    }

    private void Pool(KerasLayerConfig layer, PoolKind kind)
    {
        if (_flattened)
        {
            throw layer.Error("pooling after Flatten is not supported");
        }

        RequireChannelsLast(layer);
        var conv = _conv ?? throw layer.Error("pooling before the first convolution is not supported");
        if (conv.Pool is not null)
        {
            throw layer.Error($"a second pooling layer after '{conv.Pool.Name}' without a convolution between them is not supported");
        }

        var sizes = layer.GetIntList("pool_size");
        var strides = layer.Has("strides") ? layer.GetIntList("strides") : sizes;
        if (strides.Any(v => v is null))
        {
            strides = sizes;
        }

        var padding = layer.Has("padding") ? layer.GetString("padding") : "valid";
        int lengthAxis;
        if (layer.ClassName.EndsWith("1D", StringComparison.Ordinal))
        {
            if (_shape.Count != 2 || _shape[0] != AxisRole.Length || _shape[1] != AxisRole.Channels)
            {
                throw layer.Error($"a 1D pool needs a (length, channels) input but the tensor here is {DescribeShape()}");
            }

            lengthAxis = 0;
        }
        else
        {
            lengthAxis = _shape.Count == 3 && _shape[2] == AxisRole.Channels ? _shape.IndexOf(AxisRole.Length) : -1;
            if (lengthAxis is not (0 or 1) || sizes.Count != 2 || sizes[1 - lengthAxis] != 1)
            {
                throw layer.Error($"a 2D pool must pool along the sequence only (pool_size [{string.Join(", ", sizes)}] over {DescribeShape()})");
            }
        }

        var k = sizes[lengthAxis] ?? throw layer.Error("pool_size is open");
        var s = strides[lengthAxis] ?? k;
        bool ceil;
        (int Before, int After) pad = (0, 0);
        if (padding == "valid")
        {
            ceil = false;
            _length = _length is int n ? (n < k ? 0 : ((n - k) / s) + 1) : null;
        }
        else if (padding == "same")
        {
            var n = _length ?? throw layer.Error("padding 'same' pooling needs a fixed input length");
            var outN = (n + s - 1) / s;
            var (before, after) = Pool1d.TensorFlowSamePadding(n, k, s);
            using var probe = new Pool1d(kind, k, s, ceilMode: true);
            if (before == 0 && probe.OutputLength(n) == outN)
            {
                // Padding at the end only: a ceil-mode pool keeps the partial last window (its average counts the
                // positions present), which is TensorFlow's result.
                ceil = after > 0;
            }
            else
            {
                // Padding before the sequence: the pool pads as TensorFlow does (−∞ for max, left out of the average).
                ceil = false;
                pad = (before, after);
            }

            _length = outN;
        }
        else
        {
            throw layer.Error($"padding '{padding}' is not supported");
        }

        if (_length is < 1)
        {
            throw layer.Error("the pool window is longer than its input");
        }

        var module = pad == (0, 0)
            ? new Pool1d(kind, k, s, ceil, ModulePath(layer))
            : new Pool1d(kind, k, s, pad.Before, pad.After, ceilMode: false, ModulePath(layer));
        conv.Pool = NamedModule.Of(ModulePath(layer), Track(module));
    }

    private void GlobalPool(KerasLayerConfig layer, PoolKind kind)
    {
        if (_flattened)
        {
            throw layer.Error("global pooling after Flatten is not supported");
        }

        RequireChannelsLast(layer);
        if (layer.Has("keepdims") && layer.GetBool("keepdims", false))
        {
            throw layer.Error("keepdims=True is not supported");
        }

        var conv = _conv ?? throw layer.Error("global pooling before the first convolution is not supported");
        if (conv.Pool is not null)
        {
            throw layer.Error($"global pooling right after the pool '{conv.Pool.Name}' is not supported");
        }

        if (_shape[^1] != AxisRole.Channels || _shape.Count(r => r == AxisRole.Length) != 1)
        {
            throw layer.Error($"global pooling over {DescribeShape()} is not supported");
        }

        var n = _length ?? throw layer.Error("global pooling needs a fixed input length");
        conv.Pool = NamedModule.Of(ModulePath(layer), Track(new Pool1d(kind, n, n, false, ModulePath(layer))));
        FinishConvolution();
        _length = 1;
        _flattening = FeatureFlattening.ChannelMajor;
        _flattened = true;
        _shape = [AxisRole.Channels];
    }

    private void BatchNormalization(KerasLayerConfig layer)
    {
        var axis = -1;
        if (layer.Has("axis"))
        {
            var axes = layer.GetIntList("axis");
            if (axes.Count != 1 || axes[0] is null)
            {
                throw layer.Error("normalising over several axes is not supported");
            }

            axis = axes[0]!.Value;
        }

        var rank = _shape.Count;
        var resolved = axis < 0 ? axis + rank : axis - 1; // Keras counts the batch axis in positive axes
        if (resolved < 0 || resolved >= rank || _shape[resolved] != AxisRole.Channels || _alphabet)
        {
            throw layer.Error($"batch normalisation must normalise the channels of a convolution or dense output (axis {axis} of {DescribeShape()})");
        }

        var epsilon = layer.Has("epsilon") ? layer.GetDouble("epsilon") : 1e-3;
        var momentum = layer.Has("momentum") ? layer.GetDouble("momentum") : 0.99;
        var norm = Track(nn.BatchNorm1d(_channels, eps: epsilon, momentum: 1 - momentum));
        KerasWeightMapping.LoadBatchNormalization(_weights.GetLayer(layer.Name), norm);
        AddPointwise(layer, ModulePath(layer), norm, isActivation: false);
    }

    private void AddActivation(KerasLayerConfig layer, string activation)
    {
        if (ReferenceEquals(layer, _finalActivationLayer) || activation == "linear")
        {
            CheckFinalSoftmax(layer, activation);
            if (activation == "linear")
            {
                _omitted.Add(layer.ToString());
            }

            return;
        }

        var kind = ActivationKindOf(layer, activation);
        AddPointwise(layer, ModulePath(layer), Track(new Activation(kind, ModulePath(layer))), isActivation: true);
    }

    private void ActivationArgument(KerasLayerConfig layer)
    {
        var activation = layer.Has("activation") ? layer.GetString("activation") : "linear";
        if (activation == "linear" || ReferenceEquals(layer, _finalActivationLayer))
        {
            CheckFinalSoftmax(layer, activation);
            return;
        }

        var kind = ActivationKindOf(layer, activation);
        var path = ModulePath(layer) + "_" + activation;
        AddPointwise(layer, path, Track(new Activation(kind, path)), isActivation: true);
    }

    private void CheckFinalSoftmax(KerasLayerConfig layer, string activation)
    {
        // Over a flattened vector or a length-1 map the softmax is over the model outputs; over a longer map it is not.
        if (activation == "softmax" && !_flattened && _length != 1)
        {
            throw layer.Error("a softmax over the channels of each position is not a softmax over the model outputs; only a final softmax over a Dense layer, a flattened vector or a length-1 map is supported");
        }
    }

    private static ActivationKind ActivationKindOf(KerasLayerConfig layer, string activation) => activation switch
    {
        "relu" => ActivationKind.Relu,
        "sigmoid" => ActivationKind.Sigmoid,
        "tanh" => ActivationKind.Tanh,
        "softplus" => ActivationKind.Softplus,
        "exponential" => ActivationKind.Exp,
        "softmax" => throw layer.Error("a softmax is supported only as the model's final activation"),
        _ => throw layer.Error($"activation '{activation}' is not supported (relu, sigmoid, tanh, softplus, exponential, linear; sigmoid or softmax as the final activation)"),
    };

    private void AddPointwise(KerasLayerConfig layer, string path, nn.Module<Tensor, Tensor> module, bool isActivation)
    {
        if (_dense is { } dense)
        {
            dense.Pointwise.Add((path, module, isActivation));
            return;
        }

        if (_flattened)
        {
            throw layer.Error("a normalisation or activation between Flatten and the first Dense layer is not supported");
        }

        var conv = _conv ?? throw layer.Error("a normalisation or activation before the first convolution is not supported");
        if (conv.Pool is { } pool)
        {
            // Max pooling commutes with a non-decreasing activation, so it may move before the pool; nothing else may.
            if (!isActivation || pool.Module.Kind != PoolKind.Max)
            {
                throw layer.Error($"a {(isActivation ? "nonlinearity after an average pool" : "normalisation after a pool")} ('{pool.Name}') is not supported; the importer needs convolution → normalisation/activation → pool");
            }
        }

        conv.Pointwise.Add((path, module, isActivation));
    }

    private void AddDropout(KerasLayerConfig layer)
    {
        var rate = layer.GetDouble("rate");
        var path = ModulePath(layer);
        if (_dense is { } dense && dense.Dropout is null)
        {
            dense.Dropout = NamedModule.Of(path, Track(nn.Dropout(rate)));
        }
        else if (_dense is null && !_flattened && _conv is { Dropout: null } conv)
        {
            conv.Dropout = NamedModule.Of(path, Track(nn.Dropout(rate)));
        }
        else
        {
            _omitted.Add(layer.ToString());
        }
    }

    private void Flatten(KerasLayerConfig layer)
    {
        RequireChannelsLast(layer);
        if (_flattened)
        {
            _omitted.Add(layer.ToString());
            return;
        }

        if (_conv is null)
        {
            throw layer.Error("Flatten before the first convolution is not supported");
        }

        _flattening = FlatteningOrder(layer);
        FinishConvolution();
        var length = _length ?? throw layer.Error("flattening needs a fixed input length");
        _channels = checked(_channels * length);
        _length = 1;
        _flattened = true;
        _shape = [AxisRole.Channels];
    }

    private FeatureFlattening FlatteningOrder(KerasLayerConfig? layer)
    {
        var lengthAxis = _shape.IndexOf(AxisRole.Length);
        var channelAxis = _shape.IndexOf(AxisRole.Channels);
        if (lengthAxis < 0 || channelAxis < 0)
        {
            // A reshape dropped the axis, which it does only when the axis has size 1: then the order does not matter.
            if ((lengthAxis < 0 && _length == 1) || (channelAxis < 0 && _channels == 1))
            {
                return FeatureFlattening.ChannelMajor;
            }

            var problem = $"cannot tell the sequence and channel axes of {DescribeShape()}";
            throw layer is null ? new KerasImportException(_config.Source, null, problem) : layer.Error(problem);
        }

        return lengthAxis < channelAxis ? FeatureFlattening.PositionMajor : FeatureFlattening.ChannelMajor;
    }

    private void Reshape(KerasLayerConfig layer)
    {
        var target = layer.GetIntList("target_shape");
        var current = Sizes();
        var currentCore = Enumerable.Range(0, _shape.Count).Where(i => current[i] != 1).ToArray();
        var targetCore = target.Where(t => t != 1).ToArray();

        // Only reshapes that add or remove singleton axes keep every value in place.
        if (targetCore.Length != currentCore.Length || targetCore.Where((t, i) => t != -1 && t != current[currentCore[i]]).Any() || target.Count(t => t == -1) > 1)
        {
            throw layer.Error($"Reshape to [{string.Join(", ", target)}] moves values between axes of {DescribeShape()}; only reshapes that add or remove singleton axes are supported");
        }

        var roles = currentCore.Select(i => _shape[i]).ToArray();
        var next = new List<AxisRole>();
        var j = 0;
        foreach (var t in target)
        {
            next.Add(t == 1 ? AxisRole.Single : roles[j++]);
        }

        _shape = next;
        _omitted.Add(layer.ToString());
    }

    private void Permute(KerasLayerConfig layer)
    {
        var dims = layer.GetIntList("dims");
        if (dims.Count != _shape.Count || dims.Any(d => d is null || d < 1 || d > _shape.Count) || dims.Distinct().Count() != dims.Count)
        {
            throw layer.Error($"dims [{string.Join(", ", dims)}] are not a permutation of the axes of {DescribeShape()}");
        }

        _shape = dims.Select(d => _shape[d!.Value - 1]).ToList();
        _omitted.Add(layer.ToString());
    }

    private void Dense(KerasLayerConfig layer)
    {
        if (!_flattened)
        {
            throw layer.Error($"Dense on the unflattened tensor {DescribeShape()} is not supported; the importer needs Flatten (or global pooling) before the first Dense layer");
        }

        FinishDense();
        var units = layer.GetInt("units");
        var linear = Track(new DenseLayer(_channels, units, layer.GetBool("use_bias", true)));
        KerasWeightMapping.LoadDense(_weights.GetLayer(layer.Name), linear);
        _dense = new PendingDense(NamedModule.Of(ModulePath(layer), linear));
        _channels = units;
        ActivationArgument(layer);
    }

    private void FinishConvolution()
    {
        if (_conv is not { } conv)
        {
            return;
        }

        _conv = null;
        var (normalization, activation) = Slots(conv.Pointwise);
        _trunk.Add(new ConvolutionBlock(conv.Convolution, normalization, activation, conv.Pool, conv.Dropout));
    }

    private void FinishDense()
    {
        if (_dense is not { } dense)
        {
            return;
        }

        _dense = null;
        var (normalization, activation) = Slots(dense.Pointwise);
        _head.Add(new DenseBlock(dense.Linear, normalization, activation, dense.Dropout));
    }

    /// <summary>Puts position-wise modules into the blocks' normalisation and activation slots, or chains them in the normalisation slot when their order does not fit.</summary>
    private (NamedModule<nn.Module<Tensor, Tensor>>? Normalization, NamedModule<Activation>? Activation) Slots(List<(string Name, nn.Module<Tensor, Tensor> Module, bool IsActivation)> pointwise)
    {
        switch (pointwise.Count)
        {
            case 0:
                return (null, null);
            case 1 when pointwise[0].IsActivation:
                return (null, NamedModule.Of(pointwise[0].Name, (Activation)pointwise[0].Module));
            case 1:
                return (NamedModule.Of(pointwise[0].Name, pointwise[0].Module), null);
            case 2 when !pointwise[0].IsActivation && pointwise[1].IsActivation:
                return (NamedModule.Of(pointwise[0].Name, pointwise[0].Module), NamedModule.Of(pointwise[1].Name, (Activation)pointwise[1].Module));
            default:
                var chain = Track(new KerasPointwiseChain(pointwise[0].Name, pointwise.Select(p => (p.Name, p.Module)).ToArray()));
                return (NamedModule.Of<nn.Module<Tensor, Tensor>>(pointwise[0].Name + "_chain", chain), null);
        }
    }

    private static void RequireChannelsLast(KerasLayerConfig layer)
    {
        if (layer.Has("data_format") && layer.GetString("data_format") != "channels_last")
        {
            throw layer.Error($"data_format '{layer.GetString("data_format")}' is not supported (channels_last)");
        }
    }

    private static int Single(KerasLayerConfig layer, IReadOnlyList<int?> values, string property)
        => values.Count == 1 && values[0] is int v ? v : throw layer.Error($"{property} [{string.Join(", ", values)}] is not one integer");

    private static string ModulePath(KerasLayerConfig layer) => layer.Name.Replace('.', '_').Replace('/', '_');

    private int?[] Sizes() => _shape.Select(r => r switch
    {
        AxisRole.Length => _length,
        AxisRole.Channels => _channels,
        _ => (int?)1,
    }).ToArray();

    private string DescribeShape()
        => "(" + string.Join(", ", _shape.Zip(Sizes(), (r, s) => r switch
        {
            AxisRole.Length => $"length {s?.ToString(CultureInfo.InvariantCulture) ?? "None"}",
            AxisRole.Channels => $"{s} channels",
            _ => "1",
        })) + ")";

    private T Track<T>(T module)
        where T : nn.Module
    {
        _created.Add(module);
        return module;
    }

    private sealed class PendingConvolution(NamedModule<Conv1dLayer> convolution)
    {
        public NamedModule<Conv1dLayer> Convolution { get; } = convolution;

        public List<(string Name, nn.Module<Tensor, Tensor> Module, bool IsActivation)> Pointwise { get; } = [];

        public NamedModule<Pool1d>? Pool { get; set; }

        public NamedModule<Dropout>? Dropout { get; set; }
    }

    private sealed class PendingDense(NamedModule<DenseLayer> linear)
    {
        public NamedModule<DenseLayer> Linear { get; } = linear;

        public List<(string Name, nn.Module<Tensor, Tensor> Module, bool IsActivation)> Pointwise { get; } = [];

        public NamedModule<Dropout>? Dropout { get; set; }
    }
}
