using Genomics.Models.Serialization;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Serialization;

[TestFixture]
[NonParallelizable]
public sealed partial class CheckpointTests
{
    private static readonly TinyConvNetOptions s_options = new();
    private ScratchFolder _scratch = null!;

    private string _folder => _scratch.Root;

    [SetUp]
    public void CreateFolder() => _scratch = new ScratchFolder();

    [TearDown]
    public void DeleteFolder() => _scratch.Dispose();

    [Test]
    public void Save_ThenLoadIntoFreshModule_GivesIdenticalOutputs()
    {
        using var saved = TrainedModel(seed: 1);
        var path = Path.Combine(_folder, "model.gckpt");
        Checkpoint.Save(path, saved, s_options);

        using var fresh = TinyConvNet.Create(s_options, seed: 2);
        using var input = Input(seed: 3);
        using var expected = saved.call(input);
        using (var before = fresh.call(input))
        {
            Assert.That(TensorValues.Floats(before), Is.Not.EqualTo(TensorValues.Floats(expected)), "the fresh module should start from different weights");
        }
        Checkpoint.Read(path).LoadInto(fresh);
        fresh.eval();
        using var actual = fresh.call(input);

        Assert.That(TensorValues.Floats(actual), Is.EqualTo(TensorValues.Floats(expected)));
    }

    [Test]
    public void LoadInto_RestoresBatchNormRunningStatsExactly()
    {
        using var saved = TrainedModel(seed: 1);
        var path = Path.Combine(_folder, "model.gckpt");
        Checkpoint.Save(path, saved, s_options);
        using var fresh = TinyConvNet.Create(s_options, seed: 2);

        Checkpoint.Read(path).LoadInto(fresh);

        var expected = saved.state_dict();
        var actual = fresh.state_dict();
        Assert.That(actual.Keys, Is.EqualTo(expected.Keys));
        Assert.That(actual.Keys, Does.Contain("norm.running_mean").And.Contain("norm.running_var").And.Contain("norm.num_batches_tracked"));
        using (Assert.EnterMultipleScope())
        {
            foreach (var (key, tensor) in expected)
            {
                Assert.That(TensorValues.Bytes(actual[key]), Is.EqualTo(TensorValues.Bytes(tensor)), key);
            }
            Assert.That(actual["norm.num_batches_tracked"].item<long>(), Is.EqualTo(2));
        }
    }

