
namespace Genomics.TestKit;

/// <summary>A temporary folder for file tests, deleted on dispose.</summary>
public sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "genomics-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder's absolute path.</summary>
    public string Root { get; }

    /// <summary>Gets a path inside the folder.</summary>
    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Writes text exactly as given (no newline translation, no byte-order mark) and returns the path.</summary>
    public string WriteText(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
        return path;
    }

    /// <summary>Writes gzip-compressed text and returns the path.</summary>
    public string WriteGzip(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, Gzip(System.Text.Encoding.UTF8.GetBytes(text)));
        return path;
    }

    /// <summary>Gzip-compresses bytes.</summary>
    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Deletes the folder and everything in it.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder does not affect the tests.
        }
    }
}
