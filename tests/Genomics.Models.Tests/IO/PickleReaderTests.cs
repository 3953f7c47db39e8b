using System.Numerics;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

[TestFixture]
public sealed class PickleReaderTests
{
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Read_NumpyArraysAndPlainValues_EqualNumpys(int protocol)
    {
        var expected = OriginalFormatFixtures.Expected.GetProperty("pickle");
        var value = PickleReader.Read(OriginalFormatFixtures.Path($"arrays_p{protocol}.pkl"));

        var items = (List<object?>)value!;
        Assert.That(items, Has.Count.EqualTo(7));
        var f32 = (PickledArray)items[0]!;
        var i64 = (PickledArray)items[1]!;
        var fortran = (PickledArray)items[2]!;
        var flags = (PickledArray)items[3]!;
        var big = (PickledArray)items[4]!;
        var plain = (Dictionary<object, object?>)items[6]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(f32.ElementType, Is.EqualTo(PickledElementType.Float32));
            Assert.That(f32.Shape, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(f32.Values, Is.EqualTo(expected.GetProperty("f32").Doubles().Select(v => (float)v).ToArray()));
            Assert.That(i64.ElementType, Is.EqualTo(PickledElementType.Int64));
            Assert.That(i64.Shape, Is.EqualTo(new long[] { 2, 3, 4 }));
            Assert.That(i64.Values, Is.EqualTo(expected.GetProperty("i64").Longs()));
            Assert.That(fortran.Shape, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(fortran.Values, Is.EqualTo(expected.GetProperty("fortran").Longs()), "Fortran order is returned in C order");
            Assert.That(flags.Values, Is.EqualTo(new[] { true, false, true }));
            Assert.That(big.ElementType, Is.EqualTo(PickledElementType.Float64));
            Assert.That(big.Values, Is.EqualTo(expected.GetProperty("big").Doubles()), "big-endian values are swapped");
            Assert.That(items[5], Is.EqualTo(expected.GetProperty("scalar").GetDouble()), "numpy scalar");
            Assert.That(plain["name"], Is.EqualTo("background"));
            Assert.That(plain["count"], Is.EqualTo(3L));
            Assert.That(plain["big"], Is.EqualTo(BigInteger.Parse(expected.GetProperty("big_int").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(plain["negative"], Is.EqualTo(-300L));
            Assert.That(plain["pi"], Is.EqualTo(3.25));
            Assert.That(plain["none"], Is.Null);
            Assert.That(plain["yes"], Is.True);
            Assert.That(plain["no"], Is.False);
            Assert.That(plain["tuple"], Is.EqualTo(new object[] { 1L, "a" }));
            Assert.That(plain["bytes"], Is.EqualTo(new byte[] { 0, 1 }));
            Assert.That(plain["nested"], Is.EqualTo(new List<object?> { new List<object?> { 1L, 2L }, new List<object?>() }));
        }
    }

    [Test]
    public void Read_DeepDifEBackground_EqualsNumpy()
    {
        var expected = OriginalFormatFixtures.Load("background_100samples.expected.json");
        var path = SharedData.Path("deepdife", "background_100samples.pkl");

        var items = (List<object?>)PickleReader.Read(path)!;
        var forward = (PickledArray)items[0]!;
        var reverse = (PickledArray)items[1]!;
        var forwardValues = (long[])forward.Values;
        var reverseValues = (long[])reverse.Values;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(items, Has.Count.EqualTo(expected.GetProperty("count").GetInt32()));
            Assert.That(forward.DTypeName, Is.EqualTo(expected.GetProperty("dtype").GetString()));
            Assert.That(forward.Shape, Is.EqualTo(expected.GetProperty("shape").Longs()));
            Assert.That(reverse.Shape, Is.EqualTo(expected.GetProperty("shape").Longs()));
            Assert.That(forwardValues.Sum(), Is.EqualTo(expected.GetProperty("forward_sum").GetInt64()));
            Assert.That(reverseValues.Sum(), Is.EqualTo(expected.GetProperty("reverse_sum").GetInt64()));
            Assert.That(BaseSums(forwardValues), Is.EqualTo(expected.GetProperty("forward_position_sums").Longs()));
            Assert.That(BaseSums(reverseValues), Is.EqualTo(expected.GetProperty("reverse_position_sums").Longs()));
            Assert.That(forwardValues.Select((v, i) => v * (i % 4)).Sum(), Is.EqualTo(expected.GetProperty("forward_weighted_sum").GetInt64()));
        }
    }

    [Test]
    public void DeepDifEBackground_Read_GivesChannelsFirstSequencesAndReverseComplements()
    {
        var expected = OriginalFormatFixtures.Load("background_100samples.expected.json");

        var background = DeepDifEBackground.Read(SharedData.Path("deepdife", "background_100samples.pkl"));

        using var forward = background.ForwardTensor();
        using var reverse = background.ReverseComplementTensor();
        var forwardText = Genomics.Models.Encoding.OneHotEncoder.Decode(forward);
        var reverseText = Genomics.Models.Encoding.OneHotEncoder.Decode(reverse);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(background.Count, Is.EqualTo(100));
            Assert.That(background.Length, Is.EqualTo(600));
            Assert.That(forward.shape, Is.EqualTo(new long[] { 100, 4, 600 }));
            Assert.That(forwardText[0][..40], Is.EqualTo(expected.GetProperty("forward_first_40").GetString()));
            Assert.That(reverseText[0][..40], Is.EqualTo(expected.GetProperty("reverse_first_40").GetString()));
            Assert.That(forwardText[99][^40..], Is.EqualTo(expected.GetProperty("forward_last_40_of_last").GetString()));
            Assert.That(reverseText[0], Is.EqualTo(ReverseComplement(forwardText[0])), "the second array holds the reverse complements");
        }
    }

    [Test]
    public void Read_OsSystemViaGlobalAndReduce_IsRefusedWithoutRunningIt()
    {
        var path = OriginalFormatFixtures.Path("evil_system.pkl");
        var marker = "/tmp/genomics-pickle-pwned";
        File.Delete(marker);

        var error = Assert.Throws<PickleGlobalRefusedException>(() => PickleReader.Read(path))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Global, Is.EqualTo("os.system"));
            Assert.That(error.Offset, Is.Zero);
            Assert.That(error.File, Is.EqualTo(path));
            Assert.That(error.Message, Does.StartWith($"{path}: byte 0: ").And.Contain("'os.system'"));
            Assert.That(File.Exists(marker), Is.False);
        }
    }