    [Test]
    public void Read_ManifestListsEveryStateDictEntryWithDtypeShapeAndAlignedOffsets()
    {
        using var model = TinyConvNet.Create(s_options, seed: 1);
        var path = Path.Combine(_folder, "model.gckpt");
        Checkpoint.Save(path, model, s_options);

        var file = Checkpoint.Read(path);

        var expected = model.state_dict().Select(e => $"{e.Key}:{e.Value.dtype}:[{string.Join(",", e.Value.shape)}]");
        var actual = file.Tensors.Select(t => $"{t.Key}:{t.DType}:[{string.Join(",", t.Shape)}]");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual, Is.EqualTo(expected));
            Assert.That(file.Tensors.Select(t => t.Offset % 64), Is.All.EqualTo(0));
            Assert.That(file.Tensors.Select(t => t.Length), Is.EqualTo(model.state_dict().Values.Select(t => t.NumberOfElements * t.ElementSize)));
            Assert.That(file.FormatVersion, Is.EqualTo(Checkpoint.FormatVersion));
            Assert.That(file.FilePath, Is.EqualTo(Path.GetFullPath(path)));
            Assert.That(file.Writer, Does.StartWith("Genomics.Models ").And.Contain("TorchSharp "));
        }
    }

    [Test]
    public void Save_EveryElementType_RoundTripsBitExactly()
    {
        using var saved = new DTypeZooModule(fill: true);
        var path = Path.Combine(_folder, "zoo.gckpt");
        Checkpoint.Save(path, saved, options: null);
        using var fresh = new DTypeZooModule(fill: false);

        var file = Checkpoint.Read(path);
        file.LoadInto(fresh);

        var expected = saved.state_dict();
        var actual = fresh.state_dict();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Tensors.Select(t => t.DType).Take(DTypeZooModule.Types.Length), Is.EqualTo(DTypeZooModule.Types));
            Assert.That(file.Tensors.Single(t => t.Key == "scalar").Shape, Is.Empty);
            Assert.That(file.Tensors.Single(t => t.Key == "empty").Shape, Is.EqualTo(new long[] { 0, 3 }));
            Assert.That(actual["scalar"].item<float>(), Is.EqualTo(42.5f));
            foreach (var (key, tensor) in expected)
            {
                Assert.That(actual[key].dtype, Is.EqualTo(tensor.dtype), key);
                Assert.That(TensorValues.Bytes(actual[key]), Is.EqualTo(TensorValues.Bytes(tensor)), key);
            }
        }
    }

    [Test]
    public void GetOptions_RoundTripsRecordThroughJson()
    {
        var options = s_options with { Filters = 5, Pooling = TinyPooling.None, Name = "résumé \"quoted\"", Head = new(Targets: 3, Dropout: 0.125) };
        using var model = TinyConvNet.Create(options, seed: 1);
        var path = Path.Combine(_folder, "model.gckpt");
        Checkpoint.Save(path, model, options);

        var file = Checkpoint.Read(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.GetOptions<TinyConvNetOptions>(), Is.EqualTo(options));
            Assert.That(file.OptionsTypeName, Is.EqualTo(typeof(TinyConvNetOptions).FullName));
            Assert.That(file.OptionsJson, Does.Contain("\"Pooling\":\"None\""), "enums are stored by name");
        }
    }

    [Test]
    public void Metadata_RoundTrips()
    {
        var metadata = new Dictionary<string, string>
        {
            ["epoch"] = "12",
            ["validation.pearson"] = "0.8125",
            ["note"] = "naïve \"quotes\"\nand a newline",
            ["empty"] = string.Empty,
        };
        using var model = TinyConvNet.Create(s_options, seed: 1);
        var path = Path.Combine(_folder, "model.gckpt");
        var before = DateTimeOffset.UtcNow;
        Checkpoint.Save(path, model, s_options, metadata);

        var file = Checkpoint.Read(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Metadata, Is.EquivalentTo(metadata));
            Assert.That(file.CreatedUtc, Is.InRange(before, DateTimeOffset.UtcNow));
        }
    }

    [Test]
    public void Save_WithoutMetadataOrOptions_StoresNone()
    {
        using var model = TinyConvNet.Create(s_options, seed: 1);
        var path = Path.Combine(_folder, "model.gckpt");
        Checkpoint.Save(path, model, options: null);

        var file = Checkpoint.Read(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Metadata, Is.Empty);
            Assert.That(file.OptionsTypeName, Is.Null);
            Assert.That(file.OptionsJson, Is.Null);
            Assert.That(() => file.GetOptions<TinyConvNetOptions>(), Throws.InvalidOperationException.With.Message.Contains("holds no options"));
        }
    }

    [Test]
    public void Load_RebuildsModelFromStoredOptionsWithSavedWeights()
    {
        var options = s_options with { Filters = 6, ExtraLayer = true };
        using var saved = TinyConvNet.Create(options, seed: 1);
        saved.eval();
        var path = Path.Combine(_folder, "model.gckpt");
        Checkpoint.Save(path, saved, options);

        using var loaded = Checkpoint.Load(path, (TinyConvNetOptions o) => TinyConvNet.Create(o, seed: 9));
        loaded.eval();
        using var input = Input(seed: 3);
        using var expected = saved.call(input);
        using var actual = loaded.call(input);

        Assert.That(TensorValues.Floats(actual), Is.EqualTo(TensorValues.Floats(expected)));
    }

    [Test]
    public void SaveAndLoad_LeaveModuleStateAndLiveTensorCountUnchanged()
    {
        using var model = TinyConvNet.Create(s_options, seed: 1);
        using var other = TinyConvNet.Create(s_options, seed: 2);
        var path = Path.Combine(_folder, "model.gckpt");
        Checkpoint.Save(path, model, s_options);
        Checkpoint.Read(path).LoadInto(other);
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Checkpoint.Save(path, model, s_options);
        Checkpoint.Read(path).LoadInto(other);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(liveBefore));
            Assert.That(model.training, Is.True);
            Assert.That(other.training, Is.True);
            Assert.That(other.parameters().Select(p => p.requires_grad), Is.All.True);
            Assert.That(other.parameters().Select(p => p.device_type), Is.All.EqualTo(DeviceType.CPU));
        }
    }

    [Test]
    public void Save_InvalidArguments_ThrowWithParameterName()
    {
        using var model = TinyConvNet.Create(s_options, seed: 1);
        var metadata = new Dictionary<string, string> { ["epoch"] = null! };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => Checkpoint.Save(" ", model, null), Throws.ArgumentException.With.Property("ParamName").EqualTo("path"));
            Assert.That(() => Checkpoint.Save(Path.Combine(_folder, "a"), null!, null), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("module"));
            Assert.That(() => Checkpoint.Save(Path.Combine(_folder, "a"), model, null, metadata),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("metadata").And.Message.Contains("epoch"));
        }
        Assert.That(Directory.GetFiles(_folder), Is.Empty);
    }

    /// <summary>A model after two training-mode passes, so its BatchNorm running stats differ from their initial values; left in eval mode.</summary>
    private static TinyConvNet TrainedModel(long seed)
    {
        var model = TinyConvNet.Create(s_options, seed);
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
        {
            model.call(Input(seed + 100));
            model.call(Input(seed + 200));
        }
        model.eval();
        return model;
    }

    private static Tensor Input(long seed)
    {
        using var generator = new Generator((ulong)seed);
        return torch.randn([5, s_options.Channels, s_options.Length], generator: generator);
    }
}
