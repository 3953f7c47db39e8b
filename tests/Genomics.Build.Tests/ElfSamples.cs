using NUnit.Framework;

namespace Genomics.Build.Tests;

/// <summary>Synthetic images shaped like TorchSharp's libLibTorchSharp.so and the versions Debian 12 provides.</summary>
internal static class ElfSamples
{
    public const string Libstdcxx = "libstdc++.so.6";
    public const string Libc = "libc.so.6";
    public const string Missing = "GLIBCXX_3.4.32";

    /// <summary>.dynsym index of memcpy@GLIBC_2.2.5 (relocated through .rela.dyn).</summary>
    public const int MemcpySymbol = 1;

    /// <summary>.dynsym index of operator new@GLIBCXX_3.4 (relocated through .rela.plt).</summary>
    public const int OperatorNewSymbol = 2;

    /// <summary>.dynsym index of std::ios_base_library_init@GLIBCXX_3.4.32, which nothing relocates,
    /// exactly as in libLibTorchSharp.so 0.107.</summary>
    public const int IosBaseInitSymbol = 3;

    /// <summary>.dynsym index of a libc symbol of GLIBC_2.34, a version the libstdc++ checks do not concern.</summary>
    public const int GlibcSymbol = 4;

    /// <summary>The libstdc++ versions the samples need that Debian 12 defines (it stops at GLIBCXX_3.4.30).</summary>
    public static HashSet<string> Debian12Libstdcxx() =>
        new(StringComparer.Ordinal) { Libstdcxx, "GLIBCXX_3.4", "GLIBCXX_3.4.29", "GLIBCXX_3.4.30", "CXXABI_1.3" };

    /// <summary>Every version the samples need from libstdc++, as a GCC 13 system provides.</summary>
    public static HashSet<string> Gcc13Libstdcxx() => new(Debian12Libstdcxx(), StringComparer.Ordinal) { "GLIBCXX_3.4.31", Missing };

    /// <summary>
    /// Needs libc.so.6 (GLIBC_2.2.5 = 2, GLIBC_2.34 = 3) and libstdc++.so.6 (GLIBCXX_3.4 = 4,
    /// GLIBCXX_3.4.30 = 5, GLIBCXX_3.4.32 = 6 with <paramref name="missingFlags"/>); relocates memcpy,
    /// operator new and the GLIBC_2.34 symbol, but not the GLIBCXX_3.4.32 symbol.
    /// </summary>
    public static SyntheticElf TorchLike(bool is64 = true, ushort missingFlags = 0, bool sectionHeadersFirst = false)
    {
        var elf = new SyntheticElf(is64, sectionHeadersFirst)
            .Need(Libc, new("GLIBC_2.2.5", 2), new("GLIBC_2.34", 3))
            .Need(Libstdcxx, new("GLIBCXX_3.4", 4), new("GLIBCXX_3.4.30", 5), new(Missing, 6, missingFlags));
        elf.Symbol("memcpy", 2);
        elf.Symbol("_Znwm", 4);
        elf.Symbol("_ZSt21ios_base_library_initv", 6);
        elf.Symbol("__libc_start_main", 3);
        return elf.RelocateDynamic(MemcpySymbol).RelocateDynamic(GlibcSymbol).RelocatePlt(OperatorNewSymbol);
    }

    /// <summary>A fake system libstdc++ defining <paramref name="versions"/> after its soname.</summary>
    public static SyntheticElf SystemLibrary(params string[] versions) =>
        new SyntheticElf().Define([Libstdcxx, .. versions]);

    /// <summary>Offsets at which two equally long images differ.</summary>
    public static List<long> ChangedOffsets(byte[] before, byte[] after)
    {
        Assert.That(after, Has.Length.EqualTo(before.Length));
        var changed = new List<long>();
        for (int i = 0; i < before.Length; i++)
        {
            if (before[i] != after[i])
            {
                changed.Add(i);
            }
        }

        return changed;
    }
}
