using Genomics.Models.IO;
using SkiaSharp;

namespace Genomics.Interpret.Plots;

/// <summary>
/// A finished figure: a size in pixels and the drawing commands, rendered on demand to SVG (vector) or PNG (raster).
/// All plot builders in this folder return one.
/// </summary>
public sealed class PlotImage
{
    private readonly Action<SKCanvas> _draw;

    internal PlotImage(int width, int height, Action<SKCanvas> draw)
    {
        Width = width;
        Height = height;
        _draw = draw;
    }

    /// <summary>Width in pixels (SVG user units).</summary>
    public int Width { get; }

    /// <summary>Height in pixels (SVG user units).</summary>
    public int Height { get; }

    /// <summary>Renders the figure as an SVG document.</summary>
    public string ToSvg()
    {
        using var stream = new MemoryStream();
        WriteSvg(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Renders the figure as PNG bytes.</summary>
    /// <param name="scale">Pixel density multiplier (1 = one pixel per unit); between 0.1 and 10.</param>
    public byte[] ToPng(float scale = 1f)
    {
        using var stream = new MemoryStream();
        WritePng(stream, scale);
        return stream.ToArray();
    }

    /// <summary>
    /// Writes the figure to <paramref name="path"/>, as SVG when the extension is <c>.svg</c> and as PNG when it is
    /// <c>.png</c>. The file is written atomically (temporary file in the same folder, then renamed).
    /// </summary>
    /// <param name="path">Destination file (.svg or .png).</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var extension = Path.GetExtension(path).ToUpperInvariant();
        Action<Stream> write = extension switch
        {
            ".SVG" => WriteSvg,
            ".PNG" => s => WritePng(s, 1f),
            _ => throw new ArgumentException($"Unsupported image extension '{Path.GetExtension(path)}'; use .svg or .png.", nameof(path)),
        };
        AtomicFile.Write(path, write);
    }

    /// <summary>A data URI (<c>data:image/svg+xml;base64,...</c>) for embedding the figure in HTML.</summary>
    public string ToSvgDataUri() => "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ToSvg()));

    private void WriteSvg(Stream stream)
    {
        using (var managed = new SKManagedWStream(stream))
        using (var canvas = SKSvgCanvas.Create(SKRect.Create(Width, Height), managed))
        {
            Draw(canvas);
        }

        stream.Flush();
    }

    private void WritePng(Stream stream, float scale)
    {
        if (!(scale >= 0.1f && scale <= 10f))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be between 0.1 and 10.");
        }

        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(Width * scale)), Math.Max(1, (int)Math.Round(Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("SkiaSharp could not create a raster surface.");
        surface.Canvas.Scale(scale);
        Draw(surface.Canvas);
        surface.Canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG.");
        data.SaveTo(stream);
    }

    private void Draw(SKCanvas canvas)
    {
        using (var background = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill })
        {
            canvas.DrawRect(SKRect.Create(Width, Height), background);
        }

        _draw(canvas);
    }
}
