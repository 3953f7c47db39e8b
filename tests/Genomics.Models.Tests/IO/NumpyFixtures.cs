using System.Text.Json;
using Genomics.TestKit;

namespace Genomics.Models.Tests.IO;

/// <summary>
/// The NumPy files in Fixtures/numpy beside this file and their expected values (expected.json), written by
/// tools/reference/npy_fixtures.py with Debian's NumPy (version recorded in the file).
/// </summary>
public sealed record NumpyFixtures(NumpyFixtures.Versions VersionsUsed, NumpyFixtures.Case[] Cases)
{
    private static readonly JsonSerializerOptions s_options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Lazy<NumpyFixtures> s_instance = new(Load);

    public static NumpyFixtures Instance => s_instance.Value;

    public static string Folder => Path.Combine(DotnetCli.RepositoryRoot, "tests", "Genomics.Models.Tests", "IO", "Fixtures", "numpy");

    public static string PathOf(string file) => Path.Combine(Folder, file);

    public static Case Named(string file, string? key = null) => Instance.Cases.Single(c => c.File == file && c.Key == key);

    private static NumpyFixtures Load()
    {
        var document = JsonSerializer.Deserialize<Document>(File.ReadAllText(PathOf("expected.json")), s_options)
            ?? throw new InvalidDataException("expected.json is empty.");
        return new NumpyFixtures(document.Versions, document.Cases);
    }

    public sealed record Versions(string Python, string Numpy);

    public sealed record Case(string File, string? Key, string Dtype, int[] Shape, double[] Values, string Note)
    {
        public override string ToString() => Key is null ? File : $"{File}[{Key}]";
    }

    private sealed record Document(string Generator, Versions Versions, Case[] Cases);
}
