using Genomics.Models.Serialization.Keras;
using NUnit.Framework;

namespace Genomics.Models.Tests.Serialization.Keras;

public sealed class KerasModelConfigTests
{
    [Test]
    public void ReadFile_DeepDifESequential_ListsLayersAndInputShape()
    {
        var config = KerasModelConfig.ReadFile(KerasTestData.DeepDifEArchitecture);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config.ClassName, Is.EqualTo("Sequential"));
            Assert.That(config.InputShape, Is.EqualTo(new int?[] { 620, 4, 1 }));
            Assert.That(config.Layers, Has.Count.EqualTo(12));
            Assert.That(config.LayersOfClass("Conv2D").Select(l => l.Name), Is.EqualTo(new[] { "conv2d", "conv2d_1", "conv2d_2" }));
            Assert.That(config.LayersOfClass("Dense").Select(l => l.GetInt("units")), Is.EqualTo(new[] { 256, 128, 1 }));
            Assert.That(config.Layers[3].GetIntList("strides"), Is.EqualTo(new int?[] { 6, 1 }));
            Assert.That(config.Layers[3].GetString("padding"), Is.EqualTo("same"));
        }
    }

    [Test]
    public void Parse_FunctionalChainFromFullModelFile_ReadsInputShape()
    {
        var json = KerasWeightFile.Read(KerasTestData.NeuronMotifDemo1).ModelConfigJson!;
        var config = KerasModelConfig.Parse(json, "demo1");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config.ClassName, Is.EqualTo("Model"));
            Assert.That(config.InputShape, Is.EqualTo(new int?[] { 8, 4 }));
            Assert.That(config.Layers.Select(l => l.ClassName), Is.EqualTo(new[] { "Conv1D", "Activation", "MaxPooling1D", "Conv1D", "Activation", "Flatten" }));
        }
    }

    [Test]
    public void Parse_BranchingOrMalformedArchitecture_Throws()
    {
        const string branching = """
            {"class_name": "Model", "config": {"layers": [
              {"name": "in", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 10, 4]}, "inbound_nodes": []},
              {"name": "a", "class_name": "Conv1D", "config": {}, "inbound_nodes": [[["in", 0, 0, {}]]]},
              {"name": "b", "class_name": "Conv1D", "config": {}, "inbound_nodes": [[["in", 0, 0, {}]]]}]}}
            """;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => KerasModelConfig.Parse(branching, "branching.json"),
                Throws.InstanceOf<KerasImportException>().With.Message.Contains("branching.json").And.Message.Contains("layer 'b'").And.Message.Contains("single chain"));
            Assert.That(() => KerasModelConfig.Parse("{not json", "bad.json"), Throws.InstanceOf<KerasImportException>().With.Message.Contains("bad.json"));
            Assert.That(() => KerasModelConfig.Parse("""{"class_name": "Sequential"}""", "empty.json"), Throws.InstanceOf<KerasImportException>().With.Message.Contains("config.layers"));
            Assert.That(() => KerasModelConfig.ReadFile("/nonexistent/model.json"), Throws.InstanceOf<FileNotFoundException>());
        }
    }

    [Test]
    public void LayerAccessors_WrongTypeOrMissing_NameTheLayerAndProperty()
    {
        var dense = KerasModelConfig.ReadFile(KerasTestData.DeepDifEArchitecture).LayersOfClass("Dense")[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => dense.GetInt("activation"), Throws.InstanceOf<KerasImportException>().With.Message.Contains("'dense'").And.Message.Contains("'activation'"));
            Assert.That(() => dense.GetString("filters"), Throws.InstanceOf<KerasImportException>().With.Message.Contains("'filters' is missing"));
            Assert.That(dense.GetBool("use_bias", false), Is.True);
            Assert.That(dense.Has("bias_regularizer"), Is.False);
        }
    }
}
