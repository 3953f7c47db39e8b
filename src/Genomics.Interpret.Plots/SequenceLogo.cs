using SkiaSharp;

namespace Genomics.Interpret.Plots;

/// <summary>Options of <see cref="SequenceLogo"/> figures.</summary>
public sealed record LogoOptions
{
    /// <summary>Pixels per column (default 24).</summary>
    public int ColumnWidth { get; init; } = 24;

    /// <summary>Height of the plotting area in pixels (default 160).</summary>
    public int PlotHeight { get; init; } = 160;

    /// <summary>Optional title drawn above the logo.</summary>
    public string? Title { get; init; }

    /// <summary>Number given to the first column on the x axis (default 1).</summary>
    public int FirstPosition { get; init; } = 1;

    /// <summary>Draw position ticks under the logo (default true).</summary>
    public bool ShowPositions { get; init; } = true;

    /// <summary>Checks every setting; the engines call it when a run starts.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid; the parameter name is the option's.</exception>
    public LogoOptions Validate()
    {
        if (ColumnWidth is < 2 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(ColumnWidth), ColumnWidth, "The column width must be between 2 and 200 pixels.");
        }

        if (PlotHeight is < 20 or > 4000)
        {
            throw new ArgumentOutOfRangeException(nameof(PlotHeight), PlotHeight, "The plot height must be between 20 and 4000 pixels.");
        }

        return this;
    }
}

/// <summary>
/// Draws sequence logos from a <see cref="LogoLayout"/>: letters stacked by height in the standard colours
/// (A green, C blue, G orange, T red), negative letters below the zero line, with a y axis in bits or contribution.
/// Each letter is one filled path, so an SVG logo holds exactly one <c>&lt;path&gt;</c> per visible letter.
/// </summary>
public static class SequenceLogo
{
    private const string Letters = "ACGT";
    private const float Left = 60, Right = 10, Top = 26, Bottom = 40;

    /// <summary>Builds the figure for <paramref name="layout"/>.</summary>
    /// <param name="layout">Letter geometry (information content or contribution).</param>
    /// <param name="options">Size and labels (defaults when null).</param>
    public static PlotImage Draw(LogoLayout layout, LogoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        options ??= new LogoOptions();
        options.Validate();
        var width = (int)(Left + Right + layout.Width * options.ColumnWidth);
        var height = (int)(Top + Bottom + options.PlotHeight);
        return new PlotImage(width, height, canvas => Render(canvas, layout, options, width));
    }

    /// <summary>Information-content logo of a probability matrix (4, W).</summary>
    /// <param name="probabilities">Probabilities, alphabet-major (A, C, G, T rows).</param>
    /// <param name="options">Size and labels.</param>
    public static PlotImage InformationContent(double[,] probabilities, LogoOptions? options = null) =>
        Draw(LogoLayout.InformationContent(probabilities), options);

    /// <summary>Contribution logo of a weight matrix (4, W); negative letters go below the axis.</summary>
    /// <param name="contributions">Signed contributions, alphabet-major.</param>
    /// <param name="options">Size and labels.</param>
    public static PlotImage Contribution(double[,] contributions, LogoOptions? options = null) =>
        Draw(LogoLayout.Contribution(contributions), options);

    /// <summary>Information-content logo of a motif's probability matrix.</summary>
    /// <param name="probabilities">The matrix.</param>
    /// <param name="options">Size and labels.</param>
    public static PlotImage InformationContent(Genomics.Interpret.Motifs.PositionProbabilityMatrix probabilities, LogoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return InformationContent(probabilities.ToArray(), options);
    }

    /// <summary>Contribution logo of a contribution weight matrix; negative letters go below the axis.</summary>
    /// <param name="contributions">The matrix.</param>
    /// <param name="options">Size and labels.</param>
    public static PlotImage Contribution(Genomics.Interpret.Motifs.ContributionMatrix contributions, LogoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        return Contribution(contributions.ToArray(), options);
    }

    private static void Render(SKCanvas canvas, LogoLayout layout, LogoOptions options, int width)
    {
        var area = SKRect.Create(Left, Top, layout.Width * options.ColumnWidth, options.PlotHeight);
        var axes = new Axes(area, 0, layout.Width, layout.YMin, layout.YMax);
        foreach (var letter in layout.Letters)
        {
            var x0 = axes.X(letter.Position) + 0.5f;
            var x1 = axes.X(letter.Position + 1) - 0.5f;
            var yTop = axes.Y(letter.Top);
            var yBottom = axes.Y(letter.Bottom);
            if (yBottom - yTop < 0.05f)
            {
                continue;
            }

            DrawLetter(canvas, Letters[letter.Base], PlotColors.Parse(PlotColors.Nucleotides[letter.Base]), SKRect.Create(x0, yTop, x1 - x0, yBottom - yTop));
        }

        axes.DrawFrame(canvas, options.ShowPositions ? "position" : null, layout.YLabel, xTicks: false);
        using var line = new SKPaint { Color = SKColors.Gray, StrokeWidth = 1, Style = SKPaintStyle.Stroke };
        if (layout.YMin < 0)
        {
            canvas.DrawLine(area.Left, axes.Y(0), area.Right, axes.Y(0), line);
        }

        if (options.ShowPositions)
        {
            using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var font = PlotFont.Font(10);
            var every = Math.Max(1, (int)Math.Ceiling(24.0 / options.ColumnWidth));
            for (var j = 0; j < layout.Width; j += every)
            {
                canvas.DrawText((j + options.FirstPosition).ToString(System.Globalization.CultureInfo.InvariantCulture), axes.X(j + 0.5), area.Bottom + 14, SKTextAlign.Center, font, text);
            }
        }

        Axes.DrawTitle(canvas, options.Title, width / 2f, 16);
    }

    /// <summary>Draws a glyph outline stretched to fill <paramref name="box"/>.</summary>
    internal static void DrawLetter(SKCanvas canvas, char letter, SKColor color, SKRect box)
    {
        using var path = PlotFont.Glyph(letter);
        var bounds = path.TightBounds;
        var matrix = SKMatrix.CreateTranslation(-bounds.Left, -bounds.Top)
            .PostConcat(SKMatrix.CreateScale(box.Width / bounds.Width, box.Height / bounds.Height))
            .PostConcat(SKMatrix.CreateTranslation(box.Left, box.Top));
        path.Transform(matrix);
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawPath(path, paint);
    }
}
