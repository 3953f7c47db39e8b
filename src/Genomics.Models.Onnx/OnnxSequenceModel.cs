using System.Globalization;
using Genomics.Models.Abstractions;
using Microsoft.ML.OnnxRuntime;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Onnx;

/// <summary>
/// An <see cref="ISequenceModel"/> backed by ONNX Runtime: a model exported to ONNX from PyTorch, TensorFlow/Keras or
/// JAX, run on the CPU for the engines that need only forward passes (prediction, in-silico mutagenesis, DeepASMM,
/// variant effects, perturbation experiments).
/// </summary>
/// <remarks>
/// <para>The model is forward-only (<see cref="IForwardOnlyModel"/>): saliency, DeepLIFT-SHAP and the trainer refuse
/// it with <see cref="ForwardOnlyModelException"/>. It does not describe a convolutional trunk
/// (<see cref="IConvolutionalTrunk"/>), so fast ISM and local-edit DeepASMM fall back to full forward passes under
/// <c>EvaluationAlgorithm.Auto</c>. It has no <see cref="Layers"/>, so the neuron engines, which read layers, do not
/// apply.</para>
/// <para><see cref="Module"/> is a parameterless TorchSharp module whose forward pass runs the session, so evaluation
/// mode, forward hooks and the engines' model-state scopes work as for any model; moving it to a device other than the
/// CPU throws <see cref="NotSupportedException"/>. <see cref="Evaluate"/> takes (N, C, L) float32 CPU batches as the
/// engines give them; for a channels-first file whose batch is contiguous, ONNX Runtime reads the tensor's memory and
/// writes its outputs into the result's memory, without copies. A channels-last file costs one transpose per batch; a
/// file with a fixed batch size is run in chunks of that size (the last one padded with zeros).</para>
/// <para>Disposing the model, or its module, releases the ONNX Runtime session. <see cref="Evaluate"/> may be called from
/// several threads (ONNX Runtime's session is thread-safe).</para>
/// </remarks>
public sealed class OnnxSequenceModel : ISequenceModel, IForwardOnlyModel
{
    private readonly OnnxModule _module;

    private OnnxSequenceModel(OnnxModule module, SequenceInputSpec input, SequenceOutputSpec output)
    {
        _module = module;
        Input = input;
        Output = output;
    }

