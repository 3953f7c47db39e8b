using System.Text;

namespace Genomics.Build.Tests;

/// <summary>
/// Writes a minimal little-endian ELF shared object holding only the sections the version patcher reads:
/// .dynstr, .dynsym, .gnu.version, .gnu.version_r, optionally .gnu.version_d, two relocation sections
/// (.rela.dyn/.rela.plt for ELF64; .rel.dyn/.rel.plt for ELF32, as on i386) and .shstrtab.
/// There is no code and there are no program headers (so readelf cannot map .gnu.version's address,
/// though it lists the symbols, relocations and version sections correctly).
/// </summary>
internal sealed class SyntheticElf
{
    private const uint ShtStrtab = 3;
    private const uint ShtRela = 4;
    private const uint ShtRel = 9;
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const long ShfAlloc = 0x2;

    private readonly List<(string File, Requirement[] Versions)> _needs = [];
    private readonly List<string> _definitions = [];
    private readonly List<(string Name, ushort Version)> _symbols = [(string.Empty, 0)];
    private readonly List<int> _dynamicRelocations = [];
    private readonly List<int> _pltRelocations = [];
    private readonly Dictionary<string, long> _flagsInVerneed = [];
    private readonly bool _is64;
    private readonly bool _headersFirst;
    private long _verneedOffset;

    /// <param name="is64">ELFCLASS64 (x86-64) when true, ELFCLASS32 (i386) otherwise.</param>
    /// <param name="sectionHeadersFirst">Place the section header table right after the ELF header
    /// instead of at the end, so that truncating the file cuts section contents rather than the table.</param>
    public SyntheticElf(bool is64 = true, bool sectionHeadersFirst = false)
    {
        _is64 = is64;
        _headersFirst = sectionHeadersFirst;
    }

    /// <summary>Adds a Verneed entry for <paramref name="file"/> with one Vernaux entry per version.</summary>
    public SyntheticElf Need(string file, params Requirement[] versions)
    {
        _needs.Add((file, versions));
        return this;
    }

    /// <summary>Adds Verdef entries (indices 1, 2, ...); the first is the base definition (the soname).</summary>
    public SyntheticElf Define(params string[] versions)
    {
        _definitions.AddRange(versions);
        return this;
    }

    /// <summary>Adds an undefined dynamic symbol whose .gnu.version entry is <paramref name="version"/>
    /// (a vna_other index, possibly with the hidden bit 0x8000) and returns its .dynsym index.</summary>
    public int Symbol(string name, ushort version)
    {
        _symbols.Add((name, version));
        return _symbols.Count - 1;
    }

    /// <summary>Adds a GLOB_DAT relocation against a .dynsym index to .rela.dyn (.rel.dyn).</summary>
    public SyntheticElf RelocateDynamic(int symbol)
    {
        _dynamicRelocations.Add(symbol);
        return this;
    }

    /// <summary>Adds a JUMP_SLOT relocation against a .dynsym index to .rela.plt (.rel.plt).</summary>
    public SyntheticElf RelocatePlt(int symbol)
    {
        _pltRelocations.Add(symbol);
        return this;
    }

    /// <summary>File offset of the vna_flags field of a version requirement, as of the last <see cref="Build"/>.</summary>
    public long FlagsOffset(string file, string version) => _verneedOffset + _flagsInVerneed[file + "/" + version];

