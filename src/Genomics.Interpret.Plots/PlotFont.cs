using SkiaSharp;

namespace Genomics.Interpret.Plots;

/// <summary>
/// The one typeface every figure uses: DejaVu Sans Mono Bold, shipped inside the assembly (Bitstream Vera licence,
/// see Plots/Fonts/LICENSE-DejaVu.txt) so figures look the same on machines without installed fonts.
/// Logo letters are the typeface's glyph outlines drawn as filled paths.
/// </summary>
internal static class PlotFont
{
    private static readonly Lazy<SKTypeface> s_typeface = new(Load);
    private static readonly Dictionary<char, SKPath> s_glyphs = [];
    private static readonly Lock s_gate = new();

    public static SKTypeface Typeface => s_typeface.Value;

    /// <summary>A font of the embedded typeface at <paramref name="size"/>.</summary>
    public static SKFont Font(float size) => new(Typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true };

    /// <summary>The outline of <paramref name="letter"/>, at size 100 (a copy the caller owns).</summary>
    public static SKPath Glyph(char letter)
    {
        lock (s_gate)
        {
            if (!s_glyphs.TryGetValue(letter, out var path))
            {
                using var font = Font(100);
                var glyph = font.GetGlyph(letter);
                path = font.GetGlyphPath(glyph) ?? throw new InvalidOperationException($"The embedded font has no outline for '{letter}'.");
                s_glyphs[letter] = path;
            }

            return new SKPath(path);
        }
    }

    private static SKTypeface Load()
    {
        const string Name = "Genomics.Interpret.Plots.DejaVuSansMono-Bold.ttf";
        using var stream = typeof(PlotFont).Assembly.GetManifestResourceStream(Name)
            ?? throw new InvalidOperationException($"The embedded font resource '{Name}' is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("SkiaSharp could not read the embedded font.");
    }
}
