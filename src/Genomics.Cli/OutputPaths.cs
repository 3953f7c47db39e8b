using System.Runtime.InteropServices;

namespace Genomics.Cli;

/// <summary>
/// Checks a command's output paths before it reads or writes anything: an output must not be one of the command's
/// inputs (compared by resolved full path, so through symbolic links, and on Unix by device and inode, so through hard
/// links too), a file output must not be an existing directory, and a folder output must not be an existing file.
/// </summary>
internal static partial class OutputPaths
{
    /// <summary>Checks the outputs of a command against its inputs.</summary>
    /// <param name="outputs">Output files: the option that named each and its value (null when not given).</param>
    /// <param name="inputs">Input files: the option that named each and its value (null when not given).</param>
    /// <param name="folders">Output folders: the option and its value (null when not given).</param>
    /// <exception cref="CliArgumentException">An output is an input, an existing directory, or a folder output is a file.</exception>
    public static void Check(
        IEnumerable<(string Option, FileSystemInfo? Path)> outputs,
        IEnumerable<(string Option, FileSystemInfo? Path)> inputs,
        IEnumerable<(string Option, DirectoryInfo? Path)>? folders = null)
    {
        var given = inputs.Where(i => i.Path is not null).ToList();
        var written = outputs.Where(o => o.Path is not null).ToList();
        foreach (var (option, path) in written)
        {
            if (Directory.Exists(path!.FullName))
            {
                throw new CliArgumentException(option, $"'{path.FullName}' is an existing directory; give the path of a file to write.");
            }

            foreach (var (inputOption, input) in given)
            {
                if (SameFile(path.FullName, input!.FullName))
                {
                    throw new CliArgumentException(option, $"'{path.FullName}' is also the {inputOption} input ('{input.FullName}'); writing it would overwrite the input. Give another output path.");
                }
            }
        }

        for (var i = 0; i < written.Count; i++)
        {
            for (var j = i + 1; j < written.Count; j++)
            {
                if (SameFile(written[i].Path!.FullName, written[j].Path!.FullName))
                {
                    throw new CliArgumentException(written[j].Option, $"'{written[j].Path!.FullName}' is also the {written[i].Option} output; give each output its own path.");
                }
            }
        }

        foreach (var (option, folder) in folders ?? [])
        {
            if (folder is not null && File.Exists(folder.FullName))
            {
                throw new CliArgumentException(option, $"'{folder.FullName}' is an existing file; give a folder to write into.");
            }
        }
    }

    /// <summary>True when both paths name the same existing or future file.</summary>
    /// <param name="a">A path.</param>
    /// <param name="b">Another path.</param>
    /// <returns>True when writing <paramref name="a"/> would replace <paramref name="b"/>.</returns>
    internal static bool SameFile(string a, string b)
    {
        var resolvedA = Resolve(a);
        var resolvedB = Resolve(b);
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (string.Equals(resolvedA, resolvedB, comparison))
        {
            return true;
        }

        return !OperatingSystem.IsWindows() && Identity(resolvedA) is { } idA && Identity(resolvedB) is { } idB && idA == idB;
    }

    /// <summary>The full path with every symbolic link (of the file and of its folders) resolved.</summary>
    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true);
            if (target is not null)
            {
                full = target.FullName;
            }

            var folder = Path.GetDirectoryName(full);
            if (folder is not null && Directory.Exists(folder))
            {
                full = Path.Combine(ResolveFolder(folder), Path.GetFileName(full));
            }
        }
        catch (IOException)
        {
            // An unresolvable link (a cycle): compare what we have.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return full;
    }

    private static string ResolveFolder(string folder)
    {
        var parent = Path.GetDirectoryName(folder);
        var resolvedParent = parent is null ? folder : Path.Combine(ResolveFolder(parent), Path.GetFileName(folder));
        var target = new DirectoryInfo(resolvedParent).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? resolvedParent : ResolveFolder(target.FullName);
    }

    /// <summary>The (device, inode) pair of an existing file on Unix, or null.</summary>
    private static unsafe (ulong Device, ulong Inode)? Identity(string path)
    {
        if (!File.Exists(path) || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            return null;
        }

        // struct stat begins with st_dev (8 bytes on Linux, 4 on macOS) and has st_ino at offset 8 on both.
        var buffer = stackalloc byte[512];
        try
        {
            if (Stat(path, buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        catch (DllNotFoundException)
        {
            return null;
        }

        var device = OperatingSystem.IsMacOS() ? *(uint*)buffer : *(ulong*)buffer;
        return (device, *(ulong*)(buffer + 8));
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* buffer);
}
