using Genomics.Interpret.Neurons;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Neurons;

public sealed class MotifSegmentationTests
{
    private static double[,] Matrix(string pattern)
    {
        // 'N' = uniform column, a base letter = a pure column.
        var m = new double[4, pattern.Length];
        for (var j = 0; j < pattern.Length; j++)
        {
            for (var b = 0; b < 4; b++)
            {
                m[b, j] = pattern[j] == 'N' ? 5 : ("ACGT"[b] == pattern[j] ? 20 : 0);
            }
        }

        return m;
    }

    [Test]
    public void Segment_FindsInformativeRunsLongerThanFour()
    {
        var segments = MotifSegmentation.Segment(Matrix("NNNNNNNNNNCAGGTGNNNNNNNNNNTTANNNNNNN"));
        Assert.That(segments, Is.EqualTo(new[] { new MotifSegment(10, 16) }));
    }

    [Test]
    public void Segment_LongRunsAreDroppedAndBlocksSplitAfterTwentyBits()
    {
        var thirtyTwo = new string('A', 32);
        Assert.That(MotifSegmentation.Segment(Matrix("NNNN" + thirtyTwo + "NNNN")), Is.Empty);
        var twoMotifs = MotifSegmentation.Segment(Matrix("NN" + "ACGTACGTACGT" + "NNNNNN" + "GGGGCC" + "NN"));
        Assert.That(twoMotifs, Is.EqualTo(new[] { new MotifSegment(2, 14), new MotifSegment(20, 26) }));
    }

    [Test]
    public void Segment_BadMatrix_NamesArgument()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => MotifSegmentation.Segment(new double[3, 5]), Throws.ArgumentException.With.Property("ParamName").EqualTo("matrix"));
            Assert.That(() => MotifSegmentation.Segment(new double[4, 2] { { -1, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } }), Throws.ArgumentException.With.Property("ParamName").EqualTo("matrix"));
        }
    }
}
