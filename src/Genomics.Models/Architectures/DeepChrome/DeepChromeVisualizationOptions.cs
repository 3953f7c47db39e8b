namespace Genomics.Models.Architectures.DeepChrome;

/// <summary>
/// Settings of <see cref="DeepChromeVisualizer"/>; the defaults are the published procedure of Singh et al. (2016):
/// 1,000 RMSprop steps with learning rate 0.1, smoothing 0.99, epsilon 1e-8 and L2 weight λ = 0.009.
/// </summary>
public sealed record DeepChromeVisualizationOptions
{
    /// <summary>The published settings.</summary>
    public static DeepChromeVisualizationOptions Published { get; } = new();

    /// <summary>Optimisation steps, at least 1. Default 1,000.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>RMSprop learning rate, positive and finite. Default 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>RMSprop smoothing constant of the squared-gradient average (PyTorch alpha; Lua Torch "decay"), in (0, 1). Default 0.99.</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>RMSprop term added to the root mean square, positive and finite. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>λ, the weight of the penalty λ‖X‖² (sum of squares), finite and non-negative. Default 0.009.</summary>
    public double L2Weight { get; init; } = 0.009;

    /// <summary>The seed used when neither these options nor the context set one (1).</summary>
    public const long DefaultSeed = 1;

    /// <summary>
    /// Seed of the generator that draws the starting input X ~ U(0, 1); null uses the context's seed, or
    /// <see cref="DefaultSeed"/> when that is null too (<see cref="Compute.ComputeContext.SeedFor"/>).
    /// </summary>
    public long? Seed { get; init; }

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public DeepChromeVisualizationOptions Validate()
    {
        if (Steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Run at least one step.");
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive and finite.");
        }

        if (!(Alpha > 0 && Alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be in (0, 1).");
        }

        if (!(Epsilon > 0) || !double.IsFinite(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be positive and finite.");
        }

        if (!(L2Weight >= 0) || !double.IsFinite(L2Weight))
        {
            throw new ArgumentOutOfRangeException(nameof(L2Weight), L2Weight, "L2Weight must be finite and non-negative.");
        }

        return this;
    }
}
