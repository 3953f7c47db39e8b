using System.Globalization;
using Genomics.Interpret.Asmm;
using Genomics.Models.Evaluation;
using MathNet.Numerics;
using SkiaSharp;

namespace Genomics.Interpret.Plots;

/// <summary>Options of <see cref="AsmmRankPlot"/> (DeepASMM's defaults).</summary>
public sealed record AsmmRankPlotOptions
{
    /// <summary>At most this many motifs, drawn at random without replacement, are plotted (at least 3; default 5000).</summary>
    public int MaxPoints { get; init; } = 5000;

    /// <summary>Bins of each marginal histogram over the range of the plotted ranks (at least 1; default 15).</summary>
    public int Bins { get; init; } = 15;

    /// <summary>Seed of the random subsample. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Figure width and height in pixels (a square; 300…4000, default 640).</summary>
    public int Size { get; init; } = 640;
}

/// <summary>A drawn <see cref="AsmmRankPlot"/> and the statistics it shows.</summary>
/// <param name="Image">The figure.</param>
/// <param name="Points">Motifs plotted (all, or the random subsample).</param>
/// <param name="Rho">Spearman's ρ between the two final scores over the plotted motifs.</param>
/// <param name="PValue">Two-sided p-value of ρ (Student t with n − 2 degrees of freedom, as SciPy's <c>spearmanr</c>).</param>
/// <param name="Slope">Slope of the least-squares line through the normalised ranks.</param>
/// <param name="Intercept">Intercept of that line.</param>
public sealed record AsmmRankPlotResult(PlotImage Image, int Points, double Rho, double PValue, double Slope, double Intercept);

/// <summary>
/// DeepASMM's summary figure (its step A4.4): the normalised ranks (rank − 1) / (n − 1), ties averaged, of the final
/// autonomous-functionality and sequence-context-synergy scores of every motif (a random subsample when there are more
/// than <see cref="AsmmRankPlotOptions.MaxPoints"/>), coloured by √(x + y) on a reversed yellow–green ramp, with
/// marginal histograms of <see cref="AsmmRankPlotOptions.Bins"/> bins, the dashed least-squares line and Spearman's ρ
/// with its p-value in the corner. The ranks are computed over the plotted motifs, as the original does.
/// </summary>
public static class AsmmRankPlot
{
    private const float Left = 70, Bottom = 50, Margin = 90, Pad = 10;

    // Reversed YlGn stops: dark green at 0, pale yellow at 1 (the original's 'YlGn_r' over √(x + y) ∈ [−0.5, 1.8]).
    private static readonly SKColor[] s_ramp = [new(0, 69, 41), new(35, 132, 67), new(120, 198, 121), new(217, 240, 163), new(255, 255, 229)];

    /// <summary>Draws the figure for a DeepASMM result.</summary>
    /// <param name="result">Scores of at least 3 motifs.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <returns>The figure with ρ, its p-value and the fitted line.</returns>
    /// <exception cref="ArgumentException">Fewer than 3 motifs, or a final score is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the exception names it.</exception>
    public static AsmmRankPlotResult Draw(DeepAsmmResult result, AsmmRankPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        options ??= new AsmmRankPlotOptions();
        Validate(options);
        var motifs = result.Motifs;
        if (motifs.Count < 3)
        {
            throw new ArgumentException($"The rank plot needs at least 3 motifs; the result has {motifs.Count}.", nameof(result));
        }

        if (motifs.Any(m => !double.IsFinite(m.Autonomy) || !double.IsFinite(m.Synergy)))
        {
            throw new ArgumentException("Every final score must be finite.", nameof(result));
        }

        var chosen = Enumerable.Range(0, motifs.Count).ToArray();
        if (chosen.Length > options.MaxPoints)
        {
            // Partial Fisher–Yates: a uniform subsample without replacement.
            var random = new Random(options.Seed);
            for (var i = 0; i < options.MaxPoints; i++)
            {
                var j = random.Next(i, chosen.Length);
                (chosen[i], chosen[j]) = (chosen[j], chosen[i]);
            }

            chosen = chosen[..options.MaxPoints];
        }

        var x = NormalisedRanks(chosen.Select(i => motifs[i].Autonomy).ToArray());
        var y = NormalisedRanks(chosen.Select(i => motifs[i].Synergy).ToArray());
        var n = x.Length;
        var rho = Metrics.Spearman(x, y);
        var pValue = SpearmanPValue(rho, n);
        var (slope, intercept) = LeastSquares(x, y);
        var size = options.Size;
        var image = new PlotImage(size, size, canvas => Render(canvas, size, x, y, options.Bins, rho, pValue, slope, intercept));
        return new AsmmRankPlotResult(image, n, rho, pValue, slope, intercept);
    }

