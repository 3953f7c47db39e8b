using Genomics.Models.Abstractions;

namespace Genomics.Interpret.Evaluation;

/// <summary>What the local-edit evaluation (<see cref="EvaluationAlgorithm.LocalEdits"/>) needs of a model.</summary>
public static class EditEvaluation
{
    /// <summary>Whether <see cref="EvaluationAlgorithm.LocalEdits"/> can run on a model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="reason">Why not, or null when it can.</param>
    /// <returns>True when the model describes its convolutional trunk (<see cref="IConvolutionalTrunk"/> with at least one stage).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public static bool SupportsLocalEdits(ISequenceModel model, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not IConvolutionalTrunk trunk)
        {
            reason = $"{model.GetType().Name} does not implement IConvolutionalTrunk (its layers are not a chain of position-local stages)";
            return false;
        }

        if (trunk.TrunkStages.Count == 0)
        {
            reason = $"{model.GetType().Name} describes no trunk stages";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>Resolves <see cref="EvaluationAlgorithm.Auto"/> for a model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="algorithm">The requested algorithm.</param>
    /// <param name="fallback">Why <see cref="EvaluationAlgorithm.Auto"/> fell back to <see cref="EvaluationAlgorithm.Full"/>, otherwise null.</param>
    /// <returns><see cref="EvaluationAlgorithm.Full"/> or <see cref="EvaluationAlgorithm.LocalEdits"/>.</returns>
    /// <exception cref="ArgumentException"><see cref="EvaluationAlgorithm.LocalEdits"/> was requested for a model that does not support it (named <c>model</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The algorithm is not defined.</exception>
    internal static EvaluationAlgorithm Resolve(ISequenceModel model, EvaluationAlgorithm algorithm, out string? fallback)
    {
        fallback = null;
        switch (algorithm)
        {
            case EvaluationAlgorithm.Full:
                return EvaluationAlgorithm.Full;
            case EvaluationAlgorithm.LocalEdits:
                if (!SupportsLocalEdits(model, out var reason))
                {
                    throw new ArgumentException($"Local-edit evaluation was requested but {reason}; use EvaluationAlgorithm.Full or Auto.", nameof(model));
                }

                return EvaluationAlgorithm.LocalEdits;
            case EvaluationAlgorithm.Auto:
                return SupportsLocalEdits(model, out fallback) ? EvaluationAlgorithm.LocalEdits : EvaluationAlgorithm.Full;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown evaluation algorithm.");
        }
    }
}
