namespace Genomics.Models.Training;

/// <summary>Settings of a <see cref="Trainer"/> run.</summary>
public sealed record TrainerOptions
{
    /// <summary>The objective. Required.</summary>
    public required TrainingLoss Loss { get; init; }

    /// <summary>Maximum number of epochs, ≥ 1. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Examples per optimiser step, ≥ 1. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The optimiser. Default Adam with learning rate 1e-3.</summary>
    public OptimizerOptions Optimizer { get; init; } = OptimizerOptions.Adam();

    /// <summary>The learning-rate schedule. Default constant.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Early stopping, or null to always run <see cref="Epochs"/> epochs. Needs validation data.</summary>
    public EarlyStoppingOptions? EarlyStopping { get; init; }

    /// <summary>The validation value that decides improvement, early stopping, plateaus and the best weights. Default the loss.</summary>
    public ValidationMetric Monitor { get; init; } = ValidationMetric.Loss;

    /// <summary>Smallest change that counts as an improvement, ≥ 0. Default 0.</summary>
    public double MinimumImprovement { get; init; }

    /// <summary>Count a value equal to the best so far as an improvement (AttentiveChrome keeps the later epoch on ties). Default false.</summary>
    public bool TiesCountAsImprovement { get; init; }

    /// <summary>At the end, put back the weights of the best epoch (kept in memory). Default true; needs validation data.</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>
    /// Also write the best weights so far to this checkpoint file (atomically, after every improvement), with the
    /// model's options when it implements <see cref="Abstractions.IConfiguredModel"/> and the epoch and monitored value
    /// as metadata. Without validation data every epoch counts as the best so far, so the file holds the last completed
    /// epoch. Null (default) keeps the best weights in memory only.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Write the resumable training state to this file after every completed epoch (atomically, in the checkpoint
    /// container): the model's current weights, the best epoch's weights, the optimiser's moments and step counts, the
    /// learning-rate schedule, the early-stopping state, the history, and libtorch's generator state. A run that is
    /// cancelled or killed keeps the state of its last completed epoch; <see cref="Resume"/> continues from it. Null
    /// (default) writes none.
    /// </summary>
    public string? StatePath { get; init; }

    /// <summary>
    /// Continue the run saved in <see cref="StatePath"/> instead of starting afresh: the model's weights, optimiser,
    /// schedule, early stopping, history and generator state are restored and training goes on with the next epoch,
    /// up to <see cref="Epochs"/>. On the CPU the result equals an uninterrupted run with the same options, bit for bit.
    /// The file must exist and must have been written with the same model type, data sizes, batch size, seed, shuffling,
    /// loss, optimiser, initial learning rate, batch-transform type and monitored metric. Default false.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>Clip the global gradient norm to this value, or null for no clipping. Must be &gt; 0 when given.</summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>
    /// A projection applied to the weights after every optimiser step (e.g. <see cref="Training.WeightConstraint.MaxNorm"/>
    /// for Basset's max-norm 7), or null (default) for none.
    /// </summary>
    public WeightConstraint? WeightConstraint { get; init; }

    /// <summary>Reshuffle the training examples every epoch. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// Applied to the inputs of every training batch before the forward pass (batch-time augmentation such as EvoAug or
    /// PhyloAug), or null (default) to train on the inputs as given. Validation inputs are not transformed.
    /// </summary>
    /// <remarks>
    /// The transform gets the batch as float32 (N, C, L) on the CPU together with a <see cref="BatchTransformContext"/>
    /// (epoch, step, the batch's training-set rows, and a seed derived from <see cref="Seed"/> and the step, so a run is
    /// reproducible). Its result may have another length L' but must keep the N rows; it is checked against the model's
    /// input specification. With a transform, the training inputs themselves are only checked for rank and channels.
    /// </remarks>
    public IBatchTransform? BatchTransform { get; init; }

    /// <summary>The seed used when neither these options nor the trainer's context set one (0).</summary>
    public const long DefaultSeed = 0;

    /// <summary>
    /// Seed for shuffling and for libtorch's generator (dropout) during the run; null uses the trainer's context seed, or
    /// <see cref="DefaultSeed"/> when that is null too (<see cref="Compute.ComputeContext.SeedFor"/>, the rule every
    /// engine follows).
    /// </summary>
    public long? Seed { get; init; }

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Loss);
        ArgumentNullException.ThrowIfNull(Optimizer);
        ArgumentNullException.ThrowIfNull(Schedule);
        if (Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Train for at least one epoch.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        }

        Optimizer.Validate();
        EarlyStopping?.Validate();
        if (!Enum.IsDefined(Monitor))
        {
            throw new ArgumentOutOfRangeException(nameof(Monitor), Monitor, "Unknown metric.");
        }

        if (!(MinimumImprovement >= 0) || !double.IsFinite(MinimumImprovement))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumImprovement), MinimumImprovement, "Must be finite and non-negative.");
        }

        if (Resume && StatePath is null)
        {
            throw new ArgumentOutOfRangeException(nameof(Resume), Resume, "Resuming needs StatePath, the training-state file to continue from.");
        }

        if (StatePath is not null && string.IsNullOrWhiteSpace(StatePath))
        {
            throw new ArgumentOutOfRangeException(nameof(StatePath), StatePath, "The training-state path is empty.");
        }

        if (CheckpointPath is not null && string.IsNullOrWhiteSpace(CheckpointPath))
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointPath), CheckpointPath, "The checkpoint path is empty.");
        }

        if (StatePath is not null && CheckpointPath is not null
            && string.Equals(Path.GetFullPath(StatePath), Path.GetFullPath(CheckpointPath), StringComparison.Ordinal))
        {
            throw new ArgumentOutOfRangeException(nameof(StatePath), StatePath, "The training-state file must differ from the checkpoint file.");
        }

        if (GradientClipNorm is double clip && (!(clip > 0) || !double.IsFinite(clip)))
        {
            throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), clip, "Must be positive and finite.");
        }
    }
}
