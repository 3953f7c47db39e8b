using Genomics.Interpret.References;
using NUnit.Framework;
using TorchSharp;
using static Genomics.Interpret.Tests.References.ReferenceTestData;

namespace Genomics.Interpret.Tests.References;

/// <summary>GenerateFrom: references for a piece of a larger input equal the whole input's references of the same
/// examples, so an input attributed in shards or chunks gets the references of one call.</summary>
[NonParallelizable]
public sealed class ReferencePieceTests
{
    private static IEnumerable<TestCaseData> Generators()
    {
        yield return new TestCaseData(new DinucleotideShuffle()).SetArgDisplayNames("DinucleotideShuffle");
        yield return new TestCaseData(new Shuffle()).SetArgDisplayNames("Shuffle");
        yield return new TestCaseData(new GcMatchedRandom()).SetArgDisplayNames("GcMatchedRandom");
        yield return new TestCaseData(new BinShuffle()).SetArgDisplayNames("BinShuffle");
        yield return new TestCaseData(new TrackMeans()).SetArgDisplayNames("TrackMeans");
        yield return new TestCaseData(ConstantReference.Zeros).SetArgDisplayNames("ConstantReference");
    }

    [TestCaseSource(nameof(Generators))]
    public void APieceStartingAtExampleF_GetsTheWholeInputsReferencesOfExamplesFOn(IReferenceGenerator generator)
    {
        var random = new Random(3);
        using var whole = OneHot(Enumerable.Range(0, 7).Select(_ => RandomBases(random, 40, "ACGT")).ToArray());
        using var all = generator.Generate(whole, 5, 17);
        using var piece = whole.narrow(0, 4, 3);
        using var pieceReferences = generator.GenerateFrom(piece, 5, 17, firstExample: 4);
        using var expected = all.narrow(0, 4, 3);
        Assert.That(pieceReferences.equal(expected).all().item<bool>(), Is.True);
        using var atZero = generator.GenerateFrom(whole, 5, 17, firstExample: 0);
        Assert.That(atZero.equal(all).all().item<bool>(), Is.True);
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.GenerateFrom(piece, 5, 17, firstExample: -1).Dispose());
    }

    [Test]
    public void AGeneratorOfOnesOwn_RefusesAPieceBeyondTheStart_NamingItself()
    {
        IReferenceGenerator own = new OwnGenerator();
        using var x = OneHot(["ACGTACGT"]);
        using var atZero = own.GenerateFrom(x, 2, 1, 0);
        Assert.That(atZero.shape, Is.EqualTo(new long[] { 1, 2, 4, 8 }));
        var error = Assert.Throws<NotSupportedException>(() => own.GenerateFrom(x, 2, 1, 3).Dispose());
        Assert.That(error!.Message, Does.Contain(nameof(OwnGenerator)).And.Contain("GenerateFrom"));
    }

    private sealed class OwnGenerator : IReferenceGenerator
    {
        public torch.Tensor Generate(torch.Tensor sequences, int referenceCount, long seed) =>
            torch.zeros(sequences.shape[0], referenceCount, sequences.shape[1], sequences.shape[2]);
    }
}
