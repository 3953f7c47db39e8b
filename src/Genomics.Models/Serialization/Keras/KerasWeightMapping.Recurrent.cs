using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Serialization.Keras;

public static partial class KerasWeightMapping
{
    /// <summary>Loads a Keras LSTM layer (or a Bidirectional LSTM wrapper) into a one-layer LSTM.</summary>
    /// <param name="layer">
    /// The Keras layer: <c>kernel</c> (in, 4H), <c>recurrent_kernel</c> (H, 4H) and, when it uses a bias, <c>bias</c>
    /// (4H) — or (8H) for a CuDNNLSTM, whose second half is the recurrent bias. For a Bidirectional wrapper the weights
    /// of the forward and backward layers are told apart by the <c>forward…</c>/<c>backward…</c> path segments.
    /// </param>
    /// <param name="target">
    /// A one-layer LSTM with the same input size and hidden size H; bidirectional when <paramref name="layer"/> is a
    /// Bidirectional wrapper.
    /// </param>
    /// <remarks>
    /// Keras' gate blocks i, f, c, o match PyTorch's i, f, g, o, so the kernels are transposed without reordering.
    /// Keras' single bias goes into <c>bias_ih</c> and <c>bias_hh</c> is zeroed. The result is exact only when the
    /// Keras layer used the TF2 defaults (activation tanh, recurrent_activation sigmoid); Keras 2.3 and earlier
    /// defaulted to hard_sigmoid, which PyTorch's LSTM cannot express.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The target has more than one layer.</exception>
    /// <exception cref="KerasImportException">A weight is missing, ambiguous or has the wrong shape, or the biases disagree.</exception>
    public static void LoadLstm(KerasLayerWeights layer, LSTM target)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(target);
        var parameters = target.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        if (parameters.Keys.Any(k => k.Contains("_l1", StringComparison.Ordinal)))
        {
            throw new ArgumentException("Only one-layer LSTMs can be loaded from one Keras layer.", nameof(target));
        }

        var bidirectional = parameters.ContainsKey("weight_ih_l0_reverse");
        var plans = bidirectional
            ? new[] { PlanLstm(layer, parameters, "forward", string.Empty), PlanLstm(layer, parameters, "backward", "_reverse") }
            : [PlanLstm(layer, parameters, null, string.Empty)];
        foreach (var plan in plans)
        {
            plan();
        }
    }

    // Validates one direction and returns the action that copies it, so nothing is copied before everything is checked.
    private static Action PlanLstm(KerasLayerWeights layer, Dictionary<string, Parameter> parameters, string? scope, string suffix)
    {
        var weightIh = parameters[$"weight_ih_l0{suffix}"];
        var weightHh = parameters[$"weight_hh_l0{suffix}"];
        parameters.TryGetValue($"bias_ih_l0{suffix}", out var biasIh);
        parameters.TryGetValue($"bias_hh_l0{suffix}", out var biasHh);
        var gates = weightIh.shape[0];
        var hidden = weightHh.shape[1];
        var kernel = layer.GetWeight("kernel", scope);
        var recurrent = layer.GetWeight("recurrent_kernel", scope);
        ExpectShape(layer, kernel, [weightIh.shape[1], gates], "LSTM");
        ExpectShape(layer, recurrent, [hidden, gates], "LSTM");
        var hasBias = layer.HasWeight("bias", scope);
        if (hasBias != biasIh is not null)
        {
            throw new KerasImportException(layer.FilePath, layer.Name,
                hasBias ? "the layer has a bias but the target LSTM has none" : "the layer has no bias (use_bias=False) but the target LSTM has one");
        }

        var bias = hasBias ? layer.GetWeight("bias", scope) : null;
        if (bias is not null && (bias.Shape.Count != 1 || (bias.Shape[0] != gates && bias.Shape[0] != 2 * gates)))
        {
            throw new KerasImportException(layer.FilePath, layer.Name,
                $"weight '{bias.Name}' has Keras shape {bias.FormatShape()} but the target LSTM needs [{gates}] (or [{2 * gates}] for a CuDNNLSTM)");
        }

        return () =>
        {
            using var disposeScope = NewDisposeScope();
            Copy(weightIh, kernel.ToTensor().t());
            Copy(weightHh, recurrent.ToTensor().t());
            if (bias is not null)
            {
                var values = bias.ToTensor();
                var split = bias.Shape[0] == 2 * gates;
                Copy(biasIh!, split ? values.narrow(0, 0, gates) : values);
                Copy(biasHh!, split ? values.narrow(0, gates, gates) : zeros(gates));
            }
        };
    }
}
