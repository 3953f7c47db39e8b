using System.Diagnostics;
using NUnit.Framework;
using static Genomics.Build.Tests.ElfSamples;

namespace Genomics.Build.Tests;

/// <summary>Patching files on disk, reading a system library's definitions, and finding it.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ElfVersionPatcherFileTests
{
    private static readonly DateTime s_lastWrite = new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Utc).AddTicks(1234567);

    private string _folder = string.Empty;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "genomics-elf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void PatchFile_MissingVersion_MarksItWeakKeepingSizeTimeAndMode()
    {
        SyntheticElf elf = TorchLike();
        byte[] original = elf.Build();
        string path = WriteLibrary("libLibTorchSharp.so", original);
        UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }

        DateTime before = File.GetLastWriteTimeUtc(path);

        ElfPatchReport report = ElfVersionPatcher.PatchFile(path, Libstdcxx, Debian12Libstdcxx(), dryRun: false);

        byte[] patched = File.ReadAllBytes(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.Patched));
            Assert.That(ChangedOffsets(original, patched), Is.EqualTo(new[] { elf.FlagsOffset(Libstdcxx, Missing) }));
            Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(before));
            Assert.That(before, Is.EqualTo(s_lastWrite), "the file system keeps 100 ns ticks");
            Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }), "no temporary file is left behind");
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(path), Is.EqualTo(mode));
            }

            Assert.That(ElfVersionPatcher.PatchFile(path, Libstdcxx, Debian12Libstdcxx(), dryRun: false).Outcome,
                Is.EqualTo(ElfPatchOutcome.AlreadyWeak));
        }
    }

    [Test]
    public void PatchFile_HardLinkedFile_ReplacesThePathAndLeavesTheLinkedCopyUntouched()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/ln"))
        {
            Assert.Ignore("Hard links are made with /bin/ln, which this system lacks.");
        }

        byte[] original = TorchLike().Build();
        string cached = WriteLibrary("cached.so", original);
        string output = Path.Combine(_folder, "output.so");
        using (Process ln = Process.Start("/bin/ln", [cached, output]))
        {
            ln.WaitForExit();
            Assert.That(ln.ExitCode, Is.Zero, "ln " + cached + " " + output);
        }

        ElfPatchReport report = ElfVersionPatcher.PatchFile(output, Libstdcxx, Debian12Libstdcxx(), dryRun: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.Patched));
            Assert.That(File.ReadAllBytes(output), Is.Not.EqualTo(original));
            Assert.That(File.ReadAllBytes(cached), Is.EqualTo(original), "the package cache copy shares the old inode");
            Assert.That(File.GetLastWriteTimeUtc(output), Is.EqualTo(s_lastWrite));
        }
    }

    [Test]
    public void PatchFile_DryRun_ReportsPatchedButChangesNothing()
    {
        byte[] original = TorchLike().Build();
        string path = WriteLibrary("libLibTorchSharp.so", original);

        ElfPatchReport report = ElfVersionPatcher.PatchFile(path, Libstdcxx, Debian12Libstdcxx(), dryRun: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.Patched));
            Assert.That(report.MissingVersions, Is.EqualTo(new[] { Missing }));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(original));
            Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(s_lastWrite));
            Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
        }
    }

    [Test]
    public void PatchFile_Refused_ChangesNothing()
    {
        byte[] original = TorchLike().RelocatePlt(IosBaseInitSymbol).Build();
        string path = WriteLibrary("libLibTorchSharp.so", original);

        ElfPatchReport report = ElfVersionPatcher.PatchFile(path, Libstdcxx, Debian12Libstdcxx(), dryRun: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.Refused));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(original));
            Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(s_lastWrite));
            Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
        }
    }

    [Test]
    public void PatchFile_LinkerScript_IsNotElfAndUnchanged()
    {
        byte[] script = System.Text.Encoding.ASCII.GetBytes("INPUT(libstdc++.so.6)\n");
        string path = WriteLibrary("libstdc++.so", script);

        ElfPatchReport report = ElfVersionPatcher.PatchFile(path, Libstdcxx, Debian12Libstdcxx(), dryRun: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.NotElf));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(script));
        }
    }

    [Test]
    public void PatchFile_MissingFile_ThrowsFileNotFound()
    {
        string path = Path.Combine(_folder, "absent.so");

        Assert.That(() => ElfVersionPatcher.PatchFile(path, Libstdcxx, Debian12Libstdcxx(), dryRun: false),
            Throws.TypeOf<FileNotFoundException>());
    }

    [TestCase(true)]
    [TestCase(false)]
    public void ReadDefinedVersions_SyntheticLibrary_ReturnsEveryVerdefName(bool is64)
    {
        string[] names = [Libstdcxx, "GLIBCXX_3.4", "GLIBCXX_3.4.29", "GLIBCXX_3.4.30", "CXXABI_1.3"];
        var elf = new SyntheticElf(is64).Define(names).Need("libc.so.6", new SyntheticElf.Requirement("GLIBC_2.34", 6));
        string path = WriteLibrary("libstdc++.so.6", elf.Build());

        HashSet<string> defined = ElfVersionPatcher.ReadDefinedVersions(path);

        Assert.That(defined, Is.EquivalentTo(names), "definitions only, not the library's own needs");
    }

    [Test]
    public void ReadDefinedVersions_NotElf_ThrowsInvalidData()
    {
        string path = WriteLibrary("libstdc++.so", System.Text.Encoding.ASCII.GetBytes("INPUT(libstdc++.so.6)\n"));

        Assert.That(() => ElfVersionPatcher.ReadDefinedVersions(path), Throws.TypeOf<InvalidDataException>());
    }

    [TestCase("GLIBCXX_3.4.30", true)]
    [TestCase("GLIBCXX_3.4.32", false)]
    public void PatchFile_AgainstVersionsReadFromASystemLibrary_PatchesOnlyWhenItIsOlder(string newest, bool patched)
    {
        string system = WriteLibrary("libstdc++.so.6", SystemLibrary("GLIBCXX_3.4", "GLIBCXX_3.4.30", newest, "CXXABI_1.3").Build());
        string library = WriteLibrary("libLibTorchSharp.so", TorchLike().Build());

        ElfPatchReport report = ElfVersionPatcher.PatchFile(library, Libstdcxx, ElfVersionPatcher.ReadDefinedVersions(system), dryRun: false);

        Assert.That(report.Outcome, Is.EqualTo(patched ? ElfPatchOutcome.Patched : ElfPatchOutcome.NothingMissing));
    }

    [Test]
    public void FindSystemLibrary_LdLibraryPathFolder_IsSearchedFirst()
    {
        // libstdc++.so.6 is normally also in a multi-arch folder; the LD_LIBRARY_PATH copy must win.
        string path = WriteLibrary(Libstdcxx, SystemLibrary("GLIBCXX_3.4").Build());
        string? saved = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        try
        {
            Environment.SetEnvironmentVariable("LD_LIBRARY_PATH", "/nonexistent-genomics::" + _folder);
            Assert.That(ElfVersionPatcher.FindSystemLibrary(Libstdcxx), Is.EqualTo(path));
        }
        finally
        {
            Environment.SetEnvironmentVariable("LD_LIBRARY_PATH", saved);
        }
    }

    [Test]
    public void FindSystemLibrary_UnknownSoname_ReturnsNull()
    {
        Assert.That(ElfVersionPatcher.FindSystemLibrary("libgenomics-elf-test-absent.so.9"), Is.Null);
    }

    private string WriteLibrary(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, s_lastWrite);
        return path;
    }
}
