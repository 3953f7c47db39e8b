using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Training;

/// <summary>Computes the validation loss and monitored metric of a model.</summary>
internal static class ValidationEvaluator
{
    /// <summary>Predicts the validation set and scores it.</summary>
    /// <remarks>
    /// Classification metrics use probabilities from the model's output activation. With class-index targets (N) and
    /// softmax outputs, two classes score class 1; more classes are scored one-vs-rest and averaged. Otherwise every
    /// target column is scored against the same output column and the scores are averaged.
    /// </remarks>
    public static (double Loss, double Metric) Evaluate(ISequenceModel model, TrainingSet data, TrainingLoss loss, ValidationMetric metric, ComputeContext context, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        var outputs = new BatchedPredictor(context).Predict(model, data.Inputs, null, cancellationToken);
        double lossValue;
        using (torch.no_grad())
        {
            lossValue = loss.Compute(outputs, data.Targets.cpu()).item<float>();
        }

        if (metric == ValidationMetric.Loss)
        {
            return (lossValue, lossValue);
        }

        var (scores, targets) = Columns(model.Output.Activation, outputs, data.Targets, metric);
        var values = new double[scores.Length];
        for (var t = 0; t < scores.Length; t++)
        {
            values[t] = Score(metric, scores[t], targets[t]);
        }

        return (lossValue, values.Average());
    }

    private static double Score(ValidationMetric metric, double[] scores, double[] targets) => metric switch
    {
        ValidationMetric.Auroc => Metrics.Auroc(scores, Binary(targets)),
        ValidationMetric.Auprc => Metrics.Auprc(scores, Binary(targets)),
        ValidationMetric.Pearson => Metrics.Pearson(scores, targets),
        ValidationMetric.Spearman => Metrics.Spearman(scores, targets),
        ValidationMetric.RSquared => Metrics.RSquared(targets, scores),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    private static bool[] Binary(double[] targets) => targets.Select(t => t > 0.5).ToArray();

    private static (double[][] Scores, double[][] Targets) Columns(OutputActivation activation, Tensor outputs, Tensor targets, ValidationMetric metric)
    {
        var classification = metric is ValidationMetric.Auroc or ValidationMetric.Auprc;
        var probabilities = !classification ? outputs : activation switch
        {
            OutputActivation.Sigmoid => torch.sigmoid(outputs),
            OutputActivation.Softmax => torch.softmax(outputs, 1),
            _ => outputs,
        };

        var p = probabilities.to_type(ScalarType.Float64).cpu();
        var t = targets.to_type(ScalarType.Float64).cpu();
        var classIndices = t.dim() == 1 || (t.dim() == 2 && t.shape[1] == 1 && p.shape[1] > 1);
        if (classIndices)
        {
            var labels = t.flatten().data<double>().ToArray();
            var classes = (int)p.shape[1];
            var first = classes == 2 ? 1 : 0;
            var scores = new List<double[]>();
            var oneHot = new List<double[]>();
            for (var c = first; c < classes; c++)
            {
                scores.Add(p.select(1, c).contiguous().data<double>().ToArray());
                var cls = c;
                oneHot.Add(labels.Select(l => Math.Abs(l - cls) < 0.5 ? 1.0 : 0.0).ToArray());
            }

            return (scores.ToArray(), oneHot.ToArray());
        }

        if (!p.shape.SequenceEqual(t.shape))
        {
            throw new ArgumentException($"Validation targets of shape [{string.Join(", ", t.shape)}] do not match outputs [{string.Join(", ", p.shape)}].", nameof(targets));
        }

        var columns = (int)p.shape[1];
        var s = new double[columns][];
        var y = new double[columns][];
        for (var c = 0; c < columns; c++)
        {
            s[c] = p.select(1, c).contiguous().data<double>().ToArray();
            y[c] = t.select(1, c).contiguous().data<double>().ToArray();
        }

        return (s, y);
    }
}
