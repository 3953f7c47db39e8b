using Genomics.Models.Serialization;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Serialization;

[TestFixture]
[NonParallelizable]
public sealed class CheckpointFileTests
{
    private static readonly TinyConvNetOptions s_options = new();
    private ScratchFolder _scratch = null!;

    private string _folder => _scratch.Root;

    [SetUp]
    public void CreateFolder() => _scratch = new ScratchFolder();

    [TearDown]
    public void DeleteFolder() => _scratch.Dispose();

    [Test]
    public void LoadInto_ModuleWithExtraLayer_ThrowsListingMissingKeysAndLeavesModuleUnchanged()
    {
        var file = Save(s_options);
        using var target = TinyConvNet.Create(s_options with { ExtraLayer = true }, seed: 2);
        var before = Snapshot(target);

        var error = Assert.Throws<CheckpointMismatchException>(() => file.LoadInto(target));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.MissingKeys, Is.EqualTo(new[] { "extra.weight", "extra.bias" }));
            Assert.That(error.UnexpectedKeys, Is.Empty);
            Assert.That(error.ShapeMismatches, Is.Empty);
            Assert.That(error.Message, Does.Contain("2 keys missing from the checkpoint: extra.weight; extra.bias").And.Contain(file.FilePath));
            Assert.That(Snapshot(target), Is.EqualTo(before));
        }
    }

    [Test]
    public void LoadInto_CheckpointWithExtraLayer_ThrowsListingUnexpectedKeys()
    {
        var file = Save(s_options with { ExtraLayer = true });
        using var target = TinyConvNet.Create(s_options, seed: 2);

        var error = Assert.Throws<CheckpointMismatchException>(() => file.LoadInto(target));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.UnexpectedKeys, Is.EqualTo(new[] { "extra.weight", "extra.bias" }));
            Assert.That(error.MissingKeys, Is.Empty);
            Assert.That(error.Message, Does.Contain("not in the module: extra.weight; extra.bias"));
        }
    }

    [Test]
    public void LoadInto_DifferentChannelCount_ThrowsListingKeysAndShapes()
    {
        var file = Save(s_options);
        using var target = TinyConvNet.Create(s_options with { Filters = 5 }, seed: 2);

        var error = Assert.Throws<CheckpointMismatchException>(() => file.LoadInto(target));

        var conv = error.ShapeMismatches.Single(m => m.Key == "conv.weight");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.ShapeMismatches.Select(m => m.Key), Is.EquivalentTo(new[]
            {
                "conv.weight", "conv.bias", "norm.weight", "norm.bias", "norm.running_mean", "norm.running_var", "head.weight",
            }));
            Assert.That(conv.CheckpointShape, Is.EqualTo(new long[] { 3, 4, 3 }));
            Assert.That(conv.ModuleShape, Is.EqualTo(new long[] { 5, 4, 3 }));
            Assert.That(error.Message, Does.Contain("conv.weight: checkpoint float32[3, 4, 3] vs module float32[5, 4, 3]"));
            Assert.That(error.Message, Does.Contain("7 keys with different shapes").And.Contain("and 2 more"));
        }
    }

    [Test]
    public void LoadInto_NotStrict_SkipsMissingAndUnexpectedKeysAndCopiesTheRest()
    {
        var file = Save(s_options with { ExtraLayer = true });
        using var target = TinyConvNet.Create(s_options, seed: 2);

        file.LoadInto(target, strict: false);

        using (Assert.EnterMultipleScope())
        {
            foreach (var (key, tensor) in target.state_dict())
            {
                using var stored = file.ReadTensor(key);
                Assert.That(TensorValues.Bytes(tensor), Is.EqualTo(TensorValues.Bytes(stored)), key);
            }
        }
    }

    [Test]
    public void LoadInto_NotStrict_StillRejectsShapeMismatches()
    {
        var file = Save(s_options);
        using var target = TinyConvNet.Create(s_options with { Filters = 5, ExtraLayer = true }, seed: 2);

        var error = Assert.Throws<CheckpointMismatchException>(() => file.LoadInto(target, strict: false));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.ShapeMismatches, Has.Count.EqualTo(7));
            Assert.That(error.MissingKeys, Is.Empty, "tolerated keys are not reported as problems");
        }
    }

    [Test]
    public void LoadInto_DifferentDtype_IsRejectedWhenStrictAndConvertedOtherwise()
    {
        var file = Save(s_options);
        using var target = TinyConvNet.Create(s_options, seed: 2);
        target.to(float64);

        var error = Assert.Throws<CheckpointMismatchException>(() => file.LoadInto(target));
        file.LoadInto(target, strict: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.DTypeMismatches.Select(m => m.Key), Does.Contain("conv.weight").And.Not.Contain("norm.num_batches_tracked"));
            Assert.That(error.DTypeMismatches[0].CheckpointDType, Is.EqualTo(ScalarType.Float32));
            Assert.That(error.DTypeMismatches[0].ModuleDType, Is.EqualTo(ScalarType.Float64));
            Assert.That(error.Message, Does.Contain("with different element types").And.Contain("checkpoint float32[3, 4, 3] vs module float64[3, 4, 3]"));
            using var stored = file.ReadTensor("conv.weight");
            var weight = target.state_dict()["conv.weight"];
            Assert.That(weight.dtype, Is.EqualTo(ScalarType.Float64));
            Assert.That(TensorValues.Floats(weight), Is.EqualTo(TensorValues.Floats(stored)));
        }
    }

    [Test]
    public void LoadInto_ManyProblems_MessageListsFirstFiveOfEachKindAndCountsTheRest()
    {
        using var empty = new DTypeZooModule(fill: false);
        var path = Path.Combine(_folder, "zoo.gckpt");
        Checkpoint.Save(path, empty, options: null);
        using var target = TinyConvNet.Create(s_options, seed: 2);

        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Read(path).LoadInto(target));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.MissingKeys, Has.Count.EqualTo(target.state_dict().Count));
            Assert.That(error.UnexpectedKeys, Has.Count.EqualTo(DTypeZooModule.Types.Length + 2));
            Assert.That(error.Message, Does.Contain("conv.weight; conv.bias; norm.weight; norm.bias; head.weight; ... and 4 more"));
            Assert.That(error.Message, Does.Contain("... and 9 more").And.Not.Contain("head.bias"));
        }
    }

    [Test]
    public void GetOptions_OtherOptionsType_ThrowsNamingBothTypes()
    {
        var file = Save(s_options);

        Assert.That(() => file.GetOptions<TinyHeadOptions>(), Throws.InvalidOperationException
            .With.Message.Contains(typeof(TinyConvNetOptions).FullName!).And.Message.Contains(typeof(TinyHeadOptions).FullName!));
    }

    [Test]
    public void Load_OtherOptionsType_ThrowsBeforeBuildingTheModel()
    {
        var file = Save(s_options);
        var built = false;

        Assert.That(() => Checkpoint.Load(file.FilePath, (TinyHeadOptions o) => { built = true; return TinyConvNet.Create(s_options, 1); }),
            Throws.InvalidOperationException.With.Message.Contains(nameof(TinyHeadOptions)));
        Assert.That(built, Is.False);
    }

    [Test]
    public void ReadTensor_ReturnsStoredValuesAndRejectsUnknownKeys()
    {
        using var model = TinyConvNet.Create(s_options, seed: 1);
        var file = Save(s_options, model);

        using var weight = file.ReadTensor("head.weight");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(TensorValues.Bytes(weight), Is.EqualTo(TensorValues.Bytes(model.state_dict()["head.weight"])));
            Assert.That(weight.device_type, Is.EqualTo(DeviceType.CPU));
            Assert.That(() => file.ReadTensor("head.missing"), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("head.missing"));
        }
    }

    private CheckpointFile Save(TinyConvNetOptions options, TinyConvNet? model = null)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".gckpt");
        using (var fresh = TinyConvNet.Create(options, seed: 1))
        {
            Checkpoint.Save(path, model ?? fresh, options);
        }
        return Checkpoint.Read(path);
    }

    private static List<float[]> Snapshot(TinyConvNet model) =>
        model.parameters().Select(p => p.data<float>().ToArray()).ToList();
}
