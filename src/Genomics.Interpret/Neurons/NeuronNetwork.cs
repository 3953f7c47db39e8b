using Genomics.Models.Layers;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Compute;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Interpret.Neurons;

/// <summary>
/// The neurons of a convolutional model (as NeuronMotif and CombMotif define them): every convolution's channels, read before the nonlinearity,
/// with their receptive fields and strides; evaluates them on receptive-field windows and whole sequences, batched
/// through <see cref="BatchedPredictor"/>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="FromModel"/> works for any one-hot DNA <see cref="ISequenceModel"/> whose convolutions are unpadded (as
/// NeuronMotif's models): output position j of a neuron layer sees inputs [j·stride, j·stride + RF). The neuron value
/// is the convolution output, or the output of a batch normalisation directly after it (the value the nonlinearity
/// receives). Windows shorter than the model's input are placed at position 0 and zero-padded on the right; only
/// output position 0, which sees exactly the window, is read. The first use of each layer checks by input gradients
/// that position 0 depends on exactly the first RF inputs and otherwise throws, naming the layer.
/// </para>
/// <para>
/// <see cref="FromCnnGru"/> uses <see cref="CnnGruModel.EvaluateNeurons"/> (padding removed, extra channels zero),
/// exactly as CombMotif interprets its half-life and ribosome-load models.
/// </para>
/// <para><b>Thread safety.</b> An instance may be called from several threads at once, on one model or on several: every evaluation holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>. Layers of <see cref="FromModel"/> are read through forward hooks, so their evaluations take the model for exclusive use (<see cref="Genomics.Models.Compute.ModelStateScope.ExclusiveUse"/>): they wait for other threads' evaluations of the model and make those wait, one at a time.</para>
/// </remarks>
public sealed class NeuronNetwork
{
    private readonly Dictionary<string, NeuronLayerModel> _layerModels;
    private readonly HashSet<string> _checked = [];
    private readonly Lock _checkLock = new();

    private NeuronNetwork(ISequenceModel? model, IReadOnlyList<NeuronLayerModel> layerModels, bool needsCheck, ComputeContext context)
    {
        Model = model;
        Layers = layerModels.Select(l => l.Layer).ToArray();
        _layerModels = layerModels.ToDictionary(l => l.Layer.Name, StringComparer.Ordinal);
        Context = context;
        Predictor = new BatchedPredictor(context);
        if (!needsCheck)
        {
            foreach (var l in Layers)
            {
                _checked.Add(l.Name);
            }
        }
    }

    /// <summary>The neuron layers in forward order.</summary>
    public IReadOnlyList<NeuronLayer> Layers { get; }

    /// <summary>The whole model, when built with <see cref="FromModel"/>; null for <see cref="FromCnnGru"/>.</summary>
    public ISequenceModel? Model { get; }

    /// <summary>The compute context used for every batched call.</summary>
    public ComputeContext Context { get; }

    internal BatchedPredictor Predictor { get; }

    /// <summary>Describes the neurons of a one-hot DNA model with unpadded convolutions.</summary>
    /// <param name="model">The model; its <see cref="ISequenceModel.Layers"/> must list the convolutions with receptive fields and strides.</param>
    /// <param name="context">Device, batch size, seed and logging; <see cref="ComputeContext.Default"/> when null.</param>
    /// <returns>The network; it does not own the model.</returns>
    /// <exception cref="ArgumentException">The model's input is not 4-channel one-hot, or it lists no convolution with a receptive field.</exception>
    public static NeuronNetwork FromModel(ISequenceModel model, ComputeContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Input.Kind != InputKind.OneHot || model.Input.Channels != 4)
        {
            throw new ArgumentException($"Neurons are defined for 4-channel one-hot models; this model takes {model.Input.Channels} {model.Input.Kind} channels.", nameof(model));
        }

        var modules = model.Module.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        var layers = new List<NeuronLayerModel>();
        var all = model.Layers;
        for (var i = 0; i < all.Count; i++)
        {
            var info = all[i];
            if (info.Kind != LayerKind.Convolution || info.ReceptiveField is not int rf || info.Stride is not int stride || info.OutputChannels is not int channels)
            {
                continue;
            }

            var path = info.Name;
            if (i + 1 < all.Count && all[i + 1].Kind == LayerKind.Normalization
                && modules.TryGetValue(all[i + 1].Name, out var next) && next is BatchNorm1d)
            {
                path = all[i + 1].Name;
            }

            if (!modules.ContainsKey(path))
            {
                throw new ArgumentException($"The model lists layer '{path}' but has no such module.", nameof(model));
            }

            if (model.Input.Length is int length && rf > length)
            {
                continue;
            }

            var layer = new NeuronLayer(info.Name, path, channels, rf, stride, layers.Count + 1);
            layers.Add(new NeuronLayerModel(layer, model.Module, null, NeuronLayerModel.ThroughModel(model, path), usesHooks: true));
        }

