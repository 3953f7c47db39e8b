using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Evaluation;

public static partial class Metrics
{
    /// <summary>Computes one metric independently for every target column of a multi-target model.</summary>
    /// <remarks>
    /// <para><paramref name="scores"/> and <paramref name="targets"/> are (N, T) tensors of any real dtype on
    /// any device; they are copied to the CPU as float64 and neither is modified. Column t of the result is
    /// the metric of <c>scores[:, t]</c> against <c>targets[:, t]</c>, exactly as the scalar method for
    /// <paramref name="kind"/> would compute it (the scores play the role of predictions:
    /// <see cref="RSquared"/>(targets, scores), <see cref="Pearson"/>(scores, targets), and so on).</para>
    /// <para>A column whose metric is undefined yields <see cref="double.NaN"/> instead of throwing, so one
    /// degenerate target does not hide the others: a column with only one class for
    /// <see cref="MetricKind.Auroc"/>, no positive for <see cref="MetricKind.Auprc"/>, or constant scores or
    /// targets for <see cref="MetricKind.Pearson"/> and <see cref="MetricKind.Spearman"/>.</para>
    /// </remarks>
    /// <param name="scores">Model outputs, shape (N, T), finite; N ≥ 2 for the correlation metrics and R².</param>
    /// <param name="targets">Observed values, shape (N, T), finite; exactly 0 or 1 for <see cref="MetricKind.Auroc"/> and <see cref="MetricKind.Auprc"/>.</param>
    /// <param name="kind">The metric to compute.</param>
    /// <returns>One value per target column (length T).</returns>
    /// <exception cref="ArgumentNullException">A tensor is null.</exception>
    /// <exception cref="ArgumentException">A tensor is not 2-D, the shapes differ, N is 0, a value is not finite, a classification target is not 0/1, or N is 1 for a metric that needs two samples.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined <see cref="MetricKind"/>.</exception>
    public static double[] PerTarget(Tensor scores, Tensor targets, MetricKind kind)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(targets);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown metric kind.");
        }

        if (scores.dim() != 2)
        {
            throw new ArgumentException(
                $"Scores must be a 2-D (N, T) tensor; got shape [{string.Join(", ", scores.shape)}].", nameof(scores));
        }

        if (!scores.shape.SequenceEqual(targets.shape))
        {
            throw new ArgumentException(
                $"Targets shape [{string.Join(", ", targets.shape)}] differs from scores shape [{string.Join(", ", scores.shape)}].",
                nameof(targets));
        }

        var rows = (int)scores.shape[0];
        var columns = (int)scores.shape[1];
        var scoreColumns = ToColumns(scores, rows, columns, nameof(scores));
        var targetColumns = ToColumns(targets, rows, columns, nameof(targets));
        var result = new double[columns];
        for (var t = 0; t < columns; t++)
        {
            result[t] = ColumnMetric(scoreColumns[t], targetColumns[t], kind, t);
        }

        return result;
    }

    private static double ColumnMetric(double[] scores, double[] targets, MetricKind kind, int column)
    {
        switch (kind)
        {
            case MetricKind.Auroc:
            case MetricKind.Auprc:
                var labels = new bool[targets.Length];
                var positives = 0;
                for (var i = 0; i < targets.Length; i++)
                {
                    labels[i] = targets[i] switch
                    {
                        0.0 => false,
                        1.0 => true,
                        _ => throw new ArgumentException(
                            $"Target {targets[i]} at row {i}, column {column} is not binary; {kind} needs 0/1 targets.",
                            nameof(targets)),
                    };
                    positives += labels[i] ? 1 : 0;
                }

                if (positives == 0 || (kind == MetricKind.Auroc && positives == labels.Length))
                {
                    return double.NaN;
                }

                return kind == MetricKind.Auroc ? Auroc(scores, labels) : Auprc(scores, labels);
            case MetricKind.Pearson:
                return Pearson(scores, targets);
            case MetricKind.Spearman:
                return Spearman(scores, targets);
            default:
                return RSquared(targets, scores);
        }
    }

    /// <summary>Copies an (N, T) tensor to T managed float64 columns, checking that every value is finite.</summary>
    private static double[][] ToColumns(Tensor values, int rows, int columns, string paramName)
    {
        if (rows == 0)
        {
            throw new ArgumentException("The tensor has no rows; at least one sample is required.", paramName);
        }

        double[] flat;
        using (var scope = torch.NewDisposeScope())
        {
            flat = values.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        }

        var result = new double[columns][];
        for (var t = 0; t < columns; t++)
        {
            var column = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                column[i] = flat[(i * columns) + t];
            }

            MetricArguments.RequireFinite(column, paramName);
            result[t] = column;
        }

        return result;
    }
}
