using Genomics.Interpret.Neurons;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Neurons;

public sealed class KMeansTests
{
    [Test]
    public void Cluster_SeparatedBlobs_AreRecoveredAndSeeded()
    {
        var random = new Random(5);
        var centres = new[] { (0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (10.0, 10.0) };
        var data = new float[200 * 2];
        var truth = new int[200];
        for (var i = 0; i < 200; i++)
        {
            truth[i] = i % 4;
            data[2 * i] = (float)(centres[i % 4].Item1 + random.NextDouble());
            data[(2 * i) + 1] = (float)(centres[i % 4].Item2 + random.NextDouble());
        }

        var labels = KMeans.Cluster(data, 200, 2, 4, new Random(1));
        var again = KMeans.Cluster(data, 200, 2, 4, new Random(1));
        using (Assert.EnterMultipleScope())
        {
            for (var c = 0; c < 4; c++)
            {
                Assert.That(Enumerable.Range(0, 200).Where(i => truth[i] == c).Select(i => labels[i]).Distinct().Count(), Is.EqualTo(1));
            }

            Assert.That(labels.Distinct().Count(), Is.EqualTo(4));
            Assert.That(again, Is.EqualTo(labels));
        }
    }
}
