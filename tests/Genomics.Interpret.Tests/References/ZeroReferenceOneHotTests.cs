using Genomics.Interpret.References;
using NUnit.Framework;
using static Genomics.Interpret.Tests.References.ReferenceTestData;

namespace Genomics.Interpret.Tests.References;

/// <summary><see cref="ConstantReference.Zeros"/> on one-hot input: the classic DeepLIFT all-zero reference (every column 'N').</summary>
[NonParallelizable]
public sealed class ZeroReferenceOneHotTests
{
    [Test]
    public void Generate_ReturnsZerosOfShapeNK4L()
    {
        using var x = OneHot("ACGTA", "TTTTT");
        using var references = ConstantReference.Zeros.Generate(x, 3, 0);
        using var absSum = references.abs().sum();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(references.shape, Is.EqualTo(new long[] { 2, 3, 4, 5 }));
            Assert.That(absSum.item<float>(), Is.Zero);
        }
    }

    [Test]
    public void Generate_RejectsZeroReferences() =>
        Assert.That(() => ConstantReference.Zeros.Generate(OneHot("ACGT"), 0, 0),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("referenceCount"));
}
