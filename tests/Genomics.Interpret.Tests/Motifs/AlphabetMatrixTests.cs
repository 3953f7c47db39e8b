using Genomics.Interpret.Motifs;
using Genomics.Models.Encoding;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Motifs;

/// <summary>The shared base of the probability, weight and contribution matrices.</summary>
public sealed class AlphabetMatrixTests
{
    private static readonly double[,] s_values =
    {
        { 0.1, -0.2, 0.3 },
        { 0.4, 0.5, -0.6 },
        { -0.7, 0.8, 0.9 },
        { 1.0, -1.1, 1.2 },
    };

    [Test]
    public void ReverseComplementAndSlice_ReturnTheDerivedTypeWithItsAlphabetAndBackground()
    {
        var background = new MotifBackground([0.1, 0.2, 0.3, 0.4]);
        var weights = new PositionWeightMatrix(s_values, background, Alphabet.Rna);
        var contributions = new ContributionMatrix(s_values, Alphabet.Rna);
        PositionWeightMatrix rcWeights = weights.ReverseComplement();
        PositionWeightMatrix sliceWeights = weights.Slice(1, 2);
        ContributionMatrix rcContributions = contributions.ReverseComplement();
        ContributionMatrix sliceContributions = contributions.Slice(0, 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rcWeights.Background[0], Is.EqualTo(background.Complement()[0]));
            Assert.That(rcWeights.Alphabet, Is.SameAs(Alphabet.Rna));
            Assert.That(rcWeights[3, 2], Is.EqualTo(0.1));
            Assert.That(rcWeights[0, 0], Is.EqualTo(1.2));
            Assert.That(sliceWeights.Background, Is.SameAs(background));
            Assert.That(sliceWeights.Width, Is.EqualTo(2));
            Assert.That(sliceWeights.ToArray(), Is.EqualTo(new double[,] { { -0.2, 0.3 }, { 0.5, -0.6 }, { 0.8, 0.9 }, { -1.1, 1.2 } }));
            Assert.That(rcContributions.ReverseComplement().ToArray(), Is.EqualTo(s_values));
            Assert.That(rcContributions.Alphabet, Is.SameAs(Alphabet.Rna));
            Assert.That(sliceContributions.ToArray(), Is.EqualTo(new double[,] { { 0.1 }, { 0.4 }, { -0.7 }, { 1.0 } }));
            Assert.That(new ContributionMatrix(s_values).Alphabet, Is.SameAs(Alphabet.Dna));
        }
    }

    [Test]
    public void ElementAccessAndSlice_RejectPositionsOutsideTheMatrix()
    {
        AlphabetMatrix<ContributionMatrix> matrix = new ContributionMatrix(s_values);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(matrix[2, 1], Is.EqualTo(0.8));
            Assert.That(() => matrix[4, 0], Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("letter"));
            Assert.That(() => matrix[0, 3], Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("position"));
            Assert.That(() => matrix.Slice(2, 2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("length"));
            Assert.That(() => matrix.Slice(-1, 1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("start"));
            Assert.That(() => new ContributionMatrix(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("values"));
            Assert.That(() => new PositionWeightMatrix(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("scores"));
        }
    }
}
