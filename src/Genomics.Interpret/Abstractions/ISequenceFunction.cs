using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using static TorchSharp.torch;

namespace Genomics.Interpret.Abstractions;

/// <summary>
/// "Predict or attribute": a function of a model and a batch of sequences. Perturbation experiments
/// (marginalisation, ablation, spacing, mutagenesis) take one, so the same experiment can report predictions
/// (<see cref="PredictionFunction"/>) or attributions (<see cref="AttributionFunction"/>).
/// </summary>
public interface ISequenceFunction
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>Applies the function to every sequence.</summary>
    /// <param name="model">The model.</param>
    /// <param name="sequences">Inputs (N, C, L) on the CPU; not modified.</param>
    /// <param name="context">Device, batch size and logging; <see cref="ComputeContext.Default"/> when null.</param>
    /// <param name="progress">Optional progress.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Results (N, ...) float32 on the CPU; the caller owns the tensor.</returns>
    Tensor Apply(ISequenceModel model, Tensor sequences, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>Model predictions (N, T) through the batched predictor, raw or with the output activation applied.</summary>
/// <param name="ApplyActivation">True to apply the model's <see cref="SequenceOutputSpec.Activation"/> (sigmoid/softmax); false for raw outputs.</param>
public sealed record PredictionFunction(bool ApplyActivation = false) : ISequenceFunction
{
    /// <inheritdoc />
    public string Name => ApplyActivation ? "prediction" : "raw-prediction";

    /// <inheritdoc />
    public Tensor Apply(ISequenceModel model, Tensor sequences, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var raw = new BatchedPredictor(context).Predict(model, sequences, progress, cancellationToken);
        if (!ApplyActivation || model.Output.Activation == OutputActivation.None)
        {
            return raw;
        }

        using (raw)
        {
            return model.Output.Activation switch
            {
                OutputActivation.Sigmoid => raw.sigmoid(),
                OutputActivation.Softmax => raw.softmax(1),
                _ => raw.alias(),
            };
        }
    }
}

/// <summary>Attribution scores (N, C, L) of a method for a target.</summary>
/// <param name="Method">The attribution method.</param>
/// <param name="Target">The output to explain.</param>
public sealed record AttributionFunction(IAttributionMethod Method, AttributionTarget Target) : ISequenceFunction
{
    /// <inheritdoc />
    public string Name => Method.Name;

    /// <inheritdoc />
    public Tensor Apply(ISequenceModel model, Tensor sequences, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(Method);
        ArgumentNullException.ThrowIfNull(Target);
        using var result = Method.Attribute(model, sequences, Target, context, progress, cancellationToken);
        return result.Scores.clone();
    }
}
