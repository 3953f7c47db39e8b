// Marks library version requirements that the system cannot satisfy as weak, so that glibc's
// loader accepts a prebuilt native library built against a newer libstdc++ than the one installed.
//
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory into the PatchElfVersionNeeds
// task (see GenomicsNativePatch.targets), and into the build tests with GENOMICS_ELF_NO_TASK defined,
// which leaves the MSBuild task class out. It therefore sticks to APIs available to netstandard2.0.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Genomics.Build
{
    /// <summary>What <see cref="ElfVersionPatcher"/> found or did for one file.</summary>
    internal enum ElfPatchOutcome
    {
        /// <summary>The file is not a little-endian ELF shared object this patcher understands.</summary>
        NotElf,
        /// <summary>The file does not depend on the library, or every required version exists.</summary>
        NothingMissing,
        /// <summary>Every missing version was already marked weak.</summary>
        AlreadyWeak,
        /// <summary>Missing versions were marked weak.</summary>
        Patched,
        /// <summary>A relocation uses a symbol of a missing version: the file was left alone.</summary>
        Refused,
    }

    /// <summary>A version requirement (Vernaux entry) of a needed library.</summary>
    internal sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string file, string name, ushort flags, ushort index, long flagsOffset)
        {
            File = file; Name = name; Flags = flags; Index = index; FlagsOffset = flagsOffset;
        }

        /// <summary>The needed library's file name (vn_file), e.g. libstdc++.so.6.</summary>
        public string File { get; }
        /// <summary>The version name, e.g. GLIBCXX_3.4.32.</summary>
        public string Name { get; }
        /// <summary>vna_flags.</summary>
        public ushort Flags { get; }
        /// <summary>vna_other: the index symbols of this version carry in .gnu.version.</summary>
        public ushort Index { get; }
        /// <summary>Absolute file offset of the vna_flags field.</summary>
        public long FlagsOffset { get; }
        /// <summary>True when VER_FLG_WEAK is set.</summary>
        public bool IsWeak => (Flags & ElfVersionPatcher.VerFlagWeak) != 0;
    }

    /// <summary>The result of analysing or patching one file.</summary>
    internal sealed class ElfPatchReport
    {
        public ElfPatchReport(ElfPatchOutcome outcome, IList<string> missing, IList<string> refused)
        {
            Outcome = outcome; MissingVersions = missing; RefusedVersions = refused;
        }

        /// <summary>The overall outcome.</summary>
        public ElfPatchOutcome Outcome { get; }
        /// <summary>Versions required from the library that the available set lacks.</summary>
        public IList<string> MissingVersions { get; }
        /// <summary>Missing versions that relocations use (non-empty only when refused).</summary>
        public IList<string> RefusedVersions { get; }
    }

    /// <summary>Reads ELF version sections and marks unsatisfiable requirements as weak.</summary>
    /// <remarks>
    /// glibc's dynamic loader reports a missing version of a needed library as fatal unless its Vernaux
    /// entry carries VER_FLG_WEAK. Marking it weak is safe only when no relocation binds a symbol of
    /// that version; otherwise the library would call a function that does not exist, so such files
    /// are refused and left untouched.
    /// </remarks>
    internal static class ElfVersionPatcher
    {
        /// <summary>VER_FLG_WEAK from elf.h.</summary>
        public const ushort VerFlagWeak = 0x2;

        private const uint ShtRela = 4;
        private const uint ShtRel = 9;
        private const uint ShtDynsym = 11;
        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const uint ShtGnuVersym = 0x6fffffff;

        private static readonly char[] PathListSeparator = { ':' };
        private static readonly string[] MultiArchRoots = { "/lib", "/usr/lib", "/usr/local/lib" };
        private static readonly string[] PlainLibraryFolders = { "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib" };

        /// <summary>Analyses <paramref name="path"/> and, unless <paramref name="dryRun"/>, patches it.</summary>
        /// <remarks>
        /// The file is patched on a copy that then replaces it by rename, so a hard link to a package cache
        /// is broken rather than modified; size, permissions and last-write time are kept, so incremental
        /// copies that compare size and time leave the patched file in place.
        /// </remarks>
        public static ElfPatchReport PatchFile(string path, string library, ICollection<string> available, bool dryRun)
        {
            ElfPatchReport report;
            List<ElfVersionNeed> toPatch;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                report = Analyze(stream, library, available, out toPatch);
            }

            if (report.Outcome != ElfPatchOutcome.Patched || dryRun)
            {
                return report;
            }

            DateTime lastWrite = File.GetLastWriteTimeUtc(path);
            string temp = path + ".genomics-patch.tmp";
            File.Copy(path, temp, true);
            try
            {
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    foreach (ElfVersionNeed need in toPatch)
                    {
                        WriteFlags(stream, need.FlagsOffset, (ushort)(need.Flags | VerFlagWeak));
                    }
                }

                File.SetLastWriteTimeUtc(temp, lastWrite);
                File.Replace(temp, path, null);
                File.SetLastWriteTimeUtc(path, lastWrite);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }

            return report;
        }

        /// <summary>Analyses an ELF image held in memory and patches the array in place when allowed.</summary>
        public static ElfPatchReport PatchInMemory(byte[] image, string library, ICollection<string> available)
        {
            List<ElfVersionNeed> toPatch;
            ElfPatchReport report;
            using (var stream = new MemoryStream(image, false))
            {
                report = Analyze(stream, library, available, out toPatch);
            }

            if (report.Outcome == ElfPatchOutcome.Patched)
            {
                using var writable = new MemoryStream(image, true);
                foreach (ElfVersionNeed need in toPatch)
                {
                    WriteFlags(writable, need.FlagsOffset, (ushort)(need.Flags | VerFlagWeak));
                }
            }

            return report;
        }

        /// <summary>Decides what to do with one file without changing it.</summary>
        public static ElfPatchReport Analyze(Stream stream, string library, ICollection<string> available, out List<ElfVersionNeed> toPatch)
        {
            toPatch = new List<ElfVersionNeed>();
            ElfImage? elf = ElfImage.TryOpen(stream);
            if (elf == null)
            {
                return new ElfPatchReport(ElfPatchOutcome.NotElf, Array.Empty<string>(), Array.Empty<string>());
            }

            var missing = new List<ElfVersionNeed>();
            foreach (ElfVersionNeed need in elf.ReadVersionNeeds())
            {
                if (string.Equals(need.File, library, StringComparison.Ordinal) && !available.Contains(need.Name))
                {
                    missing.Add(need);
                }
            }

            var missingNames = missing.ConvertAll(m => m.Name);
            if (missing.Count == 0)
            {
                return new ElfPatchReport(ElfPatchOutcome.NothingMissing, missingNames, Array.Empty<string>());
            }

            var notWeak = missing.FindAll(m => !m.IsWeak);
            if (notWeak.Count == 0)
            {
                return new ElfPatchReport(ElfPatchOutcome.AlreadyWeak, missingNames, Array.Empty<string>());
            }

            HashSet<ushort> used;
            try
            {
                used = elf.ReadVersionIndicesUsedByRelocations();
            }
            catch (InvalidDataException)
            {
                // Relocations that cannot be read cannot show the patch to be safe.
                return new ElfPatchReport(ElfPatchOutcome.NotElf, missingNames, Array.Empty<string>());
            }

            var refused = notWeak.FindAll(m => used.Contains(m.Index)).ConvertAll(m => m.Name);
            if (refused.Count > 0)
            {
                return new ElfPatchReport(ElfPatchOutcome.Refused, missingNames, refused);
            }

            toPatch = notWeak;
            return new ElfPatchReport(ElfPatchOutcome.Patched, missingNames, Array.Empty<string>());
        }

        /// <summary>The version names a shared library defines (its .gnu.version_d), e.g. GLIBCXX_3.4.30.</summary>
        public static HashSet<string> ReadDefinedVersions(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            ElfImage? elf = ElfImage.TryOpen(stream);
            if (elf == null)
            {
                throw new InvalidDataException(path + ": not a little-endian ELF file.");
            }

            return elf.ReadDefinedVersions();
        }

        /// <summary>Finds the system copy of a shared library by soname, or null.</summary>
        /// <remarks>Searches LD_LIBRARY_PATH, then the usual multi-arch and plain library folders.</remarks>
        public static string? FindSystemLibrary(string soname)
        {
            var dirs = new List<string>();
            string? ldPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(ldPath))
            {
                dirs.AddRange(ldPath!.Split(PathListSeparator, StringSplitOptions.RemoveEmptyEntries));
            }

            foreach (string root in MultiArchRoots)
            {
                if (Directory.Exists(root))
                {
                    dirs.AddRange(Directory.GetDirectories(root, "*-linux-gnu*"));
                }
            }

            dirs.AddRange(PlainLibraryFolders);
            foreach (string dir in dirs)
            {
                string candidate = Path.Combine(dir, soname);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static void WriteFlags(Stream stream, long offset, ushort flags)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            stream.WriteByte((byte)(flags & 0xff));
            stream.WriteByte((byte)(flags >> 8));
        }

        /// <summary>A minimal reader of ELF section headers and the dynamic version sections.</summary>
        private sealed class ElfImage
        {
            private readonly Stream _stream;
            private readonly bool _is64;
            private readonly List<Section> _sections;

            private ElfImage(Stream stream, bool is64, List<Section> sections)
            {
                _stream = stream; _is64 = is64; _sections = sections;
            }

            public static ElfImage? TryOpen(Stream stream)
            {
                if (stream.Length < 52)
                {
                    return null;
                }

                byte[] ident = ReadAt(stream, 0, 16);
                if (ident[0] != 0x7f || ident[1] != (byte)'E' || ident[2] != (byte)'L' || ident[3] != (byte)'F' || ident[5] != 1)
                {
                    return null;
                }

                bool is64 = ident[4] == 2;
                if ((!is64 && ident[4] != 1) || stream.Length < (is64 ? 64 : 52))
                {
                    return null;
                }

                byte[] header = ReadAt(stream, 0, is64 ? 64 : 52);
                long shoff = is64 ? (long)BitConverter.ToUInt64(header, 0x28) : BitConverter.ToUInt32(header, 0x20);
                int shentsize = BitConverter.ToUInt16(header, is64 ? 0x3A : 0x2E);
                int shnum = BitConverter.ToUInt16(header, is64 ? 0x3C : 0x30);
                if (shoff <= 0 || shnum == 0 || shentsize < (is64 ? 64 : 40) || shoff > stream.Length - ((long)shnum * shentsize))
                {
                    return null;
                }

                byte[] table = ReadAt(stream, shoff, shnum * shentsize);
                var sections = new List<Section>(shnum);
                for (int i = 0; i < shnum; i++)
                {
                    int b = i * shentsize;
                    sections.Add(is64
                        ? new Section(BitConverter.ToUInt32(table, b + 4), (long)BitConverter.ToUInt64(table, b + 0x18), (long)BitConverter.ToUInt64(table, b + 0x20), BitConverter.ToUInt32(table, b + 0x28), BitConverter.ToUInt32(table, b + 0x2C), (long)BitConverter.ToUInt64(table, b + 0x38))
                        : new Section(BitConverter.ToUInt32(table, b + 4), BitConverter.ToUInt32(table, b + 0x10), BitConverter.ToUInt32(table, b + 0x14), BitConverter.ToUInt32(table, b + 0x18), BitConverter.ToUInt32(table, b + 0x1C), BitConverter.ToUInt32(table, b + 0x24)));
                }

                foreach (Section s in sections)
                {
                    if (s.Offset < 0 || s.Size < 0 || (s.Type != 8 && s.Size > 0 && s.Size > stream.Length - s.Offset))
                    {
                        return null;
                    }
                }

                return new ElfImage(stream, is64, sections);
            }

            public List<ElfVersionNeed> ReadVersionNeeds()
            {
                var result = new List<ElfVersionNeed>();
                foreach (Section s in _sections.FindAll(x => x.Type == ShtGnuVerneed))
                {
                    byte[] data = ReadAt(_stream, s.Offset, checked((int)s.Size));
                    byte[] strings = ReadStringTable(s.Link);
                    int pos = 0;
                    for (int n = 0; n < 4096 && pos + 16 <= data.Length; n++)
                    {
                        ushort count = BitConverter.ToUInt16(data, pos + 2);
                        string file = ReadString(strings, BitConverter.ToUInt32(data, pos + 4));
                        uint aux = BitConverter.ToUInt32(data, pos + 8);
                        uint next = BitConverter.ToUInt32(data, pos + 12);
                        long a = pos + aux;
                        for (int k = 0; k < count && a + 16 <= data.Length; k++)
                        {
                            ushort flags = BitConverter.ToUInt16(data, (int)a + 4);
                            ushort other = BitConverter.ToUInt16(data, (int)a + 6);
                            string name = ReadString(strings, BitConverter.ToUInt32(data, (int)a + 8));
                            result.Add(new ElfVersionNeed(file, name, flags, other, s.Offset + a + 4));
                            uint anext = BitConverter.ToUInt32(data, (int)a + 12);
                            if (anext == 0)
                            {
                                break;
                            }

                            a += anext;
                        }

                        if (next == 0 || next > (uint)(data.Length - pos))
                        {
                            break;
                        }

                        pos += (int)next;
                    }
                }

                return result;
            }

            public HashSet<string> ReadDefinedVersions()
            {
                var result = new HashSet<string>(StringComparer.Ordinal);
                foreach (Section s in _sections.FindAll(x => x.Type == ShtGnuVerdef))
                {
                    byte[] data = ReadAt(_stream, s.Offset, checked((int)s.Size));
                    byte[] strings = ReadStringTable(s.Link);
                    int pos = 0;
                    for (int n = 0; n < 65536 && pos + 20 <= data.Length; n++)
                    {
                        ushort count = BitConverter.ToUInt16(data, pos + 6);
                        uint aux = BitConverter.ToUInt32(data, pos + 12);
                        uint next = BitConverter.ToUInt32(data, pos + 16);
                        if (count > 0 && pos + aux + 8 <= data.Length)
                        {
                            result.Add(ReadString(strings, BitConverter.ToUInt32(data, pos + (int)aux)));
                        }

                        if (next == 0 || next > (uint)(data.Length - pos))
                        {
                            break;
                        }

                        pos += (int)next;
                    }
                }

                return result;
            }

            public HashSet<ushort> ReadVersionIndicesUsedByRelocations()
            {
                var used = new HashSet<ushort>();
                int dynsym = _sections.FindIndex(x => x.Type == ShtDynsym);
                Section? versym = _sections.Find(x => x.Type == ShtGnuVersym);
                if (dynsym < 0 || versym == null)
                {
                    return used;
                }

                byte[] versions = ReadAt(_stream, versym.Offset, checked((int)versym.Size));
                foreach (Section s in _sections.FindAll(x => (x.Type == ShtRela || x.Type == ShtRel) && x.Link == dynsym))
                {
                    long entrySize = s.EntrySize != 0 ? s.EntrySize : (_is64 ? (s.Type == ShtRela ? 24 : 16) : (s.Type == ShtRela ? 12 : 8));
                    if (entrySize < (_is64 ? 16 : 8) || entrySize > int.MaxValue)
                    {
                        throw new InvalidDataException("Unreadable relocation entry size " + entrySize + ".");
                    }

                    int entry = (int)entrySize;
                    byte[] data = ReadAt(_stream, s.Offset, checked((int)s.Size));
                    for (int pos = 0; pos + entry <= data.Length; pos += entry)
                    {
                        long symbol = _is64 ? (long)(BitConverter.ToUInt64(data, pos + 8) >> 32) : (BitConverter.ToUInt32(data, pos + 4) >> 8);
                        if (symbol != 0 && (symbol * 2) + 2 <= versions.Length)
                        {
                            used.Add((ushort)(BitConverter.ToUInt16(versions, (int)(symbol * 2)) & 0x7fff));
                        }
                    }
                }

                return used;
            }

            private byte[] ReadStringTable(uint index)
            {
                if (index >= _sections.Count || _sections[(int)index].Type == 8)
                {
                    return Array.Empty<byte>();
                }

                Section s = _sections[(int)index];
                return ReadAt(_stream, s.Offset, checked((int)s.Size));
            }

            private static string ReadString(byte[] table, uint offset)
            {
                if (offset >= table.Length)
                {
                    return string.Empty;
                }

                int end = (int)offset;
                while (end < table.Length && table[end] != 0)
                {
                    end++;
                }

                return Encoding.ASCII.GetString(table, (int)offset, end - (int)offset);
            }

            private static byte[] ReadAt(Stream stream, long offset, int count)
            {
                var buffer = new byte[count];
                if (count == 0)
                {
                    return buffer;
                }

                stream.Seek(offset, SeekOrigin.Begin);
                int read = 0;
                while (read < count)
                {
                    int n = stream.Read(buffer, read, count - read);
                    if (n <= 0)
                    {
                        throw new EndOfStreamException("Truncated ELF file.");
                    }

                    read += n;
                }

                return buffer;
            }

            private sealed class Section
            {
                public Section(uint type, long offset, long size, uint link, uint info, long entrySize)
                {
                    Type = type; Offset = offset; Size = size; Link = link; Info = info; EntrySize = entrySize;
                }

                public uint Type { get; }
                public long Offset { get; }
                public long Size { get; }
                public uint Link { get; }
                public uint Info { get; }
                public long EntrySize { get; }
            }
        }
    }

