using SkiaSharp;

namespace Genomics.Interpret.Plots;

/// <summary>How <see cref="AttributionPlot"/> draws an attribution track.</summary>
public enum AttributionStyle
{
    /// <summary>Letters of the observed bases scaled by their contribution (attribution × one-hot).</summary>
    Logo,

    /// <summary>One bar per position: Σ over bases of attribution × one-hot.</summary>
    Bars,
}

/// <summary>Attribution tracks over a sequence window of at most <see cref="MaxWindow"/> positions.</summary>
public static class AttributionPlot
{
    /// <summary>The widest window one figure shows.</summary>
    public const int MaxWindow = 500;

    /// <summary>
    /// Draws the attributions of one sequence over [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>).
    /// </summary>
    /// <param name="attributions">Attributions (4, L), alphabet-major.</param>
    /// <param name="oneHot">One-hot sequence (4, L).</param>
    /// <param name="start">First position of the window.</param>
    /// <param name="length">Window length, 1…<see cref="MaxWindow"/>; null = the whole sequence (if it fits).</param>
    /// <param name="style">Letters or bars.</param>
    /// <param name="title">Optional title.</param>
    public static PlotImage Draw(double[,] attributions, double[,] oneHot, int start = 0, int? length = null, AttributionStyle style = AttributionStyle.Logo, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(attributions);
        ArgumentNullException.ThrowIfNull(oneHot);
        LogoLayout.RequireFourRows(attributions, nameof(attributions));
        var total = attributions.GetLength(1);
        if (oneHot.GetLength(0) != 4 || oneHot.GetLength(1) != total)
        {
            throw new ArgumentException($"The one-hot matrix must have shape (4, {total}).", nameof(oneHot));
        }

        if (start < 0 || start >= total)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"The window must start inside the sequence (0…{total - 1}).");
        }

        var len = length ?? total - start;
        if (len < 1 || len > MaxWindow || start + len > total)
        {
            throw new ArgumentOutOfRangeException(nameof(length), len, $"The window length must be 1…{MaxWindow} and end inside the sequence of length {total}.");
        }

        var window = new double[4, len];
        for (var b = 0; b < 4; b++)
        {
            for (var j = 0; j < len; j++)
            {
                window[b, j] = attributions[b, start + j] * oneHot[b, start + j];
            }
        }

        var columnWidth = Math.Clamp(1200 / len, 2, 24);
        if (style == AttributionStyle.Logo)
        {
            return SequenceLogo.Draw(LogoLayout.Contribution(window), new LogoOptions { ColumnWidth = columnWidth, PlotHeight = 120, Title = title, FirstPosition = start });
        }

        var sums = new double[len];
        for (var j = 0; j < len; j++)
        {
            for (var b = 0; b < 4; b++)
            {
                sums[j] += window[b, j];
            }
        }

        return Bars(sums, start, columnWidth, title);
    }

    /// <summary>Per-position bars of a score track (positive up, negative down).</summary>
    /// <param name="scores">One score per position (at most <see cref="MaxWindow"/>).</param>
    /// <param name="firstPosition">Position label of the first bar.</param>
    /// <param name="columnWidth">Pixels per position.</param>
    /// <param name="title">Optional title.</param>
    public static PlotImage Bars(IReadOnlyList<double> scores, int firstPosition = 0, int columnWidth = 4, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count is 0 or > MaxWindow)
        {
            throw new ArgumentException($"Expected 1…{MaxWindow} scores, got {scores.Count}.", nameof(scores));
        }

        if (scores.Any(s => !double.IsFinite(s)))
        {
            throw new ArgumentException("Scores must be finite.", nameof(scores));
        }

        if (columnWidth is < 1 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(columnWidth), columnWidth, "The column width must be 1…200 pixels.");
        }

        const float Left = 60, Right = 10, Top = 26, Bottom = 40, PlotHeight = 120;
        var width = (int)(Left + Right + scores.Count * columnWidth);
        var height = (int)(Top + Bottom + PlotHeight);
        var yMin = Math.Min(0, scores.Min());
        var yMax = Math.Max(0, scores.Max());
        return new PlotImage(width, height, canvas =>
        {
            var area = SKRect.Create(Left, Top, scores.Count * columnWidth, PlotHeight);
            var axes = new Axes(area, firstPosition, firstPosition + scores.Count, yMin, yMax);
            using var up = new SKPaint { Color = SKColor.Parse("#D62839"), Style = SKPaintStyle.Fill };
            using var down = new SKPaint { Color = SKColor.Parse("#255C99"), Style = SKPaintStyle.Fill };
            for (var j = 0; j < scores.Count; j++)
            {
                var y0 = axes.Y(0);
                var y1 = axes.Y(scores[j]);
                canvas.DrawRect(SKRect.Create(axes.X(firstPosition + j), Math.Min(y0, y1), Math.Max(columnWidth - 0.5f, 0.5f), Math.Abs(y1 - y0)), scores[j] >= 0 ? up : down);
            }

            axes.DrawFrame(canvas, "position", "contribution");
            Axes.DrawTitle(canvas, title, width / 2f, 16);
        });
    }
}
