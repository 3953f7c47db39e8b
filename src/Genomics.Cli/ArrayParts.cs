using System.Globalization;
using System.Text.RegularExpressions;
using Genomics.Models.IO;

namespace Genomics.Cli;

/// <summary>
/// The arrays of a sharded <c>genomics attribute --npz FILE</c>: every chunk writes its rows' arrays to
/// <c>FILE.parts/FIRST-COUNT.npz</c> (first example index and number of examples, zero-padded), and
/// <c>genomics merge --npz FILE</c> concatenates the parts of every shard in example order into FILE.
/// </summary>
internal static partial class ArrayParts
{
    /// <summary>The parts folder of an archive.</summary>
    public static string FolderOf(string archive) => archive + ".parts";

    /// <summary>The part of the examples <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1.</summary>
    public static string PathOf(string folder, long first, long count) =>
        Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{first:D12}-{count:D12}.npz"));

    /// <summary>
    /// Concatenates the parts in <c>FILE.parts</c> along their first axis into FILE (atomically), after checking that
    /// they cover examples 0 … N − 1 once each, where N is the merged table's rows over the positions per example
    /// (the last axis of the parts' 'scores').
    /// </summary>
    /// <returns>N.</returns>
    /// <exception cref="CliArgumentException">A part is missing, overlaps another, or the parts hold other keys or shapes (named).</exception>
    public static long Join(string archive, long tableRows)
    {
        var folder = FolderOf(archive);
        if (!Directory.Exists(folder))
        {
            throw new CliArgumentException("--npz", $"no array parts in '{folder}': run the shards with --npz {archive}.");
        }

        var parts = Directory.EnumerateFiles(folder, "*.npz").Select(f => (File: f, Match: PartName().Match(Path.GetFileName(f)))).Where(p => p.Match.Success)
            .Select(p => (p.File, First: long.Parse(p.Match.Groups[1].Value, CultureInfo.InvariantCulture), Count: long.Parse(p.Match.Groups[2].Value, CultureInfo.InvariantCulture)))
            .OrderBy(p => p.First).ToList();
        long next = 0;
        foreach (var part in parts)
        {
            if (part.First != next)
            {
                throw new CliArgumentException("--npz", part.First > next
                    ? $"the arrays of examples {next} … {part.First - 1} are missing from '{folder}'; run their shard again."
                    : $"'{part.File}' overlaps the part before it; remove the parts of an earlier, different run.");
            }

            next += part.Count;
        }

        var positions = parts.Count == 0 ? 1 : NpzFile.Read(parts[0].File, "scores").Shape[^1];
        var examples = tableRows / positions;
        if (next != examples)
        {
            throw new CliArgumentException("--npz", $"the parts in '{folder}' hold {next} example(s), the merged table {examples}.");
        }

        var loaded = parts.Select(p => NpzFile.ReadAll(p.File)).ToList();
        var keys = loaded[0].Keys.ToList();
        var joined = new List<KeyValuePair<string, NumpyArray>>();
        foreach (var key in keys)
        {
            var pieces = loaded.Select((arrays, i) => arrays.TryGetValue(key, out var a) ? a : throw new CliArgumentException("--npz", $"'{parts[i].File}' has no '{key}' array.")).ToList();
            var tail = pieces[0].Shape.AsSpan(1).ToArray();
            if (pieces.Any(a => !a.Shape.AsSpan(1).SequenceEqual(tail)))
            {
                throw new CliArgumentException("--npz", $"the parts' '{key}' arrays differ in shape beyond the first axis.");
            }

            var values = pieces.SelectMany(a => a.ToSingleArray()).ToArray();
            joined.Add(new(key, new NumpyArray(values, [checked((int)examples), .. tail])));
        }

        NpzFile.Write(archive, joined, compress: true);
        return examples;
    }

    [GeneratedRegex(@"^(\d{12})-(\d{12})\.npz$", RegexOptions.CultureInvariant)]
    private static partial Regex PartName();
}