    public byte[] Build()
    {
        var dynstr = new StringTable();
        byte[] dynsym = Write(w => _symbols.ForEach(s => WriteSymbol(w, dynstr.Add(s.Name))));
        byte[] versym = Write(w => _symbols.ForEach(s => w.Write(s.Version)));
        byte[] verneed = Write(w => WriteVerneed(w, dynstr));
        byte[] verdef = Write(w => WriteVerdef(w, dynstr));
        byte[] relDyn = Write(w => _dynamicRelocations.ForEach(s => WriteRelocation(w, s, 6)));
        byte[] relPlt = Write(w => _pltRelocations.ForEach(s => WriteRelocation(w, s, 7)));

        // The links below rely on .dynstr being section 1 and .dynsym section 2.
        uint relType = _is64 ? ShtRela : ShtRel;
        string rel = _is64 ? ".rela" : ".rel";
        int relEntry = _is64 ? 24 : 8;
        var sections = new List<Section>
        {
            new(string.Empty, 0, [], 0, 0, 0),
            new(".dynstr", ShtStrtab, dynstr.ToArray(), 0, 0, 0),
            new(".dynsym", ShtDynsym, dynsym, 1, 1, _is64 ? 24 : 16),
            new(".gnu.version", ShtGnuVersym, versym, 2, 0, 2),
            new(".gnu.version_r", ShtGnuVerneed, verneed, 1, (uint)_needs.Count, 0),
        };
        if (_definitions.Count > 0)
        {
            sections.Add(new(".gnu.version_d", ShtGnuVerdef, verdef, 1, (uint)_definitions.Count, 0));
        }

        sections.Add(new(rel + ".dyn", relType, relDyn, 2, 0, relEntry));
        sections.Add(new(rel + ".plt", relType, relPlt, 2, 0, relEntry));
        var shstrtab = new StringTable();
        sections.ForEach(s => shstrtab.Add(s.Name));
        shstrtab.Add(".shstrtab");
        sections.Add(new(".shstrtab", ShtStrtab, shstrtab.ToArray(), 0, 0, 0));

        int headerSize = _is64 ? 64 : 52;
        int entrySize = _is64 ? 64 : 40;
        long tableSize = (long)sections.Count * entrySize;
        long position = headerSize + (_headersFirst ? tableSize : 0);
        var offsets = new long[sections.Count];
        for (int i = 1; i < sections.Count; i++)
        {
            offsets[i] = position = Align(position);
            position += sections[i].Data.Length;
        }

        long tableOffset = _headersFirst ? headerSize : Align(position);
        var image = new byte[_headersFirst ? position : tableOffset + tableSize];
        using var writer = new BinaryWriter(new MemoryStream(image));
        WriteHeader(writer, tableOffset, sections.Count);
        writer.Seek((int)tableOffset, SeekOrigin.Begin);
        for (int i = 0; i < sections.Count; i++)
        {
            Section s = sections[i];
            writer.Write(shstrtab.Add(s.Name));
            writer.Write(s.Type);
            Word(writer, s.Type is ShtStrtab or 0 ? 0 : ShfAlloc);
            Word(writer, offsets[i]);
            Word(writer, offsets[i]);
            Word(writer, s.Data.Length);
            writer.Write(s.Link);
            writer.Write(s.Info);
            Word(writer, i == 0 ? 0 : 8);
            Word(writer, s.EntrySize);
        }

        for (int i = 1; i < sections.Count; i++)
        {
            writer.Seek((int)offsets[i], SeekOrigin.Begin);
            writer.Write(sections[i].Data);
        }

        _verneedOffset = offsets[sections.FindIndex(s => s.Type == ShtGnuVerneed)];
        return image;
    }

    /// <summary>The SysV ELF hash stored in vna_hash and vd_hash.</summary>
    private static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (char c in name)
        {
            h = (h << 4) + c;
            uint g = h & 0xf0000000;
            h = (h ^ (g >> 24)) & ~g;
        }

