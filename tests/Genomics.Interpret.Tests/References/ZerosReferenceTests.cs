using Genomics.Interpret.References;
using NUnit.Framework;
using static Genomics.Interpret.Tests.References.ReferenceTestData;

namespace Genomics.Interpret.Tests.References;

[NonParallelizable]
public sealed class ZerosReferenceTests
{
    [Test]
    public void Generate_ReturnsZerosOfShapeNK4L()
    {
        using var x = OneHot("ACGTA", "TTTTT");
        using var references = new ZerosReference().Generate(x, 3, 0);
        using var absSum = references.abs().sum();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(references.shape, Is.EqualTo(new long[] { 2, 3, 4, 5 }));
            Assert.That(absSum.item<float>(), Is.Zero);
        }
    }

    [Test]
    public void Generate_RejectsZeroReferences() =>
        Assert.That(() => new ZerosReference().Generate(OneHot("ACGT"), 0, 0),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("referenceCount"));
}
