using Genomics.Models.Serialization.Keras;

namespace Genomics.Models.Architectures.DeepDifE;

/// <summary>Reads <see cref="DeepDifEOptions"/> and the weight-bearing layer names from a Keras architecture built by DeepDifE's <c>get_tf_model</c>.</summary>
internal static class DeepDifEKerasArchitecture
{
    public static (DeepDifEOptions Options, IReadOnlyList<string> ConvNames, IReadOnlyList<string> DenseNames) Read(KerasModelConfig config)
    {
        var layers = config.Layers;
        var cursor = 0;
        KerasLayerConfig Next(string className)
        {
            if (cursor >= layers.Count)
            {
                throw new KerasImportException(config.Source, null, $"the architecture ends where DeepDifE has a {className} layer");
            }

            var layer = layers[cursor++];
            return layer.ClassName == className
                ? layer
                : throw layer.Error($"DeepDifE has a {className} layer here (position {cursor})");
        }

        var input = config.InputShape;
        if (input.Count is not (2 or 3) || input[0] is not int inputLength || input[1] != 4 || (input.Count == 3 && input[2] != 1))
        {
            throw new KerasImportException(config.Source, null, $"the input shape [{string.Join(", ", input)}] is not (L, 4, 1) or (L, 4)");
        }

        var first = Next("Conv2D");
        var kernel = first.GetIntList("kernel_size");
        if (kernel.Count != 2 || kernel[1] != 4)
        {
            throw first.Error($"kernel_size [{string.Join(", ", kernel)}] does not span the four bases");
        }

        RequireConv(first, "valid", [1, 1]);
        var firstPool = Next("MaxPooling2D");
        var poolSize = firstPool.GetIntList("pool_size");
        if (poolSize.Count != 2 || poolSize[1] != 1 || !firstPool.GetIntList("strides").SequenceEqual(poolSize) || firstPool.GetString("padding") != "valid")
        {
            throw firstPool.Error("DeepDifE pools (p, 1) with stride (p, 1) and valid padding");
        }

        var dropout = Next("Dropout").GetDouble("rate");
        var convs = new List<KerasLayerConfig> { first };
        while (cursor < layers.Count && layers[cursor].ClassName == "Conv2D")
        {
            var extra = Next("Conv2D");
            RequireConv(extra, "same", null);
            RequireRate(Next("Dropout"), dropout);
            convs.Add(extra);
        }

        var extraKernel = convs.Count > 1 ? convs[1].GetIntList("kernel_size") : [6, 1];
        var extraStride = convs.Count > 1 ? convs[1].GetIntList("strides") : [6, 1];
        Next("Flatten");
        var dense1 = RequireDense(Next("Dense"), "relu");
        RequireRate(Next("Dropout"), dropout);
        var dense2 = RequireDense(Next("Dense"), "relu");
        var output = RequireDense(Next("Dense"), "sigmoid");
        if (output.GetInt("units") != 1)
        {
            throw output.Error("DeepDifE's output layer has one unit");
        }

        if (cursor != layers.Count)
        {
            throw layers[cursor].Error("DeepDifE has no further layer after the sigmoid output");
        }

        var options = new DeepDifEOptions
        {
            InputLength = inputLength,
            KernelLength = kernel[0] ?? throw first.Error("kernel_size is open"),
            ConvLayers = convs.Count,
            FirstFilters = first.GetInt("filters"),
            PoolSize = poolSize[0] ?? throw firstPool.Error("pool_size is open"),
            ExtraConvKernelSize = extraKernel[0] ?? 6,
            ExtraConvStride = extraStride[0] ?? 6,
            FirstDenseUnits = dense1.GetInt("units"),
            SecondDenseUnits = dense2.GetInt("units"),
            Dropout = dropout,
            KernelL2 = ReadL2(first) ?? DeepDifEOptions.Published.KernelL2,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new KerasImportException(config.Source, null, $"the architecture gives invalid DeepDifE options ({e.Message})", e);
        }

        for (var i = 1; i < convs.Count; i++)
        {
            var extra = convs[i];
            if (!extra.GetIntList("kernel_size").SequenceEqual(extraKernel) || !extra.GetIntList("strides").SequenceEqual(extraStride)
                || extraKernel.Count != 2 || extraKernel[1] != 1 || extraStride.Count != 2 || extraStride[1] != 1)
            {
                throw extra.Error("every extra DeepDifE convolution has the same (k, 1) kernel and (s, 1) stride");
            }

            if (extra.GetInt("filters") != options.ExtraConvFilters(i))
            {
                throw extra.Error($"has {extra.GetInt("filters")} filters but DeepDifE's halving rule gives {options.ExtraConvFilters(i)}");
            }
        }

        return (options, convs.Select(c => c.Name).ToArray(), [dense1.Name, dense2.Name, output.Name]);
    }

    private static void RequireConv(KerasLayerConfig layer, string padding, int?[]? strides)
    {
        if (layer.GetString("padding") != padding)
        {
            throw layer.Error($"DeepDifE uses '{padding}' padding here, not '{layer.GetString("padding")}'");
        }

        if (strides is not null && !layer.GetIntList("strides").SequenceEqual(strides))
        {
            throw layer.Error("DeepDifE's first convolution has stride 1");
        }

        if (layer.Has("dilation_rate") && layer.GetIntList("dilation_rate").Any(d => d != 1))
        {
            throw layer.Error("dilated convolutions are not part of DeepDifE");
        }

        if (layer.GetString("activation") != "relu" || !layer.GetBool("use_bias", true)
            || (layer.Has("data_format") && layer.GetString("data_format") != "channels_last"))
        {
            throw layer.Error("DeepDifE convolutions are channels-last with a bias and a ReLU");
        }
    }

    private static KerasLayerConfig RequireDense(KerasLayerConfig layer, string activation)
    {
        if (layer.GetString("activation") != activation || !layer.GetBool("use_bias", true))
        {
            throw layer.Error($"DeepDifE has a Dense layer with a bias and activation '{activation}' here");
        }

        return layer;
    }

    private static void RequireRate(KerasLayerConfig layer, double rate)
    {
        if (Math.Abs(layer.GetDouble("rate") - rate) > 1e-9)
        {
            throw layer.Error($"dropout rate {layer.GetDouble("rate")} differs from the first dropout's {rate}; DeepDifE uses one rate");
        }
    }

    private static double? ReadL2(KerasLayerConfig layer)
    {
        if (!layer.Has("kernel_regularizer"))
        {
            return null;
        }

        var regularizer = layer.Config.GetProperty("kernel_regularizer");
        return regularizer.TryGetProperty("config", out var c) && c.TryGetProperty("l2", out var l2) && l2.TryGetDouble(out var value)
            ? Math.Round(value, 12)
            : null;
    }
}