        return h;
    }

    private void WriteHeader(BinaryWriter w, long tableOffset, int sectionCount)
    {
        w.Write([0x7f, (byte)'E', (byte)'L', (byte)'F', (byte)(_is64 ? 2 : 1), 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        w.Write((ushort)3);                  // e_type: ET_DYN
        w.Write((ushort)(_is64 ? 62 : 3));    // e_machine: EM_X86_64 or EM_386
        w.Write(1u);                         // e_version
        Word(w, 0);                          // e_entry
        Word(w, 0);                          // e_phoff: no program headers
        Word(w, tableOffset);                // e_shoff
        w.Write(0u);                         // e_flags
        w.Write((ushort)(_is64 ? 64 : 52));   // e_ehsize
        w.Write((ushort)0);                  // e_phentsize
        w.Write((ushort)0);                  // e_phnum
        w.Write((ushort)(_is64 ? 64 : 40));   // e_shentsize
        w.Write((ushort)sectionCount);       // e_shnum
        w.Write((ushort)(sectionCount - 1)); // e_shstrndx: .shstrtab is last
    }

    private void WriteSymbol(BinaryWriter w, uint name)
    {
        // An undefined global function: st_info = STB_GLOBAL << 4 | STT_FUNC, st_other = 0, st_shndx = SHN_UNDEF.
        uint infoOtherShndx = name == 0 ? 0u : 0x12u;
        w.Write(name);
        if (_is64)
        {
            w.Write(infoOtherShndx);
            w.Write(0L); // st_value
            w.Write(0L); // st_size
        }
        else
        {
            w.Write(0L); // st_value, st_size
            w.Write(infoOtherShndx);
        }
    }

    private void WriteVerneed(BinaryWriter w, StringTable dynstr)
    {
        for (int i = 0; i < _needs.Count; i++)
        {
            (string file, Requirement[] versions) = _needs[i];
            w.Write((ushort)1);                   // vn_version
            w.Write((ushort)versions.Length);     // vn_cnt
            w.Write(dynstr.Add(file));            // vn_file
            w.Write(16u);                         // vn_aux
            w.Write(i == _needs.Count - 1 ? 0u : (uint)(16 + (16 * versions.Length))); // vn_next
            for (int k = 0; k < versions.Length; k++)
            {
                w.Write(ElfHash(versions[k].Name));
                _flagsInVerneed[file + "/" + versions[k].Name] = w.BaseStream.Position;
                w.Write(versions[k].Flags);
                w.Write(versions[k].Index);
                w.Write(dynstr.Add(versions[k].Name));
                w.Write(k == versions.Length - 1 ? 0u : 16u);
            }
        }
    }

    private void WriteVerdef(BinaryWriter w, StringTable dynstr)
    {
        for (int i = 0; i < _definitions.Count; i++)
        {
            w.Write((ushort)1);                       // vd_version
            w.Write((ushort)(i == 0 ? 1 : 0));        // vd_flags: VER_FLG_BASE on the first
            w.Write((ushort)(i + 1));                 // vd_ndx
            w.Write((ushort)1);                       // vd_cnt
            w.Write(ElfHash(_definitions[i]));        // vd_hash
            w.Write(20u);                             // vd_aux
            w.Write(i == _definitions.Count - 1 ? 0u : 28u); // vd_next
            w.Write(dynstr.Add(_definitions[i]));     // vda_name
            w.Write(0u);                              // vda_next
        }
    }

    private void WriteRelocation(BinaryWriter w, int symbol, uint type)
    {
        Word(w, 0x1000 + (8 * w.BaseStream.Position)); // r_offset: any distinct address
        if (_is64)
        {
            w.Write(((ulong)symbol << 32) | type);
            w.Write(0L); // r_addend
        }
        else
        {
            w.Write(((uint)symbol << 8) | type);
        }
    }

    /// <summary>Writes an address, offset or size: 8 bytes in ELF64, 4 in ELF32.</summary>
    private void Word(BinaryWriter w, long value) => w.Write(BitConverter.GetBytes(value), 0, _is64 ? 8 : 4);

    private static long Align(long position) => (position + 7) & ~7L;

    private static byte[] Write(Action<BinaryWriter> body)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            body(writer);
        }

        return stream.ToArray(); // still readable after the writer closes it
    }

    /// <summary>A Vernaux entry: version name, vna_other (its index in .gnu.version) and vna_flags.</summary>
    internal sealed record Requirement(string Name, ushort Index, ushort Flags = 0);

    private sealed record Section(string Name, uint Type, byte[] Data, uint Link, uint Info, long EntrySize);

    private sealed class StringTable
    {
        private readonly MemoryStream _bytes = new();
        private readonly Dictionary<string, uint> _offsets = new(StringComparer.Ordinal) { [string.Empty] = 0 };

        public StringTable() => _bytes.WriteByte(0);

        public uint Add(string text)
        {
            if (!_offsets.TryGetValue(text, out uint offset))
            {
                offset = (uint)_bytes.Length;
                _offsets[text] = offset;
                _bytes.Write(Encoding.ASCII.GetBytes(text));
                _bytes.WriteByte(0);
            }

            return offset;
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
