using SkiaSharp;

namespace Genomics.Interpret.Plots;

/// <summary>Standard nucleotide colours of sequence logos and the palette of line charts.</summary>
public static class PlotColors
{
    /// <summary>Letter colours, indexed A, C, G, T: green, blue, orange, red.</summary>
    public static IReadOnlyList<string> Nucleotides { get; } = ["#109648", "#255C99", "#F7B32B", "#D62839"];

    /// <summary>Line colours used in order by charts.</summary>
    public static IReadOnlyList<string> Series { get; } = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    internal static SKColor Parse(string hex) => SKColor.Parse(hex);
}
