using System.Globalization;
using SkiaSharp;

namespace Genomics.Interpret.Plots;

/// <summary>Maps data coordinates to pixels inside a plot rectangle and draws axes with ticks.</summary>
internal sealed class Axes
{
    private static readonly double[] s_steps = [1.0, 2.0, 5.0, 10.0];

    public Axes(SKRect area, double xMin, double xMax, double yMin, double yMax)
    {
        Area = area;
        XMin = xMin;
        XMax = xMax > xMin ? xMax : xMin + 1;
        YMin = yMin;
        YMax = yMax > yMin ? yMax : yMin + 1;
    }

    public SKRect Area { get; }

    public double XMin { get; }

    public double XMax { get; }

    public double YMin { get; }

    public double YMax { get; }

    public float X(double x) => (float)(Area.Left + (x - XMin) / (XMax - XMin) * Area.Width);

    public float Y(double y) => (float)(Area.Bottom - (y - YMin) / (YMax - YMin) * Area.Height);

    public void DrawFrame(SKCanvas canvas, string? xLabel, string? yLabel, bool xTicks = true, bool yTicks = true)
    {
        using var line = new SKPaint { Color = SKColors.Black, StrokeWidth = 1, Style = SKPaintStyle.Stroke, IsAntialias = true };
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var font = PlotFont.Font(11);
        canvas.DrawLine(Area.Left, Area.Top, Area.Left, Area.Bottom, line);
        canvas.DrawLine(Area.Left, Area.Bottom, Area.Right, Area.Bottom, line);
        if (yTicks)
        {
            foreach (var t in Ticks(YMin, YMax))
            {
                var y = Y(t);
                canvas.DrawLine(Area.Left - 4, y, Area.Left, y, line);
                canvas.DrawText(Format(t), Area.Left - 6, y + 4, SKTextAlign.Right, font, text);
            }
        }

        if (xTicks)
        {
            foreach (var t in Ticks(XMin, XMax))
            {
                var x = X(t);
                canvas.DrawLine(x, Area.Bottom, x, Area.Bottom + 4, line);
                canvas.DrawText(Format(t), x, Area.Bottom + 16, SKTextAlign.Center, font, text);
            }
        }

        if (!string.IsNullOrEmpty(xLabel))
        {
            canvas.DrawText(xLabel, Area.MidX, Area.Bottom + 32, SKTextAlign.Center, font, text);
        }

        if (!string.IsNullOrEmpty(yLabel))
        {
            canvas.Save();
            canvas.RotateDegrees(-90, Area.Left - 44, Area.MidY);
            canvas.DrawText(yLabel, Area.Left - 44, Area.MidY, SKTextAlign.Center, font, text);
            canvas.Restore();
        }
    }

    public static void DrawTitle(SKCanvas canvas, string? title, float centreX, float y)
    {
        if (string.IsNullOrEmpty(title))
        {
            return;
        }

        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var font = PlotFont.Font(13);
        canvas.DrawText(title, centreX, y, SKTextAlign.Center, font, text);
    }

    /// <summary>About five "nice" tick values (1, 2, 5 × 10^k steps) covering [min, max].</summary>
    public static List<double> Ticks(double min, double max)
    {
        var span = max - min;
        var raw = span / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = s_steps.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = new List<double>();
        for (var t = Math.Ceiling(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step)
        {
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        }

        return ticks;
    }

    private static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
