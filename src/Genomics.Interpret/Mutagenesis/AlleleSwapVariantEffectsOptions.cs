namespace Genomics.Interpret.Mutagenesis;

/// <summary>Settings of <see cref="AlleleSwapVariantEffects"/>.</summary>
public sealed record AlleleSwapVariantEffectsOptions
{
    /// <summary>The explained output; null for the output named "ratio", or the last output when none is so named.</summary>
    public int? Target { get; init; }

    /// <summary>Checks every setting that does not depend on the model; <see cref="AlleleSwapVariantEffects"/> calls it
    /// on construction (the target is checked against the model's outputs when a run starts).</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the parameter name is the option's.</exception>
    public AlleleSwapVariantEffectsOptions Validate()
    {
        if (Target is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Target), Target, "The target index cannot be negative.");
        }

        return this;
    }
}
