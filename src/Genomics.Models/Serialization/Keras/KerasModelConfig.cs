using System.Text.Json;

namespace Genomics.Models.Serialization.Keras;

/// <summary>
/// A Keras 2 architecture description (<c>model.to_json()</c> or a full-model file's <c>model_config</c>) whose layers
/// form a single chain: a <c>Sequential</c> model, or a functional <c>Model</c> in which every layer takes the
/// previous layer's output.
/// </summary>
public sealed class KerasModelConfig
{
    private KerasModelConfig(string source, string className, IReadOnlyList<KerasLayerConfig> layers, IReadOnlyList<int?> inputShape)
    {
        Source = source;
        ClassName = className;
        Layers = layers;
        InputShape = inputShape;
    }

    /// <summary>Where the description came from (a file path), used in error messages.</summary>
    public string Source { get; }

    /// <summary>The model class: <c>Sequential</c>, <c>Model</c> or <c>Functional</c>.</summary>
    public string ClassName { get; }

    /// <summary>The layers in forward order, InputLayer excluded.</summary>
    public IReadOnlyList<KerasLayerConfig> Layers { get; }

    /// <summary>The input shape without the batch axis, e.g. [620, 4, 1]; entries are null where Keras left them open.</summary>
    public IReadOnlyList<int?> InputShape { get; }

    /// <summary>Reads an architecture JSON file.</summary>
    /// <param name="path">The JSON file written by <c>model.to_json()</c>.</param>
    /// <returns>The parsed description.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="KerasImportException">The JSON is malformed or the layers do not form a single chain.</exception>
    public static KerasModelConfig ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Keras architecture file '{path}' does not exist.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses an architecture JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where it came from (a file path), used in error messages.</param>
    /// <returns>The parsed description.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="KerasImportException">The JSON is malformed or the layers do not form a single chain.</exception>
    public static KerasModelConfig Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new KerasImportException(source, null, $"the architecture is not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("class_name", out var classElement) || classElement.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object
                || !config.TryGetProperty("layers", out var layersElement) || layersElement.ValueKind != JsonValueKind.Array)
            {
                throw new KerasImportException(source, null, "the architecture JSON lacks 'class_name' or 'config.layers'");
            }

            var className = classElement.GetString()!;
            var all = layersElement.EnumerateArray().Select(e => ReadLayer(source, e)).ToList();
            if (className is "Model" or "Functional")
            {
                CheckChain(source, all);
            }
            else if (className != "Sequential")
            {
                throw new KerasImportException(source, null, $"model class '{className}' is not supported (Sequential, Model or Functional)");
            }

            var inputLayer = all.FirstOrDefault(l => l.Layer.ClassName == "InputLayer").Layer;
            var shapeSource = inputLayer ?? all.FirstOrDefault().Layer
                ?? throw new KerasImportException(source, null, "the architecture has no layers");
            if (!shapeSource.Has("batch_input_shape"))
            {
                throw shapeSource.Error("property 'batch_input_shape' is missing, so the input shape is unknown");
            }

            var inputShape = shapeSource.GetIntList("batch_input_shape").Skip(1).ToArray();
            var layers = all.Select(l => l.Layer).Where(l => l.ClassName != "InputLayer").ToArray();
            return new KerasModelConfig(source, className, layers, inputShape);
        }
    }

    /// <summary>The layers of one Keras class, in forward order.</summary>
    /// <param name="className">The Keras class, e.g. <c>Conv2D</c>.</param>
    /// <returns>The matching layers (possibly none).</returns>
    public IReadOnlyList<KerasLayerConfig> LayersOfClass(string className)
        => Layers.Where(l => string.Equals(l.ClassName, className, StringComparison.Ordinal)).ToArray();

    private static (KerasLayerConfig Layer, JsonElement Inbound) ReadLayer(string source, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("class_name", out var classElement) || classElement.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
        {
            throw new KerasImportException(source, null, "a layer entry lacks 'class_name' or 'config'");
        }

        var name = element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : config.TryGetProperty("name", out var cn) && cn.ValueKind == JsonValueKind.String
                ? cn.GetString()!
                : throw new KerasImportException(source, null, $"a {classElement.GetString()} layer has no name");
        var inbound = element.TryGetProperty("inbound_nodes", out var nodes) ? nodes.Clone() : default;
        return (new KerasLayerConfig(source, classElement.GetString()!, name, config.Clone()), inbound);
    }

    private static void CheckChain(string source, List<(KerasLayerConfig Layer, JsonElement Inbound)> layers)
    {
        for (var i = 1; i < layers.Count; i++)
        {
            var (layer, inbound) = layers[i];
            // Keras 2 writes inbound_nodes as [[[name, node_index, tensor_index, kwargs], ...], ...].
            var sources = inbound.ValueKind == JsonValueKind.Array
                ? inbound.EnumerateArray()
                    .SelectMany(node => node.ValueKind == JsonValueKind.Array ? node.EnumerateArray() : Enumerable.Empty<JsonElement>())
                    .Select(t => t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0 && t[0].ValueKind == JsonValueKind.String ? t[0].GetString() : null)
                    .ToArray()
                : [];
            var previous = layers[i - 1].Layer.Name;
            if (sources.Length != 1 || sources[0] != previous)
            {
                throw new KerasImportException(source, layer.Name,
                    $"the model is not a single chain of layers (expected one input from '{previous}', found {(sources.Length == 0 ? "none" : string.Join(", ", sources.Select(s => $"'{s}'")))})");
            }
        }
    }
}