        if (layers.Count == 0)
        {
            throw new ArgumentException("The model lists no convolution with a receptive field and stride in its Layers.", nameof(model));
        }

        return new NeuronNetwork(model, layers, needsCheck: true, context ?? ComputeContext.Default);
    }

    /// <summary>Describes the neurons of a CNN-GRU (CombMotif) model: <c>conv1</c> … <c>conv{B+1}</c>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="context">Device, batch size, seed and logging; <see cref="ComputeContext.Default"/> when null.</param>
    /// <returns>The network; it does not own the model. <see cref="Model"/> is null: predictions of the whole model take
    /// 6-channel inputs and are made by the caller.</returns>
    public static NeuronNetwork FromCnnGru(CnnGruModel model, ComputeContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var strides = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in model.Layers)
        {
            if (l.Stride is int s)
            {
                strides[l.Name] = s;
            }
        }

        var layers = model.NeuronLayers.Select((n, i) =>
        {
            var layer = new NeuronLayer(n.Name, n.ModulePath, n.Channels, n.ReceptiveField, strides.GetValueOrDefault(n.ModulePath, 1), i + 1);
            return new NeuronLayerModel(layer, model, null, x => model.EvaluateNeurons(x, n.Name));
        }).ToArray();
        return new NeuronNetwork(null, layers, needsCheck: false, context ?? ComputeContext.Default);
    }

    /// <summary>Finds a neuron layer by name.</summary>
    /// <param name="name">The layer name (the convolution's module path, e.g. <c>conv2</c>).</param>
    /// <returns>The layer.</returns>
    /// <exception cref="ArgumentException">No neuron layer has that name; the message lists them.</exception>
    public NeuronLayer Layer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _layerModels.TryGetValue(name, out var m)
            ? m.Layer
            : throw new ArgumentException($"No neuron layer '{name}'. Neuron layers: {string.Join(", ", Layers.Select(l => l.Name))}.", nameof(name));
    }

    /// <summary>Evaluates every neuron of a layer on receptive-field windows.</summary>
    /// <param name="layer">The layer name.</param>
    /// <param name="windows">One-hot windows (N, 4, RF) on the CPU, any numeric dtype (uint8 is compact).</param>
    /// <param name="progress">Receives (stage "neurons", windows done, N) per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>Activations (N, F), float32, on the CPU; the caller owns the tensor.</returns>
    /// <exception cref="ArgumentException">Unknown layer, or windows that are not (N, 4, RF).</exception>
    public Tensor EvaluateWindows(string layer, Tensor windows, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var m = LayerModel(layer);
        using var exclusive = Exclusive(m);
        RequireWindows(m.Layer, windows, nameof(windows));
        EnsureChecked(m, layer);
        return Predictor.Map(m, windows, static (model, batch) => model.Evaluate(batch).select(2, 0), "neurons", requiresGrad: false, progress, cancellationToken);
    }

    /// <summary>Evaluates a layer's whole activation map on sequences.</summary>
    /// <param name="layer">The layer name.</param>
    /// <param name="sequences">One-hot sequences (N, 4, L) on the CPU, L at least the receptive field (and at most the
    /// model's input length for <see cref="FromModel"/> networks).</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>The map (N, F, L′), float32, on the CPU; position j covers inputs [j·stride, j·stride + RF).</returns>
    /// <exception cref="ArgumentException">Unknown layer, or sequences of the wrong shape.</exception>
    public Tensor EvaluateMap(string layer, Tensor sequences, CancellationToken cancellationToken = default)
    {
        var m = LayerModel(layer);
        using var exclusive = Exclusive(m);
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.dim() != 3 || sequences.shape[1] != 4 || sequences.shape[2] < m.Layer.ReceptiveField
            || (Model?.Input.Length is int length && sequences.shape[2] > length))
        {
            throw new ArgumentException($"Expected one-hot sequences (N, 4, L) with L from {m.Layer.ReceptiveField} to {Model?.Input.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"} but got [{string.Join(", ", sequences.shape)}].", nameof(sequences));
        }

        EnsureChecked(m, layer);
        var valid = ((sequences.shape[2] - m.Layer.ReceptiveField) / m.Layer.Stride) + 1;
        return Predictor.Map(m, sequences, (model, batch) => model.Evaluate(batch).narrow(2, 0, valid), "neurons", requiresGrad: false, null, cancellationToken);
    }

    /// <summary>
    /// Evaluates one neuron per window together with the gradient of its value with respect to the window.
    /// </summary>
    /// <param name="layer">The layer name.</param>
    /// <param name="windows">One-hot windows (N, 4, RF) on the CPU.</param>
    /// <param name="neuronOfRow">The neuron (channel) to differentiate for each window; N entries in [0, F).</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>Activations (N) and gradients (N·4·RF, row-major (N, 4, RF)).</returns>
    internal (float[] Activations, float[] Gradients) EvaluateWithGradients(string layer, Tensor windows, int[] neuronOfRow, CancellationToken cancellationToken)
    {
        var m = LayerModel(layer);
        using var exclusive = Exclusive(m);
        RequireWindows(m.Layer, windows, nameof(windows));
        EnsureChecked(m, layer);
        using var results = Predictor.MapMany(m, windows, (model, batch, slice) =>
        {
            var x = batch.detach().requires_grad_(true);
            var values = model.Evaluate(x).select(2, 0);
            var index = torch.tensor(neuronOfRow.AsSpan((int)slice.Start, (int)slice.Count).ToArray(), ScalarType.Int64, x.device).unsqueeze(1);
            var chosen = values.gather(1, index).squeeze(1);
            using var inputGradientsOnly = GradientScope.InputGradientsOnly();   // attribution never reads weight gradients
            var gradient = torch.autograd.grad([chosen.sum()], [x])[0];
            return [chosen.detach(), gradient.flatten(1)];
        }, "neuron-gradients", requiresGrad: true, null, cancellationToken);
        using var activationValues = results[0].contiguous();
        using var gradientValues = results[1].contiguous();
        var activations = activationValues.data<float>().ToArray();
        var gradients = gradientValues.data<float>().ToArray();
        return (activations, gradients);
    }

    /// <summary>Takes the model for exclusive use when the layer's evaluation registers forward hooks on it; null otherwise.</summary>
    private static ModelStateScope? Exclusive(NeuronLayerModel m) => m.UsesHooks ? ModelStateScope.ExclusiveUse(m.Module) : null;

    private NeuronLayerModel LayerModel(string layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return _layerModels.TryGetValue(layer, out var m)
            ? m
            : throw new ArgumentException($"No neuron layer '{layer}'. Neuron layers: {string.Join(", ", Layers.Select(l => l.Name))}.", nameof(layer));
    }

    private static void RequireWindows(NeuronLayer layer, Tensor windows, string paramName)
    {
        ArgumentNullException.ThrowIfNull(windows, paramName);
        if (windows.dim() != 3 || windows.shape[0] == 0 || windows.shape[1] != 4 || windows.shape[2] != layer.ReceptiveField)
        {
            throw new ArgumentException($"Expected one-hot windows (N, 4, {layer.ReceptiveField}) for layer {layer.Name} but got [{string.Join(", ", windows.shape)}].", paramName);
        }
    }

    /// <summary>
    /// Checks once per layer that the map has the length unpadded convolutions give, ⌊(L − RF)/stride⌋ + 1; padding
    /// lengthens the map and shifts position 0 off the window.
    /// </summary>
    private void EnsureChecked(NeuronLayerModel m, string layer)
    {
        lock (_checkLock)
        {
            if (_checked.Contains(m.Layer.Name))
            {
                return;
            }
        }

        var rf = m.Layer.ReceptiveField;
        var length = Model?.Input.Length ?? rf;
        using var input = torch.zeros([1, 4, length], ScalarType.Byte);
        using var map = Predictor.Map(m, input, static (model, batch) => model.Evaluate(batch), "neuron-check", requiresGrad: false);
        var expected = ((length - rf) / m.Layer.Stride) + 1;
        if (map.dim() != 3 || map.shape[1] != m.Layer.Channels || map.shape[2] != expected)
        {
            throw new ArgumentException($"Layer {m.Layer.Name}: an input of length {length} gives a map of shape [{string.Join(", ", map.shape)}], not [1, {m.Layer.Channels}, {expected}] as unpadded convolutions with receptive field {rf} and stride {m.Layer.Stride} would; neurons need unpadded convolutions (or NeuronNetwork.FromCnnGru).", nameof(layer));
        }

        lock (_checkLock)
        {
            _checked.Add(m.Layer.Name);
        }
    }
}
