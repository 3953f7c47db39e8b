using Genomics.Models.Training;

namespace Genomics.Models.Architectures.Basset;

/// <summary>Basset's training recipe (davek44/Basset <c>src/basset_train.lua</c> and <c>src/convnet.lua</c>) as <see cref="TrainerOptions"/>.</summary>
public static class BassetTraining
{
    /// <summary>The published learning rate, 0.002.</summary>
    public const double LearningRate = 0.002;

    /// <summary>
    /// RMSprop's smoothing constant, 0.98. <c>pretrained_params.txt</c> calls it "momentum", but Basset passes it to
    /// Torch7 <c>optim.rmsprop</c> as <c>alpha</c> (the decay of the running mean of squared gradients); there is no
    /// momentum term.
    /// </summary>
    public const double RmsPropAlpha = 0.98;

    /// <summary>The published max-norm bound on every filter and hidden unit's incoming weights, 7.</summary>
    public const double MaxNorm = 7;

    /// <summary>The original mini-batch size, 128.</summary>
    public const int BatchSize = 128;

    /// <summary>
    /// Creates the Basset recipe: binary cross-entropy on logits; RMSprop with learning rate 0.002, alpha 0.98,
    /// momentum 0, epsilon 1e-8; max-norm 7 after every step; mini-batches of 128; early stopping on the validation
    /// loss with the best epoch's weights restored.
    /// </summary>
    /// <param name="epochs">Maximum epochs, ≥ 1. Default 1000 (training normally ends by early stopping).</param>
    /// <param name="patience">Epochs without a lower validation loss before stopping (Basset's <c>-stagnant_t</c>), ≥ 1, or null to train all <paramref name="epochs"/> (then no validation data is needed). Default 10.</param>
    /// <param name="batchSize">Examples per step, ≥ 1. Default 128.</param>
    /// <param name="seed">Seed for shuffling and dropout. Default 1 (Basset's <c>-seed</c> default).</param>
    /// <returns>The trainer options; adjust further with <c>with { ... }</c>.</returns>
    /// <remarks>
    /// Mapping from Torch7: <c>optim.rmsprop</c> keeps m ← α·m + (1 − α)·g² (m starts at 0) and steps
    /// x ← x − lr·g / (√m + ε), which is PyTorch's RMSprop without momentum and not centred, so alpha = 0.98 and
    /// momentum = 0. Torch7's epsilon default 1e-8 is kept. Basset's <c>nn.BCECriterion</c> sums over the batch and
    /// targets (<c>sizeAverage = false</c>); this recipe averages. RMSprop divides by the root mean square of the
    /// gradients, so the two differ only through epsilon. The max-norm constraint follows dpnn's
    /// <c>maxParamNorm(7)</c> (see <see cref="WeightConstraint.MaxNorm"/>). With the hidden batch normalisation of
    /// <see cref="BassetOptions.Published"/>, a final mini-batch of a single example fails in training mode (PyTorch's
    /// BatchNorm needs more than one value per channel); choose sizes with N mod batch size ≠ 1.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static TrainerOptions Recipe(int epochs = 1000, int? patience = 10, int batchSize = BatchSize, long seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (patience is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience must be at least 1 epoch, or null for no early stopping.");
        }

        var options = new TrainerOptions
        {
            Loss = TrainingLoss.BinaryCrossEntropy(),
            Epochs = epochs,
            BatchSize = batchSize,
            Optimizer = OptimizerOptions.RmsProp(LearningRate, momentum: 0, alpha: RmsPropAlpha) with { Epsilon = 1e-8 },
            WeightConstraint = WeightConstraint.MaxNorm(MaxNorm),
            EarlyStopping = patience is int p ? new EarlyStoppingOptions { Patience = p } : null,
            Monitor = ValidationMetric.Loss,
            RestoreBestWeights = patience is not null,
            Seed = seed,
        };
        options.Validate();
        return options;
    }
}
