using System.IO.Compression;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Compute;
using Genomics.Models.Serialization;
using Genomics.Models.Serialization.PyTorch;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Serialization.PyTorch;

[TestFixture]
[NonParallelizable]
public sealed class PyTorchWeightsTests
{
    private const float Tolerance = 1e-5f;
    private ScratchFolder _scratch = null!;

    [SetUp]
    public void CreateFolder() => _scratch = new ScratchFolder();

    [TearDown]
    public void DeleteFolder() => _scratch.Dispose();

    private static IEnumerable<TestCaseData> Twins()
    {
        yield return new TestCaseData("deepallele_tiny", "deepallele_tiny.pt", (Func<ISequenceModel>)(() => new PairedAlleleModel(PyTorchFixtures.DeepAllele))).SetName("DeepAllele SeparateMultiHeadResidualCNN (.pt)");
        yield return new TestCaseData("deepallele_tiny", "deepallele_tiny_protocol4.pt", (Func<ISequenceModel>)(() => new PairedAlleleModel(PyTorchFixtures.DeepAllele))).SetName("DeepAllele SeparateMultiHeadResidualCNN (.pt, pickle protocol 4)");
        yield return new TestCaseData("attentivechrome_tiny", "attentivechrome_tiny.pth", (Func<ISequenceModel>)(() => new AttentiveChromeModel(PyTorchFixtures.AttentiveChrome))).SetName("AttentiveChrome v2 att_chrome (.pth)");
        yield return new TestCaseData("cnngru_tiny", "cnngru_tiny.ckpt", (Func<ISequenceModel>)(() => new CnnGruModel(PyTorchFixtures.CnnGru))).SetName("CombMotif saluki_torch, Lightning checkpoint with model. prefix (.ckpt)");
        yield return new TestCaseData("basset_tiny", "basset_tiny.safetensors", (Func<ISequenceModel>)(() => new BassetModel(PyTorchFixtures.Basset))).SetName("PyTorch Basset port (.safetensors)");
        yield return new TestCaseData("basset_tiny", "basset_tiny.bin", (Func<ISequenceModel>)(() => new BassetModel(PyTorchFixtures.Basset))).SetName("PyTorch Basset port (.bin)");
    }

    [TestCaseSource(nameof(Twins))]
    public void LoadInto_TwinWeights_ForwardEqualsTheTwin(string fixture, string file, Func<ISequenceModel> build)
    {
        var expected = PyTorchFixtures.Of(fixture);
        using var model = Seeded(build);
        PyTorchWeights.LoadInto(model, PyTorchFixtures.Path(file));

        Assert.That(PyTorchFixtures.Forward(model, expected), Is.EqualTo(expected.Output).Within(Tolerance));
    }

    [TestCaseSource(nameof(Twins))]
    public void Save_ThenLoad_RoundTripsBothFormatsInTheOriginalNames(string fixture, string file, Func<ISequenceModel> build)
    {
        var expected = PyTorchFixtures.Of(fixture);
        using var source = Seeded(build);
        PyTorchWeights.LoadInto(source, PyTorchFixtures.Path(file));
        foreach (var format in new[] { "weights.pt", "weights.safetensors" })
        {
            var path = _scratch.PathOf(format);
            PyTorchWeights.Save(path, source);
            using (var state = PyTorchWeights.Read(path))
            using (var original = PyTorchWeights.Read(PyTorchFixtures.Path(file)))
            {
                // The export carries the original's names: every twin key is there, with the same shape.
                var written = state.Tensors.ToDictionary(t => t.Key, t => t.Value.shape);
                foreach (var (key, tensor) in original.Tensors)
                {
                    var name = key.StartsWith("model.", StringComparison.Ordinal) ? key["model.".Length..] : key;
                    Assert.That(written.ContainsKey(name), Is.True, $"{format} lacks '{name}'");
                    Assert.That(written[name], Is.EqualTo(tensor.shape), name);
                }
            }

            using var copy = Seeded(build, seed: 5);
            PyTorchWeights.LoadInto(copy, path);
            Assert.That(PyTorchFixtures.Forward(copy, expected), Is.EqualTo(expected.Output).Within(Tolerance), format);
        }
    }

