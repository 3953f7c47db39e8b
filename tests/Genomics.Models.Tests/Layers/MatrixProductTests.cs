using Genomics.Models.Layers;
using NUnit.Framework;

namespace Genomics.Models.Tests.Layers;

public sealed unsafe class MatrixProductTests
{
    [TestCase(1, 1, 1, false, 1)]
    [TestCase(12, 32, 7, false, 1)]           // exactly one tile
    [TestCase(13, 33, 385, true, 1)]          // one past a tile, a panel and a depth block
    [TestCase(250, 70, 800, false, 1)]        // several row blocks and depth blocks
    [TestCase(250, 70, 800, true, 2)]         // rows split over two threads
    [TestCase(5, 300, 19, true, 3)]           // fewer rows than a tile
    public void Multiply_EqualsTheFloat64Product(int m, int n, int k, bool accumulate, int threads)
    {
        if (!MatrixProduct.IsSupported)
        {
            Assert.Ignore("This processor has no AVX-512.");
        }

        var random = new Random(m * 1000 + n + k);
        // A transposed in memory (column-major, padded rows) to exercise both strides; B row-major with padding.
        var lda = m + 3;
        var a = Enumerable.Range(0, lda * k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var ldb = n + 5;
        var b = Enumerable.Range(0, k * ldb).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var ldc = n + 2;
        var c = Enumerable.Range(0, m * ldc).Select(_ => (float)random.NextDouble()).ToArray();
        var initial = (float[])c.Clone();
        fixed (float* pa = a, pb = b, pc = c)
        {
            using var packed = new MatrixProduct.PackedPanels(k, n, new MatrixProduct.Operand(pb, ldb, 1));
            MatrixProduct.Multiply(m, new MatrixProduct.Operand(pa, 1, lda), packed, pc, ldc, accumulate, threads);
        }

        var worst = 0.0;
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < ldc; j++)
            {
                if (j >= n)
                {
                    Assert.That(c[(i * ldc) + j], Is.EqualTo(initial[(i * ldc) + j]), $"padding ({i}, {j}) written");
                    continue;
                }

                var expected = accumulate ? initial[(i * ldc) + j] : 0.0;
                for (var p = 0; p < k; p++)
                {
                    expected += (double)a[(p * lda) + i] * b[(p * ldb) + j];
                }

                worst = Math.Max(worst, Math.Abs(expected - c[(i * ldc) + j]) / Math.Sqrt(k + 1));
            }
        }

        Assert.That(worst, Is.LessThan(1e-6));
    }

    [Test]
    public void PackedPanels_RejectEmptyShapes_AndUseAfterDispose()
    {
        if (!MatrixProduct.IsSupported)
        {
            Assert.Ignore("This processor has no AVX-512.");
        }

        var b = new float[4];
        fixed (float* pb = b)
        {
            var operand = new MatrixProduct.Operand(pb, 2, 1);
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MatrixProduct.PackedPanels(0, 2, operand));
            var packed = new MatrixProduct.PackedPanels(2, 2, operand);
            packed.Dispose();
            Assert.Throws<ObjectDisposedException>(() => packed.Panel(0, 0));
        }
    }
}
