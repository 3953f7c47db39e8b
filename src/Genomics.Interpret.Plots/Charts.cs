using Genomics.Models.Evaluation;
using SkiaSharp;

namespace Genomics.Interpret.Plots;

/// <summary>A named series of (x, y) points for <see cref="Charts.Line"/>.</summary>
/// <param name="Name">Legend entry.</param>
/// <param name="X">x values.</param>
/// <param name="Y">y values (same length as <paramref name="X"/>).</param>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>Small generic figures: line charts (training curves), ROC and precision–recall curves, heatmaps (attention maps).</summary>
public static class Charts
{
    private const float Left = 70, Right = 130, Top = 30, Bottom = 50;

    /// <summary>A line chart of one or more series with a legend.</summary>
    /// <param name="series">Series to draw (at least one, each with ≥ 1 finite point).</param>
    /// <param name="title">Optional title.</param>
    /// <param name="xLabel">x-axis label.</param>
    /// <param name="yLabel">y-axis label.</param>
    /// <param name="width">Figure width in pixels.</param>
    /// <param name="height">Figure height in pixels.</param>
    public static PlotImage Line(IReadOnlyList<ChartSeries> series, string? title = null, string? xLabel = null, string? yLabel = null, int width = 640, int height = 400)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException("At least one series is needed.", nameof(series));
        }

        foreach (var s in series)
        {
            if (s.X.Count != s.Y.Count || s.X.Count == 0)
            {
                throw new ArgumentException($"Series '{s.Name}' must have equally many (≥ 1) x and y values.", nameof(series));
            }

            if (s.X.Concat(s.Y).Any(v => !double.IsFinite(v)))
            {
                throw new ArgumentException($"Series '{s.Name}' has non-finite values.", nameof(series));
            }
        }

        RequireSize(width, height);
        var xMin = series.Min(s => s.X.Min());
        var xMax = series.Max(s => s.X.Max());
        var yMin = series.Min(s => s.Y.Min());
        var yMax = series.Max(s => s.Y.Max());
        var pad = (yMax - yMin) * 0.05;
        return Lines(series, title, xLabel, yLabel, width, height, xMin, xMax, yMin - pad, yMax + pad);
    }

    /// <summary>ROC curve (false- vs true-positive rate) with the AUROC in the legend and the chance diagonal.</summary>
    /// <param name="scores">Classifier scores.</param>
    /// <param name="labels">True labels.</param>
    /// <param name="title">Optional title.</param>
    public static PlotImage Roc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var s = scores.ToArray();
        var l = labels.ToArray();
        var curve = Metrics.RocCurve(s, l, dropIntermediate: false);
        var auc = Metrics.Auroc(s, l);
        var name = FormattableString.Invariant($"AUROC {auc:F3}");
        return Lines([new ChartSeries(name, curve.FalsePositiveRates, curve.TruePositiveRates), new ChartSeries("chance", [0.0, 1.0], [0.0, 1.0])],
            title, "false positive rate", "true positive rate", 640, 400, 0, 1, 0, 1);
    }

    /// <summary>Precision–recall curve with the trapezoidal AUPRC in the legend.</summary>
    /// <param name="scores">Classifier scores.</param>
    /// <param name="labels">True labels.</param>
    /// <param name="title">Optional title.</param>
    public static PlotImage PrecisionRecall(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var s = scores.ToArray();
        var l = labels.ToArray();
        var curve = Metrics.PrecisionRecallCurve(s, l);
        var auc = Metrics.Auprc(s, l);
        var name = FormattableString.Invariant($"AUPRC {auc:F3}");
        return Lines([new ChartSeries(name, curve.Recall, curve.Precision)], title, "recall", "precision", 640, 400, 0, 1, 0, 1);
    }

    /// <summary>A heatmap of a matrix (rows top to bottom), white → dark red between the minimum and maximum, with a colour bar.</summary>
    /// <param name="values">Matrix (rows, columns) of finite values.</param>
    /// <param name="title">Optional title.</param>
    /// <param name="xLabel">Column-axis label.</param>
    /// <param name="yLabel">Row-axis label.</param>
    /// <param name="cellSize">Pixels per cell (1…100).</param>
    public static PlotImage Heatmap(double[,] values, string? title = null, string? xLabel = null, string? yLabel = null, int cellSize = 12)
    {
        ArgumentNullException.ThrowIfNull(values);
        var rows = values.GetLength(0);
        var cols = values.GetLength(1);
        if (rows == 0 || cols == 0)
        {
            throw new ArgumentException("The matrix is empty.", nameof(values));
        }

        if (cellSize is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(cellSize), cellSize, "The cell size must be 1…100 pixels.");
        }

        double min = double.MaxValue, max = double.MinValue;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("The matrix has non-finite values.", nameof(values));
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var width = (int)(Left + Right + cols * cellSize);
        var height = (int)(Top + Bottom + rows * cellSize);
        return new PlotImage(width, height, canvas =>
        {
            var area = SKRect.Create(Left, Top, cols * cellSize, rows * cellSize);
            using var paint = new SKPaint { Style = SKPaintStyle.Fill };
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < cols; j++)
                {
                    paint.Color = Ramp(max > min ? (values[i, j] - min) / (max - min) : 0.5);
                    canvas.DrawRect(SKRect.Create(area.Left + j * cellSize, area.Top + i * cellSize, cellSize, cellSize), paint);
                }
            }

            // Rows run top to bottom, so the y axis counts down.
            var axes = new Axes(area, 0, cols, 0, rows);
            axes.DrawFrame(canvas, xLabel, yLabel, xTicks: true, yTicks: false);
            var bar = SKRect.Create(area.Right + 20, area.Top, 14, Math.Max(area.Height, 60));
            for (var k = 0; k < 50; k++)
            {
                paint.Color = Ramp(1 - k / 49.0);
                canvas.DrawRect(SKRect.Create(bar.Left, bar.Top + k * bar.Height / 50, bar.Width, bar.Height / 50 + 0.5f), paint);
            }

            using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var font = PlotFont.Font(10);
            canvas.DrawText(max.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), bar.Right + 4, bar.Top + 8, SKTextAlign.Left, font, text);
            canvas.DrawText(min.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), bar.Right + 4, bar.Bottom, SKTextAlign.Left, font, text);
            Axes.DrawTitle(canvas, title, width / 2f, 18);
        });
    }

    private static PlotImage Lines(IReadOnlyList<ChartSeries> series, string? title, string? xLabel, string? yLabel, int width, int height, double xMin, double xMax, double yMin, double yMax) =>
        new(width, height, canvas =>
        {
            var area = SKRect.Create(Left, Top, width - Left - Right, height - Top - Bottom);
            var axes = new Axes(area, xMin, xMax, yMin, yMax);
            using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var font = PlotFont.Font(11);
            for (var k = 0; k < series.Count; k++)
            {
                using var paint = new SKPaint { Color = PlotColors.Parse(PlotColors.Series[k % PlotColors.Series.Count]), StrokeWidth = 1.5f, Style = SKPaintStyle.Stroke, IsAntialias = true };
                using var path = new SKPath();
                path.MoveTo(axes.X(series[k].X[0]), axes.Y(series[k].Y[0]));
                for (var i = 1; i < series[k].X.Count; i++)
                {
                    path.LineTo(axes.X(series[k].X[i]), axes.Y(series[k].Y[i]));
                }

                canvas.DrawPath(path, paint);
                var ly = area.Top + 10 + k * 16;
                canvas.DrawLine(area.Right + 10, ly - 4, area.Right + 28, ly - 4, paint);
                canvas.DrawText(series[k].Name, area.Right + 32, ly, SKTextAlign.Left, font, text);
            }

            axes.DrawFrame(canvas, xLabel, yLabel);
            Axes.DrawTitle(canvas, title, width / 2f, 18);
        });

    private static void RequireSize(int width, int height)
    {
        if (width is < 250 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be 250…10000 pixels.");
        }

        if (height is < 150 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "The height must be 150…10000 pixels.");
        }
    }

    private static SKColor Ramp(double t)
    {
        t = Math.Clamp(t, 0, 1);
        // White (255,255,255) → dark red (140, 0, 0).
        return new SKColor((byte)(255 - 115 * t), (byte)(255 * (1 - t)), (byte)(255 * (1 - t)));
    }
}