    [Test]
    public void Read_LightningCheckpoint_TakesItsStateDictAndDropsTheRest()
    {
        using var state = PyTorchWeights.Read(PyTorchFixtures.Path("cnngru_tiny.ckpt"));

        Assert.That(state.Format, Is.EqualTo(PyTorchWeightFormat.TorchSave));
        Assert.That(state.Keys, Has.All.StartsWith("model."));
        Assert.That(state.Keys, Does.Contain("model.rnn.gru.weight_ih_l0").And.Contain("model.bn1.num_batches_tracked"));
    }

    [Test]
    public void LoadInto_ExplicitPrefix_IsStripped()
    {
        var expected = PyTorchFixtures.Of("cnngru_tiny");
        using var model = new CnnGruModel(PyTorchFixtures.CnnGru);
        PyTorchWeights.LoadInto(model, PyTorchFixtures.Path("cnngru_tiny.ckpt"), prefix: "model.");

        Assert.That(PyTorchFixtures.Forward(model, expected), Is.EqualTo(expected.Output).Within(Tolerance));
    }

    [Test]
    public void Read_MaliciousPickle_IsRefusedNamingFileAndGlobal_AndNothingRuns()
    {
        const string marker = "/tmp/genomics-malicious-pickle-ran";
        File.Delete(marker);
        var path = PyTorchFixtures.Path("malicious.pt");

        var error = Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.Read(path).Dispose())!;

