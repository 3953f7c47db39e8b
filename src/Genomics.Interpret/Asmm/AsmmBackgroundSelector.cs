using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using TorchSharp;

namespace Genomics.Interpret.Asmm;

/// <summary>
/// Builds DeepASMM's background from a labelled table: the rows labelled positive that the model predicts positive
/// (by a threshold or as the top fraction), i.e. the true positives the original tool expects its user to supply.
/// </summary>
public static class AsmmBackgroundSelector
{
    /// <summary>Predicts every row and keeps the true positives.</summary>
    /// <param name="model">A one-hot DNA model taking the table's samples (sub-sequences concatenated).</param>
    /// <param name="table">The labelled table. A row's label for the target is its label list entry <c>Target</c>, or its only label.</param>
    /// <param name="options">Selection rule; defaults: target 0, label ≥ 0.5, prediction ≥ 0.5.</param>
    /// <param name="context">Device and batch size; <see cref="ComputeContext.Default"/> when null.</param>
    /// <param name="progress">Receives ("predict", rows done, rows) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>The selected background, its row indices and every row's prediction.</returns>
    /// <exception cref="ArgumentException">The target is not an output of the model, a row has no label for it, the model does not take the samples, or no row is selected.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public static AsmmBackgroundSelection Select(ISequenceModel model, AsmmTable table, BackgroundSelectionOptions? options = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        options = (options ?? new BackgroundSelectionOptions()).Validate();
        if (options.Target >= model.Output.Targets)
        {
            throw new ArgumentException($"Target {options.Target} is not an output of a model with {model.Output.Targets} outputs.", nameof(options));
        }

        var labels = table.Records.Select(r => r.Labels.Count == 1 ? r.Labels[0]
            : r.Labels.Count > options.Target ? r.Labels[options.Target]
            : throw new ArgumentException($"{table.Source}:{r.Line}: the row has no label for target {options.Target}.", nameof(table))).ToArray();
        var all = AsmmBackground.FromTable(table);
        var predictions = Predict(model, all, options.Target, context, progress, cancellationToken);
        var positives = Enumerable.Range(0, table.Count).Where(i => labels[i] >= options.LabelThreshold).ToList();
        List<int> rows;
        if (options.PredictionThreshold is double threshold)
        {
            rows = positives.Where(i => predictions[i] >= threshold).ToList();
        }
        else
        {
            var keep = Math.Max(1, (int)Math.Ceiling(options.TopFraction!.Value * positives.Count));
            rows = positives.OrderByDescending(i => predictions[i]).ThenBy(i => i).Take(keep).Order().ToList();
        }

        if (rows.Count == 0)
        {
            throw new ArgumentException($"No row of {table.Source} is both labelled positive (label ≥ {options.LabelThreshold}) and predicted positive for target {options.Target}.", nameof(table));
        }

        return new AsmmBackgroundSelection(all.Subset(rows), rows, predictions);
    }

    private static double[] Predict(ISequenceModel model, AsmmBackground all, int target, ComputeContext? context, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        var inputs = all.ToOneHot();
        var outputs = new BatchedPredictor(context).Predict(model, inputs, progress, cancellationToken);
        var activated = model.Output.Activation switch
        {
            OutputActivation.Sigmoid => outputs.sigmoid(),
            OutputActivation.Softmax => outputs.softmax(1),
            _ => outputs,
        };
        return activated.select(1, target).contiguous().data<float>().ToArray().Select(v => (double)v).ToArray();
    }
}
