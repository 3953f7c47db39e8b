namespace Genomics.Models.Abstractions;

/// <summary>
/// How a model's raw outputs (which are always pre-activation values, e.g. logits) turn into the quantity the
/// model was trained to predict.
/// </summary>
public enum OutputActivation
{
    /// <summary>Outputs are used as they are (regression, log-counts).</summary>
    None,

    /// <summary>Each output is an independent logit; apply a sigmoid for probabilities.</summary>
    Sigmoid,

    /// <summary>The outputs are class logits; apply a softmax over T for class probabilities.</summary>
    Softmax,
}
