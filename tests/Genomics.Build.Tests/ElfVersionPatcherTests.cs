using System.Buffers.Binary;
using NUnit.Framework;
using static Genomics.Build.Tests.ElfSamples;

namespace Genomics.Build.Tests;

/// <summary>Analysis and in-memory patching of synthetic images.</summary>
[TestFixture]
public sealed class ElfVersionPatcherTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void Analyze_MissingVersionNoRelocationUses_IsPatchableAtTheVernauxFlags(bool is64)
    {
        SyntheticElf elf = TorchLike(is64);
        byte[] image = elf.Build();

        ElfPatchReport report = Analyze(image, Debian12Libstdcxx(), out List<ElfVersionNeed> toPatch);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.Patched));
            Assert.That(report.MissingVersions, Is.EqualTo(new[] { Missing }));
            Assert.That(report.RefusedVersions, Is.Empty);
            Assert.That(toPatch.ConvertAll(n => (n.File, n.Name, n.Index, n.Flags, n.FlagsOffset)),
                Is.EqualTo(new[] { (Libstdcxx, Missing, (ushort)6, (ushort)0, elf.FlagsOffset(Libstdcxx, Missing)) }));
        }
    }

    [TestCase(true, (ushort)0)]
    [TestCase(false, (ushort)0)]
    [TestCase(true, (ushort)0x4)]
    public void PatchInMemory_MissingVersion_SetsOnlyTheWeakBitOfThatEntry(bool is64, ushort flags)
    {
        SyntheticElf elf = TorchLike(is64, missingFlags: flags);
        byte[] original = elf.Build();
        byte[] image = (byte[])original.Clone();

        ElfPatchReport report = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Debian12Libstdcxx());

        long at = elf.FlagsOffset(Libstdcxx, Missing);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.Patched));
            Assert.That(ChangedOffsets(original, image), Is.EqualTo(new[] { at }), "only the low byte of vna_flags changes");
            Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan((int)at)), Is.EqualTo(flags | ElfVersionPatcher.VerFlagWeak));
            Assert.That(Analyze(image, Debian12Libstdcxx(), out _).Outcome, Is.EqualTo(ElfPatchOutcome.AlreadyWeak));
        }
    }

    [Test]
    public void PatchInMemory_Twice_SecondIsAlreadyWeakAndChangesNothing()
    {
        byte[] image = TorchLike().Build();
        ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Debian12Libstdcxx());
        byte[] once = (byte[])image.Clone();

        ElfPatchReport second = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Debian12Libstdcxx());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Outcome, Is.EqualTo(ElfPatchOutcome.AlreadyWeak));
            Assert.That(second.MissingVersions, Is.EqualTo(new[] { Missing }));
            Assert.That(image, Is.EqualTo(once));
        }
    }

    [TestCase(true, false)]
    [TestCase(true, true)]
    [TestCase(false, false)]
    [TestCase(false, true)]
    public void PatchInMemory_RelocationUsesMissingVersion_IsRefusedAndChangesNothing(bool is64, bool viaPlt)
    {
        SyntheticElf elf = TorchLike(is64);
        _ = viaPlt ? elf.RelocatePlt(IosBaseInitSymbol) : elf.RelocateDynamic(IosBaseInitSymbol);
        byte[] original = elf.Build();
        byte[] image = (byte[])original.Clone();

        ElfPatchReport report = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Debian12Libstdcxx());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.Refused));
            Assert.That(report.RefusedVersions, Is.EqualTo(new[] { Missing }));
            Assert.That(image, Is.EqualTo(original));
        }
    }

    [Test]
    public void PatchInMemory_RelocatedSymbolWithHiddenVersionBit_IsStillRefused()
    {
        SyntheticElf elf = TorchLike();
        elf.RelocatePlt(elf.Symbol("_ZSt21ios_base_library_initv", 0x8000 | 6));
        byte[] original = elf.Build();
        byte[] image = (byte[])original.Clone();

        ElfPatchReport report = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Debian12Libstdcxx());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.Refused));
            Assert.That(image, Is.EqualTo(original));
        }
    }

    [Test]
    public void PatchInMemory_TwoMissingVersionsOneRelocated_RefusesNamingOnlyThatOne()
    {
        var elf = new SyntheticElf()
            .Need(Libstdcxx, new("GLIBCXX_3.4", 2), new("GLIBCXX_3.4.31", 3), new(Missing, 4));
        elf.RelocatePlt(elf.Symbol("_Znwm", 2));
        elf.Symbol("_ZSt21ios_base_library_initv", 4);
        elf.RelocatePlt(elf.Symbol("_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE11_S_allocateERS3_m", 3));
        byte[] original = elf.Build();
        byte[] image = (byte[])original.Clone();

        ElfPatchReport report = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Debian12Libstdcxx());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.Refused));
            Assert.That(report.MissingVersions, Is.EquivalentTo(new[] { "GLIBCXX_3.4.31", Missing }));
            Assert.That(report.RefusedVersions, Is.EqualTo(new[] { "GLIBCXX_3.4.31" }));
            Assert.That(image, Is.EqualTo(original));
        }
    }

    [Test]
    public void PatchInMemory_OneOfTwoMissingVersionsAlreadyWeak_MarksOnlyTheOther()
    {
        var elf = new SyntheticElf()
            .Need(Libstdcxx, new("GLIBCXX_3.4.31", 3, ElfVersionPatcher.VerFlagWeak), new(Missing, 4));
        elf.Symbol("_ZSt21ios_base_library_initv", 4);
        byte[] original = elf.Build();
        byte[] image = (byte[])original.Clone();

        ElfPatchReport report = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Debian12Libstdcxx());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.Patched));
            Assert.That(ChangedOffsets(original, image), Is.EqualTo(new[] { elf.FlagsOffset(Libstdcxx, Missing) }));
        }
    }

    [Test]
    public void PatchInMemory_MissingVersionAlreadyWeak_IsAlreadyWeakEvenWhenRelocated()
    {
        SyntheticElf elf = TorchLike(missingFlags: ElfVersionPatcher.VerFlagWeak).RelocatePlt(IosBaseInitSymbol);
        byte[] original = elf.Build();
        byte[] image = (byte[])original.Clone();

        ElfPatchReport report = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Debian12Libstdcxx());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.AlreadyWeak));
            Assert.That(image, Is.EqualTo(original));
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void PatchInMemory_EveryVersionAvailable_IsNothingMissingAndChangesNothing(bool is64)
    {
        byte[] original = TorchLike(is64).RelocatePlt(IosBaseInitSymbol).Build();
        byte[] image = (byte[])original.Clone();

        ElfPatchReport report = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Gcc13Libstdcxx());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.NothingMissing));
            Assert.That(report.MissingVersions, Is.Empty);
            Assert.That(image, Is.EqualTo(original));
        }
    }

    [Test]
    public void PatchInMemory_OtherLibrariesVersionsMissing_AreIgnored()
    {
        // GLIBC_2.34 of libc.so.6 is absent from the libstdc++ version set and a relocation uses it.
        byte[] original = TorchLike().Build();
        byte[] image = (byte[])original.Clone();

        ElfPatchReport report = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Gcc13Libstdcxx());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.NothingMissing));
            Assert.That(image, Is.EqualTo(original));
        }
    }

    [Test]
    public void PatchInMemory_LibraryNameSelectsTheVerneedEntry()
    {
        SyntheticElf elf = TorchLike();
        byte[] original = elf.Build();
        byte[] image = (byte[])original.Clone();
        var oldGlibc = new HashSet<string>(StringComparer.Ordinal) { "GLIBC_2.2.5" };

        ElfPatchReport refused = ElfVersionPatcher.PatchInMemory(image, Libc, oldGlibc);
        ElfPatchReport absent = ElfVersionPatcher.PatchInMemory(image, "libz.so.1", oldGlibc);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.Outcome, Is.EqualTo(ElfPatchOutcome.Refused), "__libc_start_main@GLIBC_2.34 is relocated");
            Assert.That(refused.RefusedVersions, Is.EqualTo(new[] { "GLIBC_2.34" }));
            Assert.That(absent.Outcome, Is.EqualTo(ElfPatchOutcome.NothingMissing));
            Assert.That(image, Is.EqualTo(original));
        }
    }

    private static ElfPatchReport Analyze(byte[] image, HashSet<string> available, out List<ElfVersionNeed> toPatch)
    {
        using var stream = new MemoryStream(image, false);
        return ElfVersionPatcher.Analyze(stream, Libstdcxx, available, out toPatch);
    }
}
