using Genomics.Models.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Abstractions;

/// <summary>Helpers shared by the gradient-based engines.</summary>
internal static class AttributionRows
{
    /// <summary>
    /// Selects the explained scalar for rows that repeat examples: row j belongs to example
    /// <c>firstExample + (j mod (B·R)) / R</c>, where each example owns R consecutive rows in each of the blocks.
    /// </summary>
    public static Tensor Select(AttributionTarget target, Tensor outputs, long firstExample, long examples, long rowsPerExample)
    {
        if (!target.IsPerExample)
        {
            return target.Select(outputs);
        }

        using var scope = torch.NewDisposeScope();
        var rows = outputs.shape[0];
        var block = examples * rowsPerExample;
        var index = new long[rows];
        for (var j = 0; j < rows; j++)
        {
            index[j] = target.Indices[(int)(firstExample + (j % block / rowsPerExample))];
        }

        return outputs.gather(1, torch.tensor(index, device: outputs.device).unsqueeze(1)).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>Checks the engines' common arguments.</summary>
    public static void Validate(ISequenceModel model, Tensor sequences, AttributionTarget target)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(target);
        model.Input.Validate(sequences, nameof(sequences));
        if (sequences.device.type != DeviceType.CPU)
        {
            throw new ArgumentException("Inputs must be on the CPU; the engine moves each batch to the compute device.", nameof(sequences));
        }

        target.Validate(model, sequences.shape[0], nameof(target));
    }

    /// <summary>Subtracts the mean over the channel axis at every position of an (N, C, L) tensor.</summary>
    public static Tensor CentreAcrossChannels(Tensor values) => values - values.mean([1], keepdim: true);

    /// <summary>
    /// Hypothetical contributions for one-hot inputs (the combine_mult_and_diffref projection of SHAP/TF-MoDISco):
    /// for every channel b, <c>m[b] − Σ_c m[c]·r[c]</c>, i.e. the contribution the position would make were its base b.
    /// </summary>
    public static Tensor Hypothetical(Tensor multipliers, Tensor references) =>
        multipliers - (multipliers * references).sum([1], keepdim: true);

    /// <summary>
    /// Projects per-channel contributions of one-hot inputs onto the observed base: each position's total goes to the
    /// channel present; all-zero (unknown) columns keep their per-channel contributions, so totals are unchanged.
    /// </summary>
    public static Tensor ProjectOnObserved(Tensor contributions, Tensor inputs)
    {
        using var scope = torch.NewDisposeScope();
        var total = contributions.sum([1], keepdim: true);
        using var zero = 0f.ToScalar();                        // held across the call (docs/decisions/scalar-lifetime.md)
        var known = inputs.sum([1], keepdim: true).gt(zero);
        return torch.where(known, inputs * total, contributions).MoveToOuterDisposeScope();
    }
}