        Assert.Multiple(() =>
        {
            Assert.That(error.RefusedGlobal, Is.EqualTo("posix.system"));
            Assert.That(error.Message, Does.Contain(path).And.Contain("posix.system"));
            Assert.That(error.FilePath, Is.EqualTo(path));
            Assert.That(File.Exists(marker), Is.False, "the pickle's command must not run");
        });
    }

    [Test]
    public void LoadInto_MaliciousPickle_LeavesTheModelUnchanged()
    {
        using var model = new BassetModel(PyTorchFixtures.Basset);
        var before = model.Module.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.LoadInto(model, PyTorchFixtures.Path("malicious.pt")));

        foreach (var (key, tensor) in model.Module.state_dict())
        {
            Assert.That(tensor.eq(before[key]).all().item<bool>(), Is.True, key);
            before[key].Dispose();
        }
    }

    private static IEnumerable<TestCaseData> HostilePickles()
    {
        // Protocol 4: builtins.eval through STACK_GLOBAL, called by REDUCE.
        yield return new TestCaseData(Pickle([0x80, 4], Short("builtins"), Short("eval"), [0x93], Short("open('/tmp/genomics-eval-ran', 'w')"), [0x85, (byte)'R', (byte)'.']), "builtins.eval")
            .SetName("STACK_GLOBAL builtins.eval");
        // Protocol 2: a class built with no arguments by NEWOBJ (what a ClassDict fallback would accept).
        yield return new TestCaseData(Pickle([0x80, 2, (byte)'c'], "subprocess\nPopen\n"u8.ToArray(), [(byte)')', 0x81, (byte)'.']), "subprocess.Popen")
            .SetName("NEWOBJ subprocess.Popen");
        // INST names its class inline.
        yield return new TestCaseData(Pickle([(byte)'(', (byte)'i'], "os\nsystem\n"u8.ToArray(), [(byte)'.']), "os.system")
            .SetName("INST os.system");
    }

    [TestCaseSource(nameof(HostilePickles))]
    public void Read_PickleNamingAnyOtherGlobal_IsRefusedBeforeAnythingIsBuilt(byte[] pickle, string global)
    {
        var path = WriteArchive("hostile.pt", pickle);

        var error = Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.Read(path).Dispose())!;

        Assert.That(error.RefusedGlobal, Is.EqualTo(global));
        Assert.That(error.Message, Does.Contain(path).And.Contain(global).And.Contain("hostile/data.pkl"));
        Assert.That(File.Exists("/tmp/genomics-eval-ran"), Is.False);
    }

    [Test]
    public void Read_TextProtocolOpcode_IsRefusedAsUnsupported()
    {
        var path = WriteArchive("text.pt", "I1\n."u8.ToArray());

        var error = Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.Read(path).Dispose())!;

        Assert.That(error.Message, Does.Contain("opcode 0x49").And.Contain("not supported"));
        Assert.That(error.RefusedGlobal, Is.Null);
    }

    [Test]
    public void Read_PickleThatContainsItself_IsRefusedWithoutOverflowingTheStack()
    {
        // A list appended to itself through the memo: [[[...]]].
        var path = WriteArchive("cycle.pt", [0x80, 2, (byte)']', (byte)'q', 0, (byte)'h', 0, (byte)'a', (byte)'.']);

        var error = Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.Read(path).Dispose())!;

        Assert.That(error.Message, Does.Contain("contains itself"));
    }

    [Test]
    public void Read_PickleOfSomethingElseThanAStateDict_IsRefused()
    {
        var path = WriteArchive("list.pt", [0x80, 2, (byte)']', (byte)'.']);

        var error = Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.Read(path).Dispose())!;

        Assert.That(error.Message, Does.Contain("not a state dict"));
    }

    [TestCase(0.5)]
    [TestCase(0.95)]
    public void Read_TruncatedArchive_IsRefusedWithTheTypedError(double keep)
    {
        var bytes = File.ReadAllBytes(PyTorchFixtures.Path("deepallele_tiny.pt"));
        var path = _scratch.PathOf("truncated.pt");
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);

        var error = Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.Read(path).Dispose())!;

        Assert.That(error.Message, Does.Contain(path).And.Contain("truncated or corrupt"));
    }

    [Test]
    public void Read_CorruptStorageBytes_AreRefusedWithTheTypedError()
    {
        var path = _scratch.PathOf("corrupt.pt");
        File.Copy(PyTorchFixtures.Path("deepallele_tiny.pt"), path);
        long offset;
        using (var archive = ZipFile.OpenRead(path))
        {
            // Stored entries: the data of conv0.0.weight lie after the local header; flip bytes there so the CRC fails.
            var entry = archive.Entries.First(e => e.FullName.EndsWith("/data/0", StringComparison.Ordinal));
            offset = FindLocalData(File.ReadAllBytes(path), entry.FullName);
        }

        var bytes = File.ReadAllBytes(path);
        for (var i = 0; i < 8; i++)
        {
            bytes[offset + i] ^= 0x5a;
        }

        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.Read(path).Dispose())!;

        Assert.That(error.Message, Does.Contain(path).And.Contain("data/0"));
    }

    [Test]
    public void Read_NotAWeightFile_IsRefusedWithTheTypedError()
    {
        var path = _scratch.PathOf("text.pt");
        File.WriteAllText(path, "hello, these are not weights");

        var error = Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.Read(path).Dispose())!;

        Assert.That(error.Message, Does.Contain(path).And.Contain("neither a torch.save zip archive nor a safetensors file"));
    }

    [Test]
    public void Read_TruncatedSafetensors_IsRefusedNamingTheTensor()
    {
        var bytes = File.ReadAllBytes(PyTorchFixtures.Path("basset_tiny.safetensors"));
        var path = _scratch.PathOf("truncated.safetensors");
        File.WriteAllBytes(path, bytes[..(bytes.Length - 16)]);

        var error = Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.Read(path).Dispose())!;

        Assert.That(error.Message, Does.Contain(path).And.Contain("truncated or corrupt"));
        Assert.That(error.Entry, Is.Not.Null);
    }

    [Test]
    public void LoadInto_ShapeMismatch_NamesTheParameter_AndLeavesTheModelUnchanged()
    {
        using var model = new PairedAlleleModel(PyTorchFixtures.DeepAllele with { HiddenSize = 6 });
        using var before = model.Module.state_dict()["fc0.0.weight"].clone();

        var error = Assert.Throws<CheckpointMismatchException>(() => PyTorchWeights.LoadInto(model, PyTorchFixtures.Path("deepallele_tiny.pt")))!;

        Assert.That(error.ShapeMismatches.Select(m => m.Key), Does.Contain("fc0.0.weight"));
        Assert.That(error.Message, Does.Contain("fc0.0.weight: checkpoint float32[5, 32] vs module float32[6, 32]"));
        Assert.That(model.Module.state_dict()["fc0.0.weight"].eq(before).all().item<bool>(), Is.True);
    }

    [Test]
    public void LoadInto_NameMismatch_NamesOriginalAndOurKeys()
    {
        var path = _scratch.PathOf("renamed.safetensors");
        using (var model = new AttentiveChromeModel(PyTorchFixtures.AttentiveChrome))
        {
            PyTorchWeights.Save(path, model);
        }

        // Rename one tensor inside the header (same length, so the offsets stay valid).
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var at = text.IndexOf("fdiff1_1.weight", StringComparison.Ordinal);
        System.Text.Encoding.UTF8.GetBytes("fdiffX_1.weight").CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);

        using var target = new AttentiveChromeModel(PyTorchFixtures.AttentiveChrome);
        var error = Assert.Throws<CheckpointMismatchException>(() => PyTorchWeights.LoadInto(target, path))!;

        Assert.That(error.MissingKeys, Is.EqualTo(new[] { "fdiff1_1.weight (output.weight)" }));
        Assert.That(error.UnexpectedKeys, Is.EqualTo(new[] { "fdiffX_1.weight" }));
        Assert.That(error.Message, Does.Contain(path).And.Contain("AttentiveChrome v2"));
    }

    [Test]
    public void Save_AttentiveChrome_WritesTheOriginalNamesAndColumnShapes()
    {
        var path = _scratch.PathOf("attentivechrome.pt");
        using var model = new AttentiveChromeModel(PyTorchFixtures.AttentiveChrome);
        PyTorchWeights.Save(path, model);

        using var state = PyTorchWeights.Read(path);
        var shapes = state.Tensors.ToDictionary(t => t.Key, t => t.Value.shape);
        Assert.That(shapes["rnn_hms.4.bin_attention.bin_context_vector"], Is.EqualTo(new long[] { 8, 1 }));
        Assert.That(shapes["hm_level_rnn_1.bin_attention.bin_context_vector"], Is.EqualTo(new long[] { 4, 1 }));
        Assert.That(shapes.Keys, Does.Contain("rnn_hms.0.rnn.weight_hh_l0_reverse").And.Contain("fdiff1_1.bias"));
    }

    [Test]
    public void Save_WithOwnNames_KeepsThisLibrarysKeys()
    {
        var path = _scratch.PathOf("own.safetensors");
        using var model = new AttentiveChromeModel(PyTorchFixtures.AttentiveChrome);
        PyTorchWeights.Save(path, model, originalNames: false);

        using var state = PyTorchWeights.Read(path);
        Assert.That(state.Keys, Is.EqualTo(model.Module.state_dict().Keys));
    }

    [Test]
    public void Basset_Conv2dKernelsOfAPort_AreReadByReshaping()
    {
        var expected = PyTorchFixtures.Of("basset_tiny");
        var path = _scratch.PathOf("conv2d.safetensors");
        using (var twin = new BassetModel(PyTorchFixtures.Basset))
        {
            PyTorchWeights.LoadInto(twin, PyTorchFixtures.Path("basset_tiny.safetensors"));
            using var scope = torch.NewDisposeScope();
            var state = twin.Module.state_dict().Select(p => new KeyValuePair<string, torch.Tensor>(
                PyTorchNameMapping.For(twin).ToOriginal(p.Key),
                p.Key.StartsWith("convs.", StringComparison.Ordinal) && p.Key.EndsWith(".weight", StringComparison.Ordinal) ? p.Value.unsqueeze(-1) : p.Value)).ToList();
            using var stream = File.Create(path);
            SafetensorsFormat.Write(stream, state, null);
        }

        using var model = new BassetModel(PyTorchFixtures.Basset);
        PyTorchWeights.LoadInto(model, path);

        Assert.That(PyTorchFixtures.Forward(model, expected), Is.EqualTo(expected.Output).Within(Tolerance));
    }

    [Test]
    public void ModelCatalog_LoadsAPyTorchStateDictWhenTheArchitectureIsNamed()
    {
        var path = _scratch.PathOf("deepchrome.safetensors");
        using (var saved = ModelCatalog.Create("deepchrome"))
        {
            PyTorchWeights.Save(path, saved);
            using var loaded = ModelCatalog.Load(path, "deepchrome:published");
            foreach (var (key, tensor) in saved.Module.state_dict())
            {
                Assert.That(loaded.Module.state_dict()[key].eq(tensor).all().item<bool>(), Is.True, key);
            }
        }

        var error = Assert.Throws<InvalidOperationException>(() => ModelCatalog.Load(path).Dispose())!;
        Assert.That(error.Message, Does.Contain("--architecture").Or.Contain("architecture"));
    }

    private static IEnumerable<TestCaseData> EveryArchitecture() =>
        ModelCatalog.Entries.SelectMany(e => e.Presets.Keys.Take(1).Select(p => new TestCaseData(e.Name, p).SetName($"every zoo architecture: {e.Name}:{p}")));

    [TestCaseSource(nameof(EveryArchitecture))]
    public void EveryZooArchitecture_ExportsAndLoadsBack(string name, string preset)
    {
        var path = _scratch.PathOf(name + ".safetensors");
        using var saved = Seeded(() => ModelCatalog.Create(name, preset), seed: 11);
        PyTorchWeights.Save(path, saved);

        using var loaded = ModelCatalog.Load(path, $"{name}:{preset}");

        var original = saved.Module.state_dict();
        foreach (var (key, tensor) in loaded.Module.state_dict())
        {
            Assert.That(tensor.eq(original[key]).all().item<bool>(), Is.True, key);
        }
    }

    [Test]
    public void ModelCatalog_LoadPyTorch_TakesOptions()
    {
        var expected = PyTorchFixtures.Of("deepallele_tiny");
        using var model = ModelCatalog.LoadPyTorch(PyTorchFixtures.Path("deepallele_tiny.pt"), "pairedallele", PyTorchFixtures.DeepAllele);

        Assert.That(PyTorchFixtures.Forward(model, expected), Is.EqualTo(expected.Output).Within(Tolerance));
    }

    [Test]
    public void Read_DisposesEveryTensorItCreated()
    {
        var before = TorchTestEnvironment.LiveTensors;
        using (var state = PyTorchWeights.Read(PyTorchFixtures.Path("cnngru_tiny.ckpt")))
        {
            Assert.That(state.Tensors, Is.Not.Empty);
        }

        Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.Read(PyTorchFixtures.Path("malicious.pt")).Dispose());
        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
    }

    private string WriteArchive(string name, byte[] pickle)
    {
        var path = _scratch.PathOf(name);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        var stem = Path.GetFileNameWithoutExtension(name);
        using (var stream = archive.CreateEntry(stem + "/data.pkl").Open())
        {
            stream.Write(pickle);
        }

        using (var stream = archive.CreateEntry(stem + "/version").Open())
        {
            stream.Write("3\n"u8);
        }

        return path;
    }

    private static byte[] Short(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return [0x8c, (byte)bytes.Length, .. bytes];
    }

    private static byte[] Pickle(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static ISequenceModel Seeded(Func<ISequenceModel> build, long seed = 3)
    {
        using var seedScope = new TorchSeedScope(seed);
        return build();
    }

    private static long FindLocalData(byte[] zip, string name)
    {
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 30 < zip.Length; i++)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 3 && zip[i + 3] == 4)
            {
                int nameLength = BitConverter.ToUInt16(zip, i + 26);
                int extraLength = BitConverter.ToUInt16(zip, i + 28);
                if (nameLength == nameBytes.Length && zip.AsSpan(i + 30, nameLength).SequenceEqual(nameBytes))
                {
                    return i + 30 + nameLength + extraLength;
                }
            }
        }

        throw new InvalidOperationException(name + " not found");
    }
}
