using Genomics.Models.Serialization.Keras;

namespace Genomics.Models.Architectures.NeuronMotifDemo;

/// <summary>Reads <see cref="NeuronMotifDemoOptions"/> and the Keras layer names of each block from a Keras convolution stack.</summary>
internal static class NeuronMotifKerasArchitecture
{
    public static (NeuronMotifDemoOptions Options, IReadOnlyList<(string Conv, string? Norm)> Blocks) Read(KerasModelConfig config)
    {
        var input = config.InputShape;
        if (input.Count != 2 || input[0] is not int inputLength || input[1] != 4)
        {
            throw new KerasImportException(config.Source, null, $"the input shape [{string.Join(", ", input)}] is not (L, 4)");
        }

        var layers = config.Layers;
        var blocks = new List<NeuronMotifConvLayer>();
        var names = new List<(string, string?)>();
        var epsilons = new HashSet<double>();
        var momenta = new HashSet<double>();
        var cursor = 0;
        var ended = false;
        while (cursor < layers.Count && !ended)
        {
            var conv = layers[cursor++];
            if (conv.ClassName != "Conv1D")
            {
                throw conv.Error("expected a Conv1D layer to start the next block");
            }

            RequireValidConv(conv);
            var activation = conv.Has("activation") ? conv.GetString("activation") : "linear";
            KerasLayerConfig? norm = null;
            if (cursor < layers.Count && layers[cursor].ClassName == "BatchNormalization")
            {
                if (activation != "linear")
                {
                    throw conv.Error($"a convolution with its own '{activation}' activation before batch normalisation is not supported");
                }

                norm = layers[cursor++];
                RequireChannelAxis(norm);
                epsilons.Add(norm.Has("epsilon") ? norm.GetDouble("epsilon") : 1e-3);
                momenta.Add(norm.Has("momentum") ? norm.GetDouble("momentum") : 0.99);
            }

            if (activation == "linear")
            {
                if (cursor >= layers.Count || layers[cursor].ClassName != "Activation")
                {
                    throw conv.Error("the block has no nonlinearity (expected an Activation layer after it)");
                }

                activation = layers[cursor++].GetString("activation");
            }

            if (activation == "sigmoid")
            {
                ended = true;
            }
            else if (activation != "relu")
            {
                throw conv.Error($"activation '{activation}' is not supported (ReLU inside the stack, sigmoid at its end)");
            }

            var poolSize = 1;
            if (cursor < layers.Count && layers[cursor].ClassName == "MaxPooling1D")
            {
                var pool = layers[cursor++];
                var size = pool.GetIntList("pool_size");
                var strides = pool.Has("strides") ? pool.GetIntList("strides") : size;
                if (size.Count != 1 || size[0] is not int p || !strides.SequenceEqual(size) || pool.GetString("padding") != "valid")
                {
                    throw pool.Error("only valid max-pooling with stride equal to the window is supported");
                }

                poolSize = p;
            }

            blocks.Add(new NeuronMotifConvLayer(conv.GetInt("filters"), conv.GetIntList("kernel_size")[0] ?? 0, norm is not null, poolSize));
            names.Add((conv.Name, norm?.Name));
        }

        if (!ended)
        {
            throw new KerasImportException(config.Source, null, "the stack does not end with a sigmoid");
        }

        if (cursor < layers.Count && layers[cursor].ClassName == "Flatten")
        {
            cursor++;
        }

        if (cursor < layers.Count)
        {
            throw layers[cursor].Error("no layer may follow the sigmoid block (other than a Flatten)");
        }

        if (epsilons.Count > 1 || momenta.Count > 1)
        {
            throw new KerasImportException(config.Source, null, "the batch normalisations use different epsilons or momenta");
        }

        var options = new NeuronMotifDemoOptions
        {
            InputLength = inputLength,
            ConvLayers = blocks,
            BatchNormEpsilon = epsilons.Count == 1 ? epsilons.Single() : 1e-3,
            BatchNormMomentum = momenta.Count == 1 ? Math.Round(1 - momenta.Single(), 12) : 0.01,
        };
        try
        {
            return (options.Validate(), names);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new KerasImportException(config.Source, null, $"the architecture gives invalid options ({e.Message})", e);
        }
    }

    private static void RequireValidConv(KerasLayerConfig conv)
    {
        if (conv.GetString("padding") != "valid"
            || (conv.Has("strides") && conv.GetIntList("strides").Any(s => s != 1))
            || (conv.Has("dilation_rate") && conv.GetIntList("dilation_rate").Any(d => d != 1))
            || (conv.Has("data_format") && conv.GetString("data_format") != "channels_last")
            || !conv.GetBool("use_bias", true))
        {
            throw conv.Error("only channels-last convolutions with valid padding, stride 1, no dilation and a bias are supported");
        }
    }

    private static void RequireChannelAxis(KerasLayerConfig norm)
    {
        if (norm.Has("axis"))
        {
            var axis = norm.GetIntList("axis");
            if (axis.Count != 1 || axis[0] is not (-1 or 2))
            {
                throw norm.Error("only normalisation over the channel axis (-1) is supported");
            }
        }
    }
}
