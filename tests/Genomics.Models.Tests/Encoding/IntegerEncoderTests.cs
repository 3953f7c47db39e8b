using Genomics.Models.Encoding;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Encoding;

[TestFixture]
[NonParallelizable]
public sealed class IntegerEncoderTests
{
    [Test]
    public void Encode_MapsBasesToIndicesAndOthersToFour()
    {
        using var scope = NewDisposeScope();
        var encoded = IntegerEncoder.Encode(["ACGTN", "acguR"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(encoded.shape, Is.EqualTo(new long[] { 2, 5 }));
            Assert.That(encoded.dtype, Is.EqualTo(ScalarType.Int64));
            Assert.That(encoded.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 }));
        }
    }

    [Test]
    public void Encode_UsesConfiguredUnknownIndex()
    {
        Assert.That(IntegerEncoder.EncodeToArray("AN-T", unknownIndex: -100), Is.EqualTo(new long[] { 0, -100, -100, 3 }));
    }

    [Test]
    public void Decode_RoundTripsEncode()
    {
        using var scope = NewDisposeScope();
        var decoded = IntegerEncoder.Decode(IntegerEncoder.Encode(["ACGTNa", "ttNNgc"]));
        Assert.That(decoded, Is.EqualTo(new[] { "ACGTNA", "TTNNGC" }));
    }

    [Test]
    public void Decode_MatchesOneHotIndices()
    {
        const string Sequence = "GATTACANGC";
        using var scope = NewDisposeScope();
        var fromOneHot = OneHotEncoder.Encode(Sequence).argmax(1);
        var indices = IntegerEncoder.Encode(Sequence);
        var known = indices.lt(4);
        TensorAssert.AreEqual(indices.masked_select(known), fromOneHot.masked_select(known));
    }

    [TestCase(0)]
    [TestCase(3)]
    public void Encode_UnknownIndexAliasingABaseThrows(long unknownIndex)
    {
        Assert.That(
            () => IntegerEncoder.EncodeToArray("ACGT", unknownIndex),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("unknownIndex"));
    }

    [Test]
    public void Decode_FloatTensorThrowsWithParameterName()
    {
        using var scope = NewDisposeScope();
        var floats = zeros(1, 3);
        Assert.That(() => IntegerEncoder.Decode(floats), Throws.ArgumentException.With.Property("ParamName").EqualTo("indices"));
    }
}
