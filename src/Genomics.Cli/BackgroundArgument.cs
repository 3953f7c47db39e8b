using System.Globalization;
using Genomics.Interpret.Motifs;
using Genomics.Models.IO;

namespace Genomics.Cli;

/// <summary>
/// The value of a <c>--background</c> option: <c>uniform</c>, <c>motif-file</c> (the "Background letter frequencies" of
/// the command's motif file, uniform for formats without them), four frequencies <c>a,c,g,t</c>, or the path of a MEME
/// background file (its order-0 lines, e.g. <c>A 0.3</c>; what tomtom's <c>-bfile</c> and FIMO's <c>--bfile</c> read).
/// </summary>
internal static class BackgroundArgument
{
    public const string Help = "uniform, motif-file (the motif file's background letter frequencies), four frequencies a,c,g,t, or a MEME background file.";

    /// <summary>Parses the value; null means uniform.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="motifFile">The motifs whose background <c>motif-file</c> takes.</param>
    /// <param name="option">The option's name, for errors.</param>
    /// <returns>The background, or null for uniform.</returns>
    /// <exception cref="CliArgumentException">The value is none of the forms.</exception>
    /// <exception cref="DataFormatException">The background file is malformed.</exception>
    public static MotifBackground? Parse(string? value, MotifSet motifFile, string option)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Equals("uniform", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (value.Equals("motif-file", StringComparison.OrdinalIgnoreCase))
        {
            return motifFile.Background;
        }

        var parts = value.Split(',');
        if (parts.Length == 4)
        {
            var frequencies = new double[4];
            for (var i = 0; i < 4; i++)
            {
                if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out frequencies[i]))
                {
                    throw new CliArgumentException(option, $"'{parts[i]}' is not a number; give four frequencies a,c,g,t.");
                }
            }

            try
            {
                return new MotifBackground(frequencies);
            }
            catch (ArgumentException e)
            {
                throw new CliArgumentException(option, e.Message, e);
            }
        }

        if (File.Exists(value))
        {
            return ReadFile(value);
        }

        throw new CliArgumentException(option, $"'{value}' is not uniform, motif-file, four frequencies a,c,g,t or an existing background file.");
    }

    /// <summary>Reads the order-0 frequencies of a MEME background file (lines "letter frequency"; '#' starts a comment).</summary>
    internal static MotifBackground ReadFile(string path)
    {
        var frequencies = new double[4];
        var seen = new bool[4];
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2 || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var frequency))
            {
                throw new DataFormatException(path, lineNumber, $"expected 'letter frequency', got '{line}'.");
            }

            if (fields[0].Length != 1)
            {
                continue; // higher-order Markov entries (AA, AC, ...) play no part in an order-0 background
            }

            var letter = "ACGT".IndexOf(char.ToUpperInvariant(fields[0][0]) == 'U' ? 'T' : char.ToUpperInvariant(fields[0][0]), StringComparison.Ordinal);
            if (letter < 0)
            {
                throw new DataFormatException(path, lineNumber, $"'{fields[0]}' is not a DNA/RNA letter.");
            }

            frequencies[letter] = frequency;
            seen[letter] = true;
        }

        if (!seen.All(s => s))
        {
            throw new DataFormatException(path, lineNumber, "the file does not give the frequency of each of A, C, G and T.");
        }

        try
        {
            return new MotifBackground(frequencies);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(path, lineNumber, e.Message, e);
        }
    }
}