#if !GENOMICS_ELF_NO_TASK
    /// <summary>
    /// MSBuild task: for every ELF shared object under <see cref="Directory"/>, marks the versions of
    /// <see cref="Library"/> that the system copy of that library lacks as weak (see ElfVersionPatcher).
    /// </summary>
    public sealed class PatchElfVersionNeeds : Microsoft.Build.Utilities.Task
    {
        /// <summary>The folder to scan recursively (an output or publish folder).</summary>
        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; } = string.Empty;

        /// <summary>The needed library whose versions are checked.</summary>
        public string Library { get; set; } = "libstdc++.so.6";

        /// <summary>Path of the system copy of the library; found automatically when empty.</summary>
        public string SystemLibraryPath { get; set; } = string.Empty;

        public override bool Execute()
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                return true;
            }

            string? system = string.IsNullOrEmpty(SystemLibraryPath) ? ElfVersionPatcher.FindSystemLibrary(Library) : SystemLibraryPath;
            if (system == null || !File.Exists(system))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "Genomics native patch: no system " + Library + " found; nothing to check.");
                return true;
            }

            HashSet<string> available = ElfVersionPatcher.ReadDefinedVersions(system);
            foreach (string file in System.IO.Directory.GetFiles(Directory, "*.so*", SearchOption.AllDirectories))
            {
                if (file.EndsWith(".genomics-patch.tmp", StringComparison.Ordinal))
                {
                    continue;
                }

                ElfPatchReport report;
                try
                {
                    report = ElfVersionPatcher.PatchFile(file, Library, available, false);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
                {
                    Log.LogWarning("Genomics native patch: could not check " + file + ": " + ex.Message);
                    continue;
                }

                if (report.Outcome == ElfPatchOutcome.Patched)
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, "Genomics native patch: marked " + string.Join(", ", report.MissingVersions) + " of " + Library + " as weak in " + file + " (the system copy " + system + " lacks them).");
                }
                else if (report.Outcome == ElfPatchOutcome.Refused)
                {
                    Log.LogWarning("Genomics native patch: " + file + " needs " + string.Join(", ", report.RefusedVersions) + " of " + Library + ", which " + system + " lacks, and a relocation uses a symbol of that version; the file was left unchanged and will not load here. Install a newer " + Library + ".");
                }
            }

            return true;
        }
    }
#endif
}