    /// <summary>Loads an ONNX model.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="options">Layout, input and output settings; <see cref="OnnxModelOptions.Default"/> when null.</param>
    /// <returns>The model; dispose it to release the session.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime cannot read the file, or its input or outputs do not fit a
    /// sequence model, or the options do not fit the file (the message names the file and says what to set).</exception>
    /// <exception cref="ArgumentException">The options are invalid (the parameter name is the option's).</exception>
    public static OnnxSequenceModel Load(string path, OnnxModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var o = (options ?? OnnxModelOptions.Default).Validate();
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new OnnxModelException(fullPath, "this is a directory; give the .onnx file.");
        }

        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"ONNX model '{fullPath}' does not exist.", fullPath);
        }

        var threads = o.Threads ?? Math.Max(1, torch.get_num_threads());
        InferenceSession session;
        using (var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        })
        {
            try
            {
                session = new InferenceSession(fullPath, sessionOptions);
            }
            catch (OnnxRuntimeException e)
            {
                throw new OnnxModelException(fullPath, $"ONNX Runtime cannot load it ({e.Message.Trim()}). Is it an ONNX model file?", e);
            }
        }

        try
        {
            var (input, inputName, fixedBatch) = DescribeInput(session, fullPath, o);
            var (outputNames, outputTargets) = DescribeOutputs(session, fullPath, o);
            var targetNames = NameTargets(fullPath, outputNames, outputTargets, o);
            var output = new SequenceOutputSpec(targetNames, o.Activation, o.IsStranded);
            var module = new OnnxModule(session, fullPath, o.Layout, inputName, fixedBatch, outputNames, outputTargets, output.Targets);
            return new OnnxSequenceModel(module, input, output);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The full path of the ONNX file.</summary>
    public string FilePath => _module.FilePath;

    /// <summary>The input layout of the file.</summary>
    public OnnxInputLayout Layout => _module.Layout;

    /// <summary>The name of the file's input that receives the sequences.</summary>
    public string InputName => _module.InputName;

    /// <summary>The file's outputs, in target order.</summary>
    public IReadOnlyList<string> OutputNames => _module.OutputNames;

    /// <summary>The batch size the file fixes, or null when its batch axis is dynamic.</summary>
    public int? FixedBatchSize => _module.FixedBatch is long b ? (int)b : null;

    /// <inheritdoc />
    public string ForwardOnlyDescription => _module.ForwardOnlyDescription;

    /// <inheritdoc />
    public SequenceInputSpec Input { get; }

    /// <inheritdoc />
    public SequenceOutputSpec Output { get; }

    /// <inheritdoc />
    /// <remarks>Empty: an ONNX graph is not described layer by layer.</remarks>
    public IReadOnlyList<LayerInfo> Layers { get; } = [];

    /// <inheritdoc />
    public nn.Module Module => _module;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch is not (N, C, L) float32 with the input's channels and length.</exception>
    /// <exception cref="NotSupportedException">The batch is not on the CPU.</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime failed on the batch.</exception>
    public Tensor Evaluate(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.device_type != DeviceType.CPU)
        {
            throw new NotSupportedException($"{ForwardOnlyDescription} runs on the CPU only; the batch is on {input.device}. Run the engine with ComputeContext.Device = DevicePolicy.Cpu (the CLI's --device cpu).");
        }

        if (input.dtype != ScalarType.Float32)
        {
            throw new ArgumentException($"Expected float32 inputs but got {input.dtype}.", nameof(input));
        }

        Input.Validate(input, nameof(input));
        return _module.call(input);
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _module.Dispose();

    private static (SequenceInputSpec Input, string Name, long? FixedBatch) DescribeInput(InferenceSession session, string path, OnnxModelOptions o)
    {
        var names = session.InputNames;
        string name;
        if (o.InputName is null)
        {
            if (names.Count != 1)
            {
                throw new OnnxModelException(path, $"it has {names.Count} inputs ({string.Join(", ", names)}); only models with one input (the sequences) are supported.");
            }

            name = names[0];
        }
        else if (!names.Contains(o.InputName))
        {
            throw new OnnxModelException(path, $"it has no input '{o.InputName}' (OnnxModelOptions.InputName); its inputs: {string.Join(", ", names)}.");
        }
        else if (names.Count != 1)
        {
            throw new OnnxModelException(path, $"it has {names.Count} inputs ({string.Join(", ", names)}); only models with one input (the sequences) are supported.");
        }
        else
        {
            name = o.InputName;
        }

        var meta = session.InputMetadata[name];
        if (!meta.IsTensor || meta.ElementDataType != TensorElementType.Float)
        {
            throw new OnnxModelException(path, $"its input '{name}' is {Describe(meta)}; a sequence model takes float32 one-hot (N, C, L) or (N, L, C). Export the model with a float32 input.");
        }

        var dims = meta.Dimensions;
        var expected = o.Layout == OnnxInputLayout.ChannelsFirst ? "(N, C, L)" : "(N, L, C)";
        if (dims.Length != 3)
        {
            throw new OnnxModelException(path, $"its input '{name}' has shape {Shape(meta)}, rank {dims.Length}; expected {expected}.");
        }

        var channels = o.Input?.Channels ?? 4;
        var (channelAxis, lengthAxis) = o.Layout == OnnxInputLayout.ChannelsFirst ? (1, 2) : (2, 1);
        if (dims[channelAxis] > 0 && dims[channelAxis] != channels)
        {
            var hint = dims[lengthAxis] == channels
                ? o.Layout == OnnxInputLayout.ChannelsFirst
                    ? " Its channels look last, (N, L, C): load it with Layout = OnnxInputLayout.ChannelsLast (the CLI's --onnx-layout channels-last)."
                    : " Its channels look first, (N, C, L): load it with Layout = OnnxInputLayout.ChannelsFirst (the CLI's --onnx-layout channels-first)."
                : o.Input is null ? " Give OnnxModelOptions.Input for inputs other than one-hot DNA." : string.Empty;
            throw new OnnxModelException(path, $"its input '{name}' has shape {Shape(meta)}, read as {expected} with {dims[channelAxis]} channels, but the model's input has {channels}.{hint}");
        }

        int? length = dims[lengthAxis] > 0 ? dims[lengthAxis] : null;
        if (o.Input?.Length is int given && length is int fixedLength && given != fixedLength)
        {
            throw new OnnxModelException(path, $"its input '{name}' has length {fixedLength}, but OnnxModelOptions.Input asks for {given}.");
        }

        var spec = o.Input is null
            ? SequenceInputSpec.Dna(length)
            : o.Input.Length is null && length is not null ? new SequenceInputSpec(o.Input.Kind, o.Input.ChannelNames, length) : o.Input;
        long? fixedBatch = dims[0] > 0 ? dims[0] : null;
        return (spec, name, fixedBatch);
    }

    private static (string[] Names, int[] Targets) DescribeOutputs(InferenceSession session, string path, OnnxModelOptions o)
    {
        var available = session.OutputNames;
        var names = o.OutputNames?.ToArray() ?? available.ToArray();
        foreach (var name in names)
        {
            if (!available.Contains(name))
            {
                throw new OnnxModelException(path, $"it has no output '{name}' (OnnxModelOptions.OutputNames); its outputs: {string.Join(", ", available)}.");
            }
        }

        var targets = new int[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var meta = session.OutputMetadata[names[i]];
            if (!meta.IsTensor || meta.ElementDataType != TensorElementType.Float)
            {
                throw new OnnxModelException(path, $"its output '{names[i]}' is {Describe(meta)}; a sequence model returns float32 (N, T). Choose the outputs with OnnxModelOptions.OutputNames.");
            }

            var dims = meta.Dimensions;
            targets[i] = dims.Length switch
            {
                1 => 1,
                2 when dims[1] > 0 => dims[1],
                2 => throw new OnnxModelException(path, $"its output '{names[i]}' has shape {Shape(meta)}, whose target axis is not fixed; export it with a fixed number of targets."),
                _ => throw new OnnxModelException(path, $"its output '{names[i]}' has shape {Shape(meta)}; a sequence model returns (N, T) or (N). Reshape it in the exported graph, or choose the outputs with OnnxModelOptions.OutputNames."),
            };
        }

        return (names, targets);
    }

    private static string[] NameTargets(string path, string[] outputs, int[] targets, OnnxModelOptions o)
    {
        var total = targets.Sum();
        if (o.TargetNames is not null)
        {
            if (o.TargetNames.Count != total)
            {
                throw new OnnxModelException(path, $"OnnxModelOptions.TargetNames gives {o.TargetNames.Count} names for its {total} targets ({string.Join(", ", outputs.Select((n, i) => $"{n}: {targets[i]}"))}).");
            }

            return o.TargetNames.ToArray();
        }

        var result = new List<string>(total);
        for (var i = 0; i < outputs.Length; i++)
        {
            if (targets[i] == 1)
            {
                result.Add(outputs[i]);
            }
            else
            {
                for (var t = 0; t < targets[i]; t++)
                {
                    result.Add(string.Create(CultureInfo.InvariantCulture, $"{outputs[i]}[{t}]"));
                }
            }
        }

        return result.ToArray();
    }

    private static string Shape(NodeMetadata meta) =>
        "[" + string.Join(", ", meta.Dimensions.Select((d, i) => d > 0 ? d.ToString(CultureInfo.InvariantCulture) : meta.SymbolicDimensions is { } s && i < s.Length && !string.IsNullOrEmpty(s[i]) ? s[i] : "?")) + "]";

    private static string Describe(NodeMetadata meta) =>
        meta.IsTensor ? $"a {meta.ElementDataType} tensor {Shape(meta)}" : $"a {meta.OnnxValueType} value";
}
