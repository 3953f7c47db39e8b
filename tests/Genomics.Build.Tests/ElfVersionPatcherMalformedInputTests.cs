using NUnit.Framework;
using static Genomics.Build.Tests.ElfSamples;

namespace Genomics.Build.Tests;

/// <summary>
/// The build task runs over every *.so* file in an output folder, so anything that is not a well-formed
/// ELF file must come back as <see cref="ElfPatchOutcome.NotElf"/> (or at least as an outcome), never as an
/// exception that would fail the build.
/// </summary>
[TestFixture]
public sealed class ElfVersionPatcherMalformedInputTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(51)]
    [TestCase(52)]
    [TestCase(64)]
    [TestCase(4096)]
    public void Analyze_RandomBytes_IsNotElf(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);

        Assert.That(Analyze(bytes).Outcome, Is.EqualTo(ElfPatchOutcome.NotElf));
    }

    [TestCase("INPUT(libstdc++.so.6.0.30)\n")]
    [TestCase("/* GNU ld script */\nGROUP ( /lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/libc_nonshared.a )\n")]
    public void Analyze_LinkerScript_IsNotElf(string text)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(text);

        Assert.That(Analyze(bytes).Outcome, Is.EqualTo(ElfPatchOutcome.NotElf));
    }

    [TestCase(4, (byte)0, TestName = "Analyze_ClassNone_IsNotElf")]
    [TestCase(4, (byte)3, TestName = "Analyze_UnknownClass_IsNotElf")]
    [TestCase(5, (byte)2, TestName = "Analyze_BigEndian_IsNotElf")]
    public void Analyze_UnsupportedIdentification_IsNotElf(int index, byte value)
    {
        byte[] image = TorchLike().Build();
        image[index] = value;

        Assert.That(Analyze(image).Outcome, Is.EqualTo(ElfPatchOutcome.NotElf));
    }

    [Test]
    public void Analyze_NoSectionHeaders_IsNotElf()
    {
        byte[] image = TorchLike().Build();
        image[0x3C] = 0; // e_shnum
        image[0x3D] = 0;

        Assert.That(Analyze(image).Outcome, Is.EqualTo(ElfPatchOutcome.NotElf));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void PatchInMemory_UnreadableRelocationEntrySize_IsNotElfAndChangesNothing(bool is64)
    {
        byte[] original = TorchLike(is64).Build();
        int sections = BitConverter.ToUInt16(original, is64 ? 0x3C : 0x30);
        original[SectionField(original, is64, sections - 2, is64 ? 0x38 : 0x24)] = 4; // .rela.plt's sh_entsize
        byte[] image = (byte[])original.Clone();

        ElfPatchReport report = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Debian12Libstdcxx());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Outcome, Is.EqualTo(ElfPatchOutcome.NotElf), "relocations it cannot read cannot show the patch safe");
            Assert.That(image, Is.EqualTo(original));
        }
    }

    [TestCase(true, false)]
    [TestCase(true, true)]
    [TestCase(false, false)]
    [TestCase(false, true)]
    public void Analyze_EveryTruncation_IsNotElf(bool is64, bool sectionHeadersFirst)
    {
        byte[] image = TorchLike(is64, sectionHeadersFirst: sectionHeadersFirst).Build();
        var failures = new List<string>();

        for (int length = 0; length < image.Length; length++)
        {
            string? failure = Describe(image.AsSpan(0, length).ToArray(), ElfPatchOutcome.NotElf);
            if (failure != null)
            {
                failures.Add("length " + length + ": " + failure);
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void PatchInMemory_RandomlyCorruptedImages_NeverThrow(bool is64)
    {
        byte[] valid = TorchLike(is64).RelocatePlt(IosBaseInitSymbol).Build();
        var random = new Random(is64 ? 64 : 32);
        var failures = new List<string>();

        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] image = (byte[])valid.Clone();
            int changes = 1 + random.Next(4);
            for (int c = 0; c < changes; c++)
            {
                // Either any byte, or the most significant byte of an aligned field, to reach huge values.
                int at = random.Next(image.Length);
                image[random.Next(2) == 0 ? at : at | 3] = (byte)random.Next(256);
            }

            try
            {
                ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Debian12Libstdcxx());
            }
            catch (Exception ex)
            {
                failures.Add("trial " + trial + ": " + ex.GetType().Name + ": " + ex.Message);
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void PatchInMemory_ExtremeHeaderValues_NeverThrow(bool is64)
    {
        byte[] valid = TorchLike(is64).RelocatePlt(IosBaseInitSymbol).Build();
        ulong[] values = [0, 1, 7, 0x7fff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000, long.MaxValue, ulong.MaxValue];
        var failures = new List<string>();

        foreach ((int at, int width) in HeaderFields(valid, is64))
        {
            foreach (ulong value in values)
            {
                byte[] image = (byte[])valid.Clone();
                BitConverter.GetBytes(value).AsSpan(0, width).CopyTo(image.AsSpan(at));
                string? failure = Describe(image, expected: null);
                if (failure != null)
                {
                    failures.Add("field at 0x" + at.ToString("x") + " = 0x" + value.ToString("x") + ": " + failure);
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }

    /// <summary>e_shoff, e_shentsize, e_shnum, and each section's sh_offset, sh_size, sh_link and sh_entsize,
    /// as (file offset, width in bytes).</summary>
    private static List<(int At, int Width)> HeaderFields(byte[] image, bool is64)
    {
        int word = is64 ? 8 : 4;
        var fields = new List<(int At, int Width)> { (is64 ? 0x28 : 0x20, word), (is64 ? 0x3A : 0x2E, 2), (is64 ? 0x3C : 0x30, 2) };
        for (int section = 1; section < BitConverter.ToUInt16(image, is64 ? 0x3C : 0x30); section++)
        {
            fields.Add((SectionField(image, is64, section, is64 ? 0x18 : 0x10), word));
            fields.Add((SectionField(image, is64, section, is64 ? 0x20 : 0x14), word));
            fields.Add((SectionField(image, is64, section, is64 ? 0x28 : 0x18), 4));
            fields.Add((SectionField(image, is64, section, is64 ? 0x38 : 0x24), word));
        }

        return fields;
    }

    /// <summary>File offset of a field of a section header.</summary>
    private static int SectionField(byte[] image, bool is64, int section, int field) =>
        BitConverter.ToInt32(image, is64 ? 0x28 : 0x20) + (section * (is64 ? 64 : 40)) + field;

    private static ElfPatchReport Analyze(byte[] image)
    {
        using var stream = new MemoryStream(image, false);
        return ElfVersionPatcher.Analyze(stream, Libstdcxx, Debian12Libstdcxx(), out _);
    }

    /// <summary>Null when patching returns <paramref name="expected"/> (any outcome when null), else what went wrong.</summary>
    private static string? Describe(byte[] image, ElfPatchOutcome? expected)
    {
        try
        {
            ElfPatchOutcome outcome = ElfVersionPatcher.PatchInMemory(image, Libstdcxx, Debian12Libstdcxx()).Outcome;
            return expected == null || outcome == expected ? null : outcome.ToString();
        }
        catch (Exception ex)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }
}
