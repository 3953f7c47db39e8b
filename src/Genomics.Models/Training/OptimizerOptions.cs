namespace Genomics.Models.Training;

/// <summary>Optimiser choice and its settings.</summary>
public sealed record OptimizerOptions
{
    /// <summary>The optimiser. Default Adam.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;

    /// <summary>The (initial) learning rate, &gt; 0. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>L2 weight decay, ≥ 0. Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Momentum for SGD and RMSprop, in [0, 1). Default 0.</summary>
    public double Momentum { get; init; }

    /// <summary>RMSprop's smoothing constant (PyTorch alpha; Lua Torch "decay"), in (0, 1). Default 0.99.</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>Numerical-stability term for Adam and RMSprop, &gt; 0. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>
    /// Creates the optimiser over the module's trainable parameters, as <see cref="Trainer"/> does; for training loops of
    /// one's own. Adam is TorchSharp's with its update fused into one pass per float32 CPU parameter (same state and
    /// saved-state layout; docs/decisions/fused-adam.md).
    /// </summary>
    /// <param name="module">The model.</param>
    /// <returns>A TorchSharp optimiser; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    /// <exception cref="ArgumentException">The module has no trainable parameters.</exception>
    public TorchSharp.torch.optim.Optimizer Create(TorchSharp.torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return OptimizerFactory.Create(module, this);
    }

    /// <summary>Adam with the given learning rate.</summary>
    /// <param name="learningRate">Learning rate, &gt; 0.</param>
    /// <param name="weightDecay">L2 weight decay, ≥ 0.</param>
    /// <returns>The options.</returns>
    public static OptimizerOptions Adam(double learningRate = 1e-3, double weightDecay = 0) => new() { Kind = OptimizerKind.Adam, LearningRate = learningRate, WeightDecay = weightDecay };

    /// <summary>SGD with the given learning rate.</summary>
    /// <param name="learningRate">Learning rate, &gt; 0.</param>
    /// <param name="momentum">Momentum in [0, 1).</param>
    /// <returns>The options.</returns>
    public static OptimizerOptions Sgd(double learningRate, double momentum = 0) => new() { Kind = OptimizerKind.Sgd, LearningRate = learningRate, Momentum = momentum };

    /// <summary>RMSprop with the given learning rate.</summary>
    /// <param name="learningRate">Learning rate, &gt; 0.</param>
    /// <param name="momentum">Momentum in [0, 1).</param>
    /// <param name="alpha">Smoothing constant in (0, 1).</param>
    /// <returns>The options.</returns>
    public static OptimizerOptions RmsProp(double learningRate, double momentum = 0, double alpha = 0.99) => new() { Kind = OptimizerKind.RmsProp, LearningRate = learningRate, Momentum = momentum, Alpha = alpha };

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown optimiser.");
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive finite number.");
        }

        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Weight decay must be finite and non-negative.");
        }

        if (!(Momentum >= 0 && Momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must be in [0, 1).");
        }

        if (!(Alpha > 0 && Alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be in (0, 1).");
        }

        if (!(Epsilon > 0) || !double.IsFinite(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be a positive finite number.");
        }
    }
}
