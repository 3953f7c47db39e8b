using Genomics.Models.Encoding;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Encoding;

[TestFixture]
[NonParallelizable]
public sealed class OneHotEncoderTests
{
    [Test]
    public void Encode_SetsOneChannelPerBaseInAcgtOrder()
    {
        using var scope = NewDisposeScope();
        var encoded = OneHotEncoder.Encode("ACGTN");
        float[] expected =
        [
            1, 0, 0, 0, 0, // A
            0, 1, 0, 0, 0, // C
            0, 0, 1, 0, 0, // G
            0, 0, 0, 1, 0, // T
        ];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(encoded.shape, Is.EqualTo(new long[] { 1, 4, 5 }));
            Assert.That(encoded.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(encoded.data<float>().ToArray(), Is.EqualTo(expected));
        }
    }

    [Test]
    public void Encode_IsCaseInsensitiveAndTreatsUAsT()
    {
        using var scope = NewDisposeScope();
        var upper = OneHotEncoder.Encode("ACGTT");
        var mixed = OneHotEncoder.Encode("acGuU");
        TensorAssert.AreEqual(upper, mixed);
    }

    [Test]
    public void Encode_NonNucleotideCharactersGiveZeroColumns()
    {
        using var scope = NewDisposeScope();
        var encoded = OneHotEncoder.Encode("NnRY-.A");
        var columnSums = encoded.sum(1).data<float>().ToArray();
        Assert.That(columnSums, Is.EqualTo(new float[] { 0, 0, 0, 0, 0, 0, 1 }));
    }

    [Test]
    public void Encode_BatchHasShapeNByFourByL()
    {
        using var scope = NewDisposeScope();
        var encoded = OneHotEncoder.Encode(["ACG", "TTT"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(encoded.shape, Is.EqualTo(new long[] { 2, 4, 3 }));
            Assert.That(encoded[1, 3].data<float>().ToArray(), Is.EqualTo(new float[] { 1, 1, 1 }));
            Assert.That(encoded[0, 0].data<float>().ToArray(), Is.EqualTo(new float[] { 1, 0, 0 }));
        }
    }

    [TestCase(ScalarType.Byte)]
    [TestCase(ScalarType.Float64)]
    [TestCase(ScalarType.Float16)]
    public void Encode_OtherDtypesHoldTheSameValues(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var reference = OneHotEncoder.Encode(["ACGTN", "TTGCA"]);
        var encoded = OneHotEncoder.Encode(["ACGTN", "TTGCA"], dtype);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(encoded.dtype, Is.EqualTo(dtype));
            TensorAssert.AreEqual(reference, encoded);
        }
    }

    [Test]
    public void Decode_RoundTripsEncode()
    {
        string[] sequences = ["ACGTNACGTA", "ttttNNNNgg", "GGGGCCCCAA"];
        using var scope = NewDisposeScope();
        var decoded = OneHotEncoder.Decode(OneHotEncoder.Encode(sequences));
        Assert.That(decoded, Is.EqualTo(new[] { "ACGTNACGTA", "TTTTNNNNGG", "GGGGCCCCAA" }));
    }

    [Test]
    public void Decode_WithRnaAlphabetWritesU()
    {
        using var scope = NewDisposeScope();
        Assert.That(OneHotEncoder.Decode(OneHotEncoder.Encode("ACGU"), alphabet: Alphabet.Rna), Is.EqualTo(new[] { "ACGU" }));
    }

    [Test]
    public void Decode_StrictRejectsNonOneHotColumnNamingThePosition()
    {
        using var scope = NewDisposeScope();
        // Columns: A (one-hot), all zero (N), then a soft column at position 2.
        var soft = tensor(new float[] { 1, 0, 0.5f, 0, 0, 0, 0, 0, 0.5f, 0, 0, 1 }, [1, 4, 3]);
        Assert.That(
            () => OneHotEncoder.Decode(soft),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("oneHot").And.Message.Contains("position 2"));
    }

    [Test]
    public void Decode_ArgMaxPicksLargestAndTiesGiveN()
    {
        using var scope = NewDisposeScope();
        // Columns: A wins; tie between A and G; all 0.25; all zero; T wins with a negative neighbour.
        float[] values =
        [
            0.7f, 0.5f, 0.25f, 0, -1,
            0.1f, 0.0f, 0.25f, 0, -2,
            0.1f, 0.5f, 0.25f, 0, -3,
            0.1f, 0.0f, 0.25f, 0, 0.3f,
        ];
        var scores = tensor(values, [1, 4, 5]);
        Assert.That(OneHotEncoder.Decode(scores, OneHotDecodeMode.ArgMax), Is.EqualTo(new[] { "ANNNT" }));
    }

    [Test]
    public void Decode_WrongShapeThrowsWithParameterName()
    {
        using var scope = NewDisposeScope();
        var wrong = zeros(1, 5, 3);
        Assert.That(() => OneHotEncoder.Decode(wrong), Throws.ArgumentException.With.Property("ParamName").EqualTo("oneHot"));
    }

    [Test]
    public void ReverseComplement_TwiceIsIdentity()
    {
        using var scope = NewDisposeScope();
        var encoded = OneHotEncoder.Encode(["ACGTNAAC", "GGNTTACA"]);
        var twice = OneHotEncoder.ReverseComplement(OneHotEncoder.ReverseComplement(encoded));
        TensorAssert.AreEqual(encoded, twice);
    }

