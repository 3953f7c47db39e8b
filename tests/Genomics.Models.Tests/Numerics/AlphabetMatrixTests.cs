using Genomics.Models.Numerics;
using NUnit.Framework;

namespace Genomics.Models.Tests.Numerics;

public sealed class AlphabetMatrixTests
{
    // Rows A, C, G, T; columns are positions. Column 0 is "A", column 1 "C", column 2 "G" with weight 0.5 on T.
    private static readonly double[,] s_matrix =
    {
        { 1.0, 0.0, 0.0 },
        { 0.0, 1.0, 0.0 },
        { 0.0, 0.0, 0.5 },
        { 0.0, 0.0, 0.5 },
    };

    [Test]
    public void ReverseComplement_Rectangular_ReversesPositionsAndSwapsComplements()
    {
        var rc = AlphabetMatrix.ReverseComplement(s_matrix);

        // "AC(G/T)" reverse-complements to "(C/A)GT".
        double[,] expected =
        {
            { 0.5, 0.0, 0.0 },
            { 0.5, 0.0, 0.0 },
            { 0.0, 1.0, 0.0 },
            { 0.0, 0.0, 1.0 },
        };
        Assert.That(rc, Is.EqualTo(expected));
    }

    [Test]
    public void ReverseComplement_Flat_MatchesTheRectangularLayout()
    {
        const int width = 3;
        var flat = new double[4 * width];
        for (var a = 0; a < 4; a++)
        {
            for (var w = 0; w < width; w++)
            {
                flat[(a * width) + w] = s_matrix[a, w];
            }
        }

        var rc = AlphabetMatrix.ReverseComplement<double>(flat, width);
        var expected = AlphabetMatrix.ReverseComplement(s_matrix);
        using (Assert.EnterMultipleScope())
        {
            for (var a = 0; a < 4; a++)
            {
                for (var w = 0; w < width; w++)
                {
                    Assert.That(rc[(a * width) + w], Is.EqualTo(expected[a, w]), $"letter {a}, position {w}");
                }
            }
        }
    }

    [Test]
    public void ReverseComplement_TwiceGivesBackTheInput()
    {
        var random = new Random(3);
        var flat = Enumerable.Range(0, 4 * 7).Select(_ => random.Next(-50, 50)).ToArray();
        var matrix = new float[4, 5];
        for (var a = 0; a < 4; a++)
        {
            for (var w = 0; w < 5; w++)
            {
                matrix[a, w] = (float)random.NextDouble();
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(AlphabetMatrix.ReverseComplement<int>(AlphabetMatrix.ReverseComplement<int>(flat, 7), 7), Is.EqualTo(flat));
            Assert.That(AlphabetMatrix.ReverseComplement(AlphabetMatrix.ReverseComplement(matrix)), Is.EqualTo(matrix));
            Assert.That(AlphabetMatrix.ReverseComplement<int>(flat, 7), Is.Not.EqualTo(flat));
        }
    }

    [Test]
    public void ReverseComplement_RejectsShapesThatAreNotFourByW()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => AlphabetMatrix.ReverseComplement(new double[3, 2]), Throws.ArgumentException.With.Property("ParamName").EqualTo("matrix"));
            Assert.That(() => AlphabetMatrix.ReverseComplement<double>(new double[9], 2), Throws.ArgumentException.With.Property("ParamName").EqualTo("width"));
        }
    }

    [Test]
    public void Slice_KeepsTheRequestedPositionsOfEveryLetter()
    {
        // 4 × 4, value = 10·letter + position.
        var flat = Enumerable.Range(0, 16).Select(i => (double)((10 * (i / 4)) + (i % 4))).ToArray();

        var slice = AlphabetMatrix.Slice<double>(flat, 4, 1, 2);

        Assert.That(slice, Is.EqualTo(new double[] { 1, 2, 11, 12, 21, 22, 31, 32 }));
    }

    [Test]
    public void Slice_RejectsEmptyOrOutOfRangeSpans()
    {
        var flat = new double[16];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => AlphabetMatrix.Slice<double>(flat, 4, -1, 2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("start"));
            Assert.That(() => AlphabetMatrix.Slice<double>(flat, 4, 0, 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("length"));
            Assert.That(() => AlphabetMatrix.Slice<double>(flat, 4, 3, 2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("length"));
            Assert.That(AlphabetMatrix.Slice<double>(flat, 4, 3, 1), Has.Length.EqualTo(4));
        }
    }
}
