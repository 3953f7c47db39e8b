namespace Genomics.Models.IO;

/// <summary>Options for <see cref="FastaWriter"/>.</summary>
public sealed record FastaWriterOptions
{
    /// <summary>The default number of sequence characters per line: 60.</summary>
    public const int DefaultLineWidth = 60;

    /// <summary>Gets the default options: 60 characters per line, uncompressed.</summary>
    public static FastaWriterOptions Default { get; } = new();

    /// <summary>
    /// Gets the number of sequence characters per line (1 or more), or null to write each sequence on a single line.
    /// Default <see cref="DefaultLineWidth"/>.
    /// </summary>
    public int? LineWidth { get; init; } = DefaultLineWidth;

    /// <summary>Gets a value indicating whether the output is gzip-compressed. Default false. The file name is not changed or inspected.</summary>
    public bool Gzip { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="LineWidth"/> is less than 1.</exception>
    public void Validate()
    {
        if (LineWidth is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LineWidth), LineWidth, "The line width must be 1 or more, or null for unwrapped sequences.");
        }
    }
}
