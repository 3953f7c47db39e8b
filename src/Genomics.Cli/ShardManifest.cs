using System.Security.Cryptography;
using System.Text.Json;
using Genomics.Models.Compute;
using Genomics.Models.IO;

namespace Genomics.Cli;

/// <summary>
/// What a shard of a sharded command wrote, saved beside its output as <c>OUTPUT.manifest.json</c> once the output is
/// complete: the shard, the block size, the settings (in order), the rows per block, and the output's SHA-256.
/// <c>genomics merge</c> reads the manifests of every shard; a re-run finds its own and skips the work.
/// </summary>
internal sealed record ShardManifest(
    int Shard,
    int Count,
    int BlockSize,
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    IReadOnlyDictionary<long, int> RowsPerBlock,
    long Rows,
    string Sha256)
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>The manifest's path for a shard output.</summary>
    public static string PathOf(string output) => output + ".manifest.json";

    /// <summary>Writes the manifest atomically.</summary>
    public void Write(string output) => AtomicFile.WriteAllText(PathOf(output), JsonSerializer.Serialize(this, s_json));

    /// <summary>Reads a manifest, or null when there is none.</summary>
    /// <exception cref="CliArgumentException">The manifest is not valid JSON of this form.</exception>
    public static ShardManifest? Read(string output, string option)
    {
        var path = PathOf(output);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ShardManifest>(File.ReadAllText(path), s_json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new CliArgumentException(option, $"the shard manifest '{path}' is not readable ({e.Message}); delete it and the shard's output to run the shard again.");
        }
    }

    /// <summary>Whether <paramref name="output"/> exists and its SHA-256 is the manifest's.</summary>
    public bool Matches(string output) => File.Exists(output) && Hash(output) == Sha256;

    /// <summary>Whether the shard was run with the same shard layout and settings.</summary>
    public bool SameJob(ShardSpec shard, IReadOnlyList<KeyValuePair<string, string>> settings) =>
        Count == shard.Count && BlockSize == shard.BlockSize && Settings.SequenceEqual(settings);

    /// <summary>The SHA-256 of a file, lower-case hex.</summary>
    public static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
