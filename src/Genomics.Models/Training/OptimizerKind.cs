namespace Genomics.Models.Training;

/// <summary>The optimisers the <see cref="Trainer"/> offers.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba 2015), betas 0.9 and 0.999.</summary>
    Adam,

    /// <summary>Stochastic gradient descent, optionally with momentum.</summary>
    Sgd,

    /// <summary>RMSprop (Hinton 2012), optionally with momentum.</summary>
    RmsProp,
}