    [Test]
    public void ReverseComplement_MatchesStringReverseComplement()
    {
        string[] sequences = ["AACGTN", "GATTCA"];
        using var scope = NewDisposeScope();
        var flipped = OneHotEncoder.ReverseComplement(OneHotEncoder.Encode(sequences));
        var expected = OneHotEncoder.Encode(sequences.Select(Alphabet.Dna.ReverseComplement).ToArray());
        TensorAssert.AreEqual(expected, flipped);
    }

    [Test]
    public void ReverseComplement_DoesNotModifyInput()
    {
        using var scope = NewDisposeScope();
        var encoded = OneHotEncoder.Encode("ACCG");
        var copy = encoded.clone();
        _ = OneHotEncoder.ReverseComplement(encoded);
        TensorAssert.AreEqual(copy, encoded);
    }

    [Test]
    public void ReverseComplement_RejectsWrongChannelCount()
    {
        using var scope = NewDisposeScope();
        var wrong = zeros(2, 3, 4);
        Assert.That(() => OneHotEncoder.ReverseComplement(wrong), Throws.ArgumentException.With.Property("ParamName").EqualTo("oneHot"));
    }

    [Test]
    public void EncodeToMatrix_MatchesTensorAndRoundTrips()
    {
        const string Sequence = "TGCANa";
        var matrix = OneHotEncoder.EncodeToMatrix(Sequence);
        using var scope = NewDisposeScope();
        var fromTensor = OneHotEncoder.Encode(Sequence).data<float>().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(matrix.Cast<float>().ToArray(), Is.EqualTo(fromTensor));
            Assert.That(OneHotEncoder.Decode(matrix), Is.EqualTo("TGCANA"));
            Assert.That(OneHotEncoder.Decode(OneHotEncoder.ReverseComplement(matrix)), Is.EqualTo("TNTGCA"));
        }
    }

    [Test]
    public void EncodeToBytes_MatchesFloatArray()
    {
        string[] sequences = ["ACGTN", "NNAAT"];
        var bytes = OneHotEncoder.EncodeToBytes(sequences);
        var floats = OneHotEncoder.EncodeToArray(sequences);
        Assert.That(bytes.Select(b => (float)b).ToArray(), Is.EqualTo(floats));
    }

    [Test]
    public void EncodeInto_ClearsAndFillsDestination()
    {
        var destination = Enumerable.Repeat(9f, 8).ToArray();
        OneHotEncoder.EncodeInto("GT", destination);
        Assert.That(destination, Is.EqualTo(new float[] { 0, 0, 0, 0, 1, 0, 0, 1 }));
    }

    [Test]
    public void EncodeInto_WrongDestinationSizeThrowsWithParameterName()
    {
        Assert.That(() => OneHotEncoder.EncodeInto("ACG", new float[11]), Throws.ArgumentException.With.Property("ParamName").EqualTo("destination"));
    }

    [Test]
    public void Encode_UnequalLengthsThrowsNamingTheSequence()
    {
        Assert.That(
            () => OneHotEncoder.Encode(["ACGT", "ACGT", "AC"]),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences").And.Message.Contains("Sequence 2"));
    }

    [Test]
    public void Encode_InvalidArgumentsThrowWithParameterNames()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => OneHotEncoder.Encode(Array.Empty<string>()), Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
            Assert.That(() => OneHotEncoder.Encode(new string[] { "A", null! }), Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
            Assert.That(() => OneHotEncoder.Encode((string)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("sequence"));
            Assert.That(() => OneHotEncoder.Encode(["A"], ScalarType.Int64), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("dtype"));
        }
    }

    [Test]
    public void EncodeAndDecode_LeaveOnlyTheResultAlive()
    {
        using var scope = NewDisposeScope();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var encoded = OneHotEncoder.Encode(["ACGT", "GGCA"]);
        var afterEncode = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        _ = OneHotEncoder.Decode(encoded);
        var afterDecode = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterEncode, Is.EqualTo(before + 1));
            Assert.That(afterDecode, Is.EqualTo(afterEncode));
        }
    }

    [Test]
    public void Encode_ThousandKilobaseSequences_SetsOneBitPerKnownBase()
    {
        // Speed is measured by OneHotEncodingBenchmarks; this checks the bulk path's result.
        var random = new Random(7);
        var sequences = Enumerable.Range(0, 1000)
            .Select(_ => new string(Enumerable.Range(0, 1000).Select(_ => "ACGTN"[random.Next(5)]).ToArray()))
            .ToArray();
        using var scope = NewDisposeScope();
        var encoded = OneHotEncoder.Encode(sequences);
        var known = sequences.Sum(s => s.Count(c => c != 'N'));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(encoded.shape, Is.EqualTo(new long[] { 1000, 4, 1000 }));
            Assert.That(encoded.sum().item<float>(), Is.EqualTo((float)known));
            Assert.That(encoded[999, "ACGT".IndexOf(sequences[999][998], StringComparison.Ordinal) is var c and >= 0 ? c : 0, 998].item<float>(), Is.EqualTo(sequences[999][998] == 'N' ? 0f : 1f));
        }
    }
}
