using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Layers;

/// <summary>
/// One-layer LSTM and GRU recurrences written step by step from the library's <see cref="Activation"/> functions and
/// <see cref="RuleOperations"/> products, reading the parameters of a TorchSharp <c>nn.LSTM</c> / <c>nn.GRU</c>
/// module (<c>weight_ih_l0</c>, <c>weight_hh_l0</c>, <c>bias_ih_l0</c>, <c>bias_hh_l0</c> and their <c>_reverse</c>
/// counterparts), so that DeepLIFT's rules reach every gate. The fused modules stay the parameter holders: checkpoints,
/// Keras and PyTorch imports are unchanged, and <see cref="Run(LSTM, Tensor)"/> / <see cref="Run(GRU, Tensor)"/> take
/// the fused libtorch kernel except while <see cref="AttributionRules"/> are active.
/// </summary>
/// <remarks>
/// <para>LSTM (PyTorch's gate order i, f, g, o): gates = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh; i, f, o = σ(·),
/// g = tanh(·); c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t).</para>
/// <para>GRU (order r, z, n): r, z = σ(W_i· x_t + b_i· + W_h· h_{t−1} + b_h·); n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t−1} + b_hn));
/// h_t = n + z ⊙ (h_{t−1} − n), which is PyTorch's (1 − z) ⊙ n + z ⊙ h_{t−1}.</para>
/// <para>Inputs are batch-first (N, T, D); the state starts at zero; the output is (N, T, H) or, bidirectional,
/// (N, T, 2H) with the forward features first, as the fused modules return them. Only one layer is supported.</para>
/// </remarks>
internal static class UnfusedRecurrence
{
    /// <summary>All-step outputs of a batch-first LSTM: fused unless <see cref="AttributionRules"/> are active.</summary>
    public static Tensor Run(LSTM lstm, Tensor input)
    {
        if (AttributionRules.Current is null)
        {
            var (output, hidden, cell) = lstm.call(input, null);
            hidden.Dispose();
            cell.Dispose();
            return output;
        }

        return Lstm(lstm, input);
    }

    /// <summary>All-step outputs of a batch-first GRU: fused unless <see cref="AttributionRules"/> are active.</summary>
    public static Tensor Run(GRU gru, Tensor input)
    {
        if (AttributionRules.Current is null)
        {
            var (output, hidden) = gru.call(input, null);
            hidden.Dispose();
            return output;
        }

        return Gru(gru, input);
    }

    /// <summary>The unfused LSTM, whatever rules are active (ordinary gradients outside a rule scope).</summary>
    public static Tensor Lstm(nn.Module lstm, Tensor input) => Recur(lstm, input, 4, LstmDirection);

    /// <summary>The unfused GRU, whatever rules are active (ordinary gradients outside a rule scope).</summary>
    public static Tensor Gru(nn.Module gru, Tensor input) => Recur(gru, input, 3, GruDirection);

    private delegate Tensor Direction(Tensor input, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool reverse);

    private static Tensor Recur(nn.Module module, Tensor input, int gates, Direction direction)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(input);
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter, StringComparer.Ordinal);
        if (parameters.Keys.Any(k => !k.EndsWith("_l0", StringComparison.Ordinal) && !k.EndsWith("_l0_reverse", StringComparison.Ordinal)))
        {
            throw new NotSupportedException("The unfused recurrence supports one-layer LSTM/GRU modules only.");
        }

        var wIh = parameters["weight_ih_l0"];
        var wHh = parameters["weight_hh_l0"];
        if (input.dim() != 3 || input.shape[2] != wIh.shape[1] || wHh.shape[0] != gates * wHh.shape[1])
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Expected batch-first input (N, T, {wIh.shape[1]}) but got [{string.Join(", ", input.shape)}]."), nameof(input));
        }

        using var scope = torch.NewDisposeScope();
        var forward = direction(input, wIh, wHh, parameters.GetValueOrDefault("bias_ih_l0"), parameters.GetValueOrDefault("bias_hh_l0"), reverse: false);
        if (!parameters.TryGetValue("weight_ih_l0_reverse", out var wIhReverse))
        {
            return forward.MoveToOuterDisposeScope();
        }

        var backward = direction(input, wIhReverse, parameters["weight_hh_l0_reverse"], parameters.GetValueOrDefault("bias_ih_l0_reverse"), parameters.GetValueOrDefault("bias_hh_l0_reverse"), reverse: true);
        return torch.cat([forward, backward], 2).MoveToOuterDisposeScope();
    }

    private static Tensor LstmDirection(Tensor input, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool reverse)
    {
        var steps = input.shape[1];
        var size = wHh.shape[1];
        var projected = nn.functional.linear(input, wIh, bIh);
        var hidden = torch.zeros(input.shape[0], size, dtype: input.dtype, device: input.device);
        var cell = torch.zeros_like(hidden);
        var outputs = new Tensor[steps];
        for (long s = 0; s < steps; s++)
        {
            var t = reverse ? steps - 1 - s : s;
            var gates = projected.select(1, t) + nn.functional.linear(hidden, wHh, bHh);
            var i = Activation.Apply(ActivationKind.Sigmoid, gates.narrow(1, 0, size));
            var f = Activation.Apply(ActivationKind.Sigmoid, gates.narrow(1, size, size));
            var g = Activation.Apply(ActivationKind.Tanh, gates.narrow(1, 2 * size, size));
            var o = Activation.Apply(ActivationKind.Sigmoid, gates.narrow(1, 3 * size, size));
            cell = RuleOperations.Multiply(f, cell) + RuleOperations.Multiply(i, g);
            hidden = RuleOperations.Multiply(o, Activation.Apply(ActivationKind.Tanh, cell));
            outputs[t] = hidden;
        }

        return torch.stack(outputs, 1);
    }

    private static Tensor GruDirection(Tensor input, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool reverse)
    {
        var steps = input.shape[1];
        var size = wHh.shape[1];
        var projected = nn.functional.linear(input, wIh, bIh);
        var hidden = torch.zeros(input.shape[0], size, dtype: input.dtype, device: input.device);
        var outputs = new Tensor[steps];
        for (long s = 0; s < steps; s++)
        {
            var t = reverse ? steps - 1 - s : s;
            var x = projected.select(1, t);
            var h = nn.functional.linear(hidden, wHh, bHh);
            var r = Activation.Apply(ActivationKind.Sigmoid, x.narrow(1, 0, size) + h.narrow(1, 0, size));
            var z = Activation.Apply(ActivationKind.Sigmoid, x.narrow(1, size, size) + h.narrow(1, size, size));
            var n = Activation.Apply(ActivationKind.Tanh, x.narrow(1, 2 * size, size) + RuleOperations.Multiply(r, h.narrow(1, 2 * size, size)));
            hidden = n + RuleOperations.Multiply(z, hidden - n);
            outputs[t] = hidden;
        }

        return torch.stack(outputs, 1);
    }
}