    /// <summary>(rank − 1) / (n − 1) with average ranks for ties (SciPy's <c>rankdata</c>).</summary>
    internal static double[] NormalisedRanks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            var average = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = average;
            }

            start = end + 1;
        }

        var denominator = values.Length - 1.0;
        return ranks.Select(r => denominator > 0 ? (r - 1) / denominator : 0).ToArray();
    }

    /// <summary>Two-sided p-value of a Spearman ρ over n points: t = ρ √((n − 2) / (1 − ρ²)), Student t with n − 2 df.</summary>
    internal static double SpearmanPValue(double rho, int n)
    {
        if (double.IsNaN(rho))
        {
            return double.NaN;
        }

        var df = n - 2.0;
        if (Math.Abs(rho) >= 1)
        {
            return 0;
        }

        var t = rho * Math.Sqrt(df / (1 - (rho * rho)));
        return Math.Clamp(SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + (t * t))), 0, 1);
    }

    /// <summary>The p-value as the original writes it: base × 10^exponent with one decimal, "p &lt; 0.0001" when it is 0.</summary>
    internal static string FormatPValue(double p)
    {
        if (p == 0 || double.IsNaN(p))
        {
            return "p < 0.0001";
        }

        var exponent = (int)Math.Floor(Math.Log10(p));
        return string.Create(CultureInfo.InvariantCulture, $"p = {p / Math.Pow(10, exponent):F1}×10^{exponent}");
    }

    private static (double Slope, double Intercept) LeastSquares(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxx = 0, sxy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }

        var slope = sxx > 0 ? sxy / sxx : 0;
        return (slope, my - (slope * mx));
    }

    private static void Render(SKCanvas canvas, int size, double[] x, double[] y, int bins, double rho, double pValue, double slope, double intercept)
    {
        canvas.Clear(SKColors.White);
        var area = SKRect.Create(Left, Pad + Margin, size - Left - Margin - Pad, size - Pad - Margin - Bottom);
        var axes = new Axes(area, -0.05, 1.05, -0.05, 1.05);
        using var dot = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        for (var i = 0; i < x.Length; i++)
        {
            dot.Color = Ramp(Math.Sqrt(x[i] + y[i]));
            canvas.DrawCircle(axes.X(x[i]), axes.Y(y[i]), 2.5f, dot);
        }

        using (var line = new SKPaint { Color = new SKColor(58, 58, 58), StrokeWidth = 2, Style = SKPaintStyle.Stroke, IsAntialias = true, PathEffect = SKPathEffect.CreateDash([8, 5], 0) })
        {
            canvas.DrawLine(axes.X(-0.05), axes.Y(intercept - (0.05 * slope)), axes.X(1.05), axes.Y(intercept + (1.05 * slope)), line);
        }

        axes.DrawFrame(canvas, "Autonomous functionality score (normalised rank)", "Sequence context synergy score (normalised rank)");
        Histogram(canvas, x, bins, SKRect.Create(area.Left, Pad, area.Width, Margin - 4), axes, horizontal: false);
        Histogram(canvas, y, bins, SKRect.Create(area.Right + 4, area.Top, Margin - 4, area.Height), axes, horizontal: true);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var font = PlotFont.Font(14);
        canvas.DrawText(string.Create(CultureInfo.InvariantCulture, $"ρ = {rho:F3}"), area.Left + 12, area.Top + 22, SKTextAlign.Left, font, text);
        canvas.DrawText(FormatPValue(pValue), area.Left + 12, area.Top + 42, SKTextAlign.Left, font, text);
    }

    private static void Histogram(SKCanvas canvas, double[] values, int bins, SKRect box, Axes axes, bool horizontal)
    {
        double min = values.Min(), max = values.Max();
        var width = max > min ? (max - min) / bins : 1.0 / bins;
        var counts = new int[bins];
        foreach (var v in values)
        {
            counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
        }

        var top = Math.Max(1, counts.Max());
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
        using var edge = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f, IsAntialias = true };
        for (var b = 0; b < bins; b++)
        {
            double from = min + (b * width), to = from + width;
            fill.Color = Ramp((from + to) / 2).WithAlpha(217);
            var length = (float)counts[b] / top;
            var rect = horizontal
                ? new SKRect(box.Left, axes.Y(to), box.Left + (length * box.Width), axes.Y(from))
                : new SKRect(axes.X(from), box.Bottom - (length * box.Height), axes.X(to), box.Bottom);
            canvas.DrawRect(rect, fill);
            canvas.DrawRect(rect, edge);
        }
    }

    private static SKColor Ramp(double value)
    {
        var t = Math.Clamp((value + 0.5) / 2.3, 0, 1) * (s_ramp.Length - 1);
        var k = Math.Min((int)t, s_ramp.Length - 2);
        var f = t - k;
        SKColor a = s_ramp[k], b = s_ramp[k + 1];
        return new SKColor((byte)(a.Red + ((b.Red - a.Red) * f)), (byte)(a.Green + ((b.Green - a.Green) * f)), (byte)(a.Blue + ((b.Blue - a.Blue) * f)));
    }

    private static void Validate(AsmmRankPlotOptions options)
    {
        if (options.MaxPoints < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPoints, "MaxPoints must be at least 3.");
        }

        if (options.Bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Bins, "Bins must be at least 1.");
        }

        if (options.Size is < 300 or > 4000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Size, "Size must be 300…4000 pixels.");
        }
    }
}
