namespace Genomics.Interpret.Motifs;

/// <summary>Reads a motif file in any supported format, chosen from its extension or, failing that, its first line.</summary>
public static class MotifFile
{
    /// <summary>The formats <see cref="Read"/> understands.</summary>
    public enum Format
    {
        /// <summary>MEME motif format (.meme, or text starting "MEME version").</summary>
        Meme,

        /// <summary>JASPAR count matrices (.jaspar, .pfm).</summary>
        Jaspar,

        /// <summary>The Chen count format (.chen).</summary>
        Chen,

        /// <summary>One consensus string per row (.csv).</summary>
        ConsensusCsv,
    }

    /// <summary>Guesses the format of a motif file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The format.</returns>
    /// <exception cref="Models.IO.DataFormatException">The format cannot be recognised; the message lists the supported ones.</exception>
    public static Format Detect(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        switch (Path.GetExtension(name).ToLowerInvariant())
        {
            case ".meme":
                return Format.Meme;
            case ".jaspar":
            case ".pfm":
                return Format.Jaspar;
            case ".chen":
                return Format.Chen;
            case ".csv":
                return Format.ConsensusCsv;
        }

        using var reader = MotifText.Open(path);
        string? line;
        while ((line = reader.ReadLine()) is not null && line.Trim().Length == 0)
        {
        }

        if (line is not null && line.TrimStart().StartsWith("MEME version", StringComparison.Ordinal))
        {
            return Format.Meme;
        }

        if (line is not null && line.StartsWith('>'))
        {
            var next = reader.ReadLine()?.TrimStart() ?? string.Empty;
            return next.Length > 0 && (next[0] is 'A' or 'a') && next.Contains('[', StringComparison.Ordinal) ? Format.Jaspar : Format.Chen;
        }

        throw new Models.IO.DataFormatException(path, 1, "unrecognised motif format; supported: MEME (.meme), JASPAR (.jaspar, .pfm), Chen counts (.chen) and consensus CSV (.csv).");
    }

    /// <summary>Reads every motif of a file in a supported format.</summary>
    /// <param name="path">The file (optionally gzip-compressed).</param>
    /// <returns>The motifs.</returns>
    /// <exception cref="Models.IO.DataFormatException">The file is malformed, holds no motifs, or its format is not recognised.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static MotifSet Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Motif file not found: {path}", path);
        }

        var set = Detect(path) switch
        {
            Format.Meme => MemeMotifFormat.Read(path),
            Format.Jaspar => JasparMotifFormat.Read(path),
            Format.Chen => ChenMotifFormat.Read(path),
            _ => ConsensusCsvFormat.Read(path),
        };
        return set.Count > 0 ? set : throw new Models.IO.DataFormatException(path, null, "the file holds no motifs");
    }
}