    [Test]
    public void Read_EvalViaStackGlobal_IsRefusedNamingTheGlobalAndOffset()
    {
        var path = OriginalFormatFixtures.Path("evil_stack_global.pkl");

        var error = Assert.Throws<PickleGlobalRefusedException>(() => PickleReader.Read(path))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Global, Is.EqualTo("builtins.eval"));
            Assert.That(error.Offset, Is.EqualTo(20), "the STACK_GLOBAL opcode");
            Assert.That(error, Is.InstanceOf<DataFormatException>());
        }
    }

    [Test]
    public void Read_ReduceOnSomethingOtherThanAnAllowedGlobal_IsRefused()
    {
        // A list called as a function: EMPTY_LIST, EMPTY_TUPLE, REDUCE, STOP.
        var error = Assert.Throws<PickleFormatException>(() => PickleReader.Read([0x80, 4, (byte)']', (byte)')', (byte)'R', (byte)'.'], "list.pkl"))!;

        Assert.That(error.Message, Does.StartWith("list.pkl: byte 4: REDUCE calls a list"));
    }

    [Test]
    public void Read_ObjectArray_IsRefused()
    {
        var error = Assert.Throws<PickleFormatException>(() => PickleReader.Read(OriginalFormatFixtures.Path("evil_object_array.pkl")))!;

        Assert.That(error.Message, Does.Contain("numpy dtype 'O8' is not read"));
    }

    [Test]
    public void Read_NewObj_IsAnUnsupportedOpcode()
    {
        var error = Assert.Throws<PickleFormatException>(() => PickleReader.Read(OriginalFormatFixtures.Path("evil_newobj.pkl")))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Offset, Is.EqualTo(4));
            Assert.That(error.Message, Does.Contain("opcode NEWOBJ (build a class instance) is not read"));
        }
    }

    [TestCase(new byte[] { 0x80, 4, (byte)'P', (byte)'x', (byte)'\n', (byte)'.' }, 2, "PERSID")]
    [TestCase(new byte[] { 0x80, 4, 0x82, 1, (byte)'.' }, 2, "EXT1")]
    [TestCase(new byte[] { 0x80, 5, 0x97, (byte)'.' }, 2, "NEXT_BUFFER")]
    [TestCase(new byte[] { 0x80, 4, 0xff, (byte)'.' }, 2, "unknown opcode 0xff")]
    [TestCase(new byte[] { 0x80, 6, (byte)'N', (byte)'.' }, 0, "protocol 6 is not supported")]
    public void Read_UnsupportedOpcodes_AreRefusedAtTheirOffset(byte[] data, long offset, string reason)
    {
        var error = Assert.Throws<PickleFormatException>(() => PickleReader.Read(data))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Offset, Is.EqualTo(offset));
            Assert.That(error.Message, Does.Contain(reason));
        }
    }

    [Test]
    public void Read_Inst_IsARefusedGlobal()
    {
        var error = Assert.Throws<PickleGlobalRefusedException>(() => PickleReader.Read("(ios\nsystem\n."u8.ToArray()))!;

        Assert.That(error.Global, Is.EqualTo("os.system"));
    }

    [Test]
    public void Read_TruncatedFile_NamesTheOpcodeThatRunsPastTheEnd()
    {
        var path = OriginalFormatFixtures.Path("truncated.pkl");
        var length = OriginalFormatFixtures.Expected.GetProperty("truncated_length").GetInt64();

        var error = Assert.Throws<PickleFormatException>(() => PickleReader.Read(path))!;

        Assert.That(error.Message, Does.Contain($"truncated: SHORT_BINBYTES needs 24 more byte(s)").And.Contain($"the file ends at byte {length}"));
    }

    [Test]
    public void Read_TruncatedBackground_IsRefusedAndEmptyOrStoplessFilesToo()
    {
        var whole = File.ReadAllBytes(SharedData.Path("deepdife", "background_100samples.pkl"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => PickleReader.Read(whole[..100_000]), Throws.TypeOf<PickleFormatException>().With.Message.Contains("BINBYTES needs 1920000 more byte(s)"));
            Assert.That(() => PickleReader.Read(whole[..^1]), Throws.TypeOf<PickleFormatException>().With.Message.Contains("without its STOP opcode"));
            Assert.That(() => PickleReader.Read([]), Throws.TypeOf<PickleFormatException>().With.Message.Contains("empty"));
        }
    }

    [Test]
    public void Read_ArrayWhoseDataDisagreesWithItsShape_IsRefused()
    {
        var data = File.ReadAllBytes(OriginalFormatFixtures.Path("arrays_p4.pkl"));
        // The float32 array's shape (2, 3) is written as BININT1 2, BININT1 3: make it (2, 4).
        var at = IndexOf(data, [(byte)'K', 2, (byte)'K', 3]);
        data[at + 3] = 4;

        Assert.That(() => PickleReader.Read(data), Throws.TypeOf<PickleFormatException>()
            .With.Message.Contains("the array's data holds 24 bytes but shape (2, 4) of 4-byte elements needs 32"));
    }

    [Test]
    public void Read_FileLargerThanTheLimit_IsRefused()
    {
        var path = OriginalFormatFixtures.Path("arrays_p4.pkl");

        Assert.That(() => PickleReader.Read(path, maxBytes: 100), Throws.TypeOf<PickleFormatException>().With.Message.Contains("more than the limit of 100"));
    }

    [Test]
    public void AllowedGlobals_AreOnlyNumpysReconstructionAndPlainDataHelpers()
    {
        Assert.That(PickleReader.AllowedGlobals.Where(g => !g.StartsWith("numpy.", StringComparison.Ordinal) && !g.StartsWith("numpy._core.", StringComparison.Ordinal)),
            Is.EquivalentTo(new[] { "_codecs.encode", "builtins.set", "builtins.frozenset", "builtins.bytearray" }));
    }

    private static long[] BaseSums(long[] values)
    {
        var sums = new long[4];
        for (var i = 0; i < values.Length; i++)
        {
            sums[i % 4] += values[i];
        }

        return sums;
    }

    private static string ReverseComplement(string s) =>
        new([.. s.Reverse().Select(c => c switch { 'A' => 'T', 'C' => 'G', 'G' => 'C', 'T' => 'A', _ => 'N' })]);

    private static int IndexOf(byte[] data, byte[] pattern)
    {
        for (var i = 0; i + pattern.Length <= data.Length; i++)
        {
            if (data.AsSpan(i, pattern.Length).SequenceEqual(pattern))
            {
                return i;
            }
        }

        throw new InvalidOperationException("pattern not found");
    }
}
