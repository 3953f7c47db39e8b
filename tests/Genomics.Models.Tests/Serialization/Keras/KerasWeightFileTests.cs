using Genomics.Models.Serialization.Keras;
using NUnit.Framework;
using PureHDF;

namespace Genomics.Models.Tests.Serialization.Keras;

public sealed class KerasWeightFileTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "keras-weight-file-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Read_WeightOnlyFile_ListsLayerGroupsInOrderWithKerasShapes()
    {
        var file = KerasWeightFile.Read(KerasTestData.DeepDifEWeights);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.IsFullModel, Is.False);
            Assert.That(file.KerasVersion, Is.EqualTo("2.11.0"));
            Assert.That(file.Backend, Is.EqualTo("tensorflow"));
            Assert.That(file.Layers.Select(l => l.Name), Is.EqualTo(new[]
            {
                "conv2d", "max_pooling2d", "dropout", "conv2d_1", "dropout_1", "conv2d_2", "dropout_2", "flatten", "dense", "dropout_3", "dense_1", "dense_2",
            }));
            Assert.That(file.GetLayer("conv2d").Weights.Select(w => $"{w.Name} {w.FormatShape()}"), Is.EqualTo(new[] { "conv2d/kernel:0 [12, 4, 1, 64]", "conv2d/bias:0 [64]" }));
            Assert.That(file.GetLayer("conv2d_2").GetWeight("kernel").Shape, Is.EqualTo(new[] { 6, 1, 64, 32 }));
            Assert.That(file.GetLayer("dense").GetWeight("kernel").Shape, Is.EqualTo(new[] { 96, 256 }));
            Assert.That(file.GetLayer("dropout").Weights, Is.Empty);
        }
    }

    [Test]
    public void Read_FullModelFile_ExposesModelConfigAndBatchNormStatistics()
    {
        var file = KerasWeightFile.Read(KerasTestData.NeuronMotifDemo2);
        var norm = file.GetLayer("batch_normalization_1");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.IsFullModel, Is.True);
            Assert.That(file.ModelConfigJson, Does.Contain("\"batch_normalization_5\""));
            Assert.That(file.Layers, Has.Count.EqualTo(21));
            Assert.That(file.HasLayer("optimizer_weights"), Is.False);
            Assert.That(norm.Weights.Select(w => w.ShortName), Is.EqualTo(new[] { "gamma", "beta", "moving_mean", "moving_variance" }));
            Assert.That(norm.Weights.Select(w => w.Shape[0]), Is.All.EqualTo(5));
            Assert.That(norm.GetWeight("moving_variance").Values, Is.All.GreaterThan(0f));
            Assert.That(file.GetLayer("conv1d_1").GetWeight("kernel").Shape, Is.EqualTo(new[] { 7, 4, 5 }));
        }
    }

    [Test]
    public void Read_FileWrittenInKerasLayout_RoundTripsValuesInRowMajorOrderAndConvertsFloat64()
    {
        var path = Path.Combine(_folder, "weights.h5");
        var file = new H5File
        {
            ["dense_9"] = new H5Group
            {
                ["dense_9"] = new H5Group
                {
                    ["kernel:0"] = new float[,] { { 1, 2, 3 }, { 4, 5, 6 } },
                    ["bias:0"] = new double[] { 0.5, -0.25, 8 },
                },
                Attributes = new() { ["weight_names"] = new[] { "dense_9/kernel:0", "dense_9/bias:0" } },
            },
            ["flatten_2"] = new H5Group(),
        };
        file.Attributes["layer_names"] = new[] { "flatten_2", "dense_9" };
        file.Attributes["keras_version"] = "2.4.0";
        file.Write(path);

        var read = KerasWeightFile.Read(path);
        var dense = read.GetLayer("dense_9");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Layers.Select(l => l.Name), Is.EqualTo(new[] { "flatten_2", "dense_9" }));
            Assert.That(read.KerasVersion, Is.EqualTo("2.4.0"));
            Assert.That(read.GetLayer("flatten_2").Weights, Is.Empty);
            Assert.That(dense.GetWeight("kernel").Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(dense.GetWeight("kernel").Values, Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }));
            Assert.That(dense.GetWeight("bias").Values, Is.EqualTo(new float[] { 0.5f, -0.25f, 8 }));
        }
    }

    [Test]
    public void Read_BadFiles_ThrowNamingTheFile()
    {
        var text = Path.Combine(_folder, "not-hdf5.h5");
        File.WriteAllText(text, "this is not an HDF5 file");
        var plain = Path.Combine(_folder, "plain.h5");
        new H5File { ["data"] = new float[] { 1, 2 } }.Write(plain);
        var missingGroup = Path.Combine(_folder, "missing-group.h5");
        var broken = new H5File();
        broken.Attributes["layer_names"] = new[] { "conv1d_1" };
        broken.Write(missingGroup);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => KerasWeightFile.Read(Path.Combine(_folder, "absent.h5")), Throws.InstanceOf<FileNotFoundException>());
            Assert.That(() => KerasWeightFile.Read(text), Throws.InstanceOf<KerasImportException>().With.Message.Contains(text).And.Message.Contains("HDF5"));
            Assert.That(() => KerasWeightFile.Read(plain), Throws.InstanceOf<KerasImportException>().With.Message.Contains(plain).And.Message.Contains("layer_names"));
            Assert.That(() => KerasWeightFile.Read(missingGroup), Throws.InstanceOf<KerasImportException>().With.Message.Contains("'conv1d_1'").And.Message.Contains("group is missing"));
            Assert.That(() => KerasWeightFile.Read(" "), Throws.InstanceOf<ArgumentException>());
        }
    }

    [Test]
    public void GetLayerAndGetWeight_Unknown_ListWhatExists()
    {
        var file = KerasWeightFile.Read(KerasTestData.NeuronMotifDemo1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => file.GetLayer("dense"), Throws.InstanceOf<KerasImportException>().With.Message.Contains("conv1d_1, activation_1"));
            Assert.That(() => file.GetLayer("conv1d_2").GetWeight("gamma"),
                Throws.InstanceOf<KerasImportException>().With.Message.Contains("conv1d_2/kernel:0 [2, 3, 1]").And.Message.Contains(KerasTestData.NeuronMotifDemo1));
            Assert.That(file.GetLayer("conv1d_2").HasWeight("bias"), Is.True);
        }
    }
}
