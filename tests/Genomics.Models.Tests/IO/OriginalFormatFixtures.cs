using System.Text.Json;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

/// <summary>The files written by tools/reference/original_formats_fixtures.py and the values numpy read from them.</summary>
internal static class OriginalFormatFixtures
{
    private static readonly Lazy<JsonElement> s_expected = new(() => Load("original_formats_expected.json"));

    /// <summary>Gets the fixture script's expected values.</summary>
    public static JsonElement Expected => s_expected.Value;

    /// <summary>The absolute path of a fixture file.</summary>
    public static string Path(string name) =>
        System.IO.Path.Combine(TestContext.CurrentContext.TestDirectory, "IO", "OriginalFormats", name);

    /// <summary>Parses a JSON fixture.</summary>
    public static JsonElement Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path(name)));
        return document.RootElement.Clone();
    }

    public static double[] Doubles(this JsonElement element) => [.. element.EnumerateArray().Select(e => e.GetDouble())];

    public static long[] Longs(this JsonElement element) => [.. element.EnumerateArray().Select(e => e.GetInt64())];

    public static string[] Strings(this JsonElement element) => [.. element.EnumerateArray().Select(e => e.GetString()!)];
}
