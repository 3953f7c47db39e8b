using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.IO;

[TestFixture]
[NonParallelizable]
public sealed class HistoneDatasetTests
{
    [Test]
    public void ToTensor_HasShapeNByMarksByBinsAndTheTableValues()
    {
        var dataset = HistoneTableReader.Read(SharedData.Path("deepchrome", "train.csv"));
        using var scope = NewDisposeScope();
        var tracks = dataset.ToTensor();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tracks.shape, Is.EqualTo(new long[] { 10, 5, 100 }));
            Assert.That(tracks.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(tracks[0, 3, 1].item<float>(), Is.EqualTo(8f), "train.csv line 2: 000003,2,1,2,2,8,0,1");
            Assert.That(tracks.sum().item<float>(), Is.EqualTo(dataset.Tracks.Sum()));
        }
    }

    [Test]
    public void LabelsTensor_HoldsOneLabelPerGene()
    {
        var dataset = HistoneTableReader.Read(SharedData.Path("deepchrome", "valid.csv"));
        using var scope = NewDisposeScope();
        var labels = dataset.LabelsTensor();
        var asFloat = dataset.LabelsTensor(ScalarType.Float32);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(labels.shape, Is.EqualTo(new long[] { 10 }));
            Assert.That(labels.dtype, Is.EqualTo(ScalarType.Int64));
            Assert.That(labels.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 0, 0, 0, 0, 0, 0, 0, 1, 0 }));
            Assert.That(asFloat.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(asFloat.sum().item<float>(), Is.EqualTo(2f));
        }
    }

    [Test]
    public void Constructor_MismatchedCountsThrowWithParameterNames()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new HistoneDataset(["a"], [1, 0], ["m"], 2, new float[2]), Throws.ArgumentException.With.Property("ParamName").EqualTo("labels"));
            Assert.That(() => new HistoneDataset(["a"], [1], ["m"], 2, new float[3]), Throws.ArgumentException.With.Property("ParamName").EqualTo("tracks"));
            Assert.That(() => new HistoneDataset(["a"], [1], ["m"], 0, []), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("binCount"));
        }
    }

    [Test]
    public void GetValue_OutOfRangeThrowsWithParameterName()
    {
        var dataset = new HistoneDataset(["a"], [1], ["m"], 2, [1f, 2f]);
        Assert.That(() => dataset.GetValue(0, 0, 2), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("bin"));
    }
}
