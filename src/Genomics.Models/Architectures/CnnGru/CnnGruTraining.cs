using Genomics.Models.Training;

namespace Genomics.Models.Architectures.CnnGru;

/// <summary>CombMotif's training recipes for the CNN-GRU presets (zengxc-thu/combmotif) as <see cref="TrainerOptions"/>.</summary>
/// <remarks>
/// Both recipes: mean squared error, Adam with L2 weight decay 1e-5, batch 64, seed 2024, early stopping with the best
/// weights restored; CombMotif counts any decrease as an improvement (previous best / current &gt; 1), which is
/// <see cref="TrainerOptions.MinimumImprovement"/> 0. CombMotif's cosine schedule is constructed but inactive, so the
/// rate is constant.
/// </remarks>
public static class CnnGruTraining
{
    /// <summary>The seed CombMotif uses.</summary>
    public const long CombMotifSeed = 2024;

    /// <summary>Half-life predictor: Adam lr 1e-4, up to 250 epochs, patience 100 on the validation loss.</summary>
    /// <param name="epochs">Maximum epochs, ≥ 1. Default 250.</param>
    /// <param name="seed">Seed for shuffling and dropout. Default 2024.</param>
    /// <returns>The options.</returns>
    public static TrainerOptions HalfLife(int epochs = 250, long seed = CombMotifSeed) => Common(1e-4, epochs, patience: 100, seed);

    /// <summary>Mean-ribosome-load predictor: Adam lr 1e-3, up to 30 epochs, patience 3.</summary>
    /// <remarks>
    /// [quirk] CombMotif stops on the <em>training</em> loss. The trainer monitors the data passed as validation, so
    /// pass a held-out set for the intended behaviour, or the training set itself to reproduce the original. The
    /// original also de-standardises test predictions with a scaler fitted on the test labels; standardise targets with
    /// statistics of the training labels only.
    /// </remarks>
    /// <param name="epochs">Maximum epochs, ≥ 1. Default 30.</param>
    /// <param name="seed">Seed for shuffling and dropout. Default 2024.</param>
    /// <returns>The options.</returns>
    public static TrainerOptions MeanRibosomeLoad(int epochs = 30, long seed = CombMotifSeed) => Common(1e-3, epochs, patience: 3, seed);

    private static TrainerOptions Common(double learningRate, int epochs, int patience, long seed)
    {
        var options = new TrainerOptions
        {
            Loss = TrainingLoss.MeanSquaredError(),
            Optimizer = OptimizerOptions.Adam(learningRate, weightDecay: 1e-5),
            BatchSize = 64,
            Epochs = epochs,
            EarlyStopping = new EarlyStoppingOptions { Patience = patience },
            Monitor = ValidationMetric.Loss,
            RestoreBestWeights = true,
            Seed = seed,
        };
        options.Validate();
        return options;
    }
}
