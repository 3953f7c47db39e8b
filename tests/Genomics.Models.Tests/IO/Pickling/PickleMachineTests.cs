using System.IO.Compression;
using Genomics.Models.IO;
using Genomics.Models.IO.Pickling;
using Genomics.Models.Serialization.PyTorch;
using Genomics.Models.Tests.Serialization.PyTorch;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO.Pickling;

/// <summary>
/// The one pickle interpreter under its two policies (numpy data for <see cref="PickleReader"/>, <c>torch.save</c> state
/// dicts for <see cref="PyTorchWeights"/>): a global one policy allows is refused by the other with that policy's typed
/// error, and the machine never hands a refused global to a policy.
/// </summary>
[TestFixture]
public sealed class PickleMachineTests
{
    [TestCase("arrays_p2.pkl", "numpy.core.multiarray._reconstruct")]
    [TestCase("arrays_p4.pkl", "numpy.core.multiarray._reconstruct")]
    public void TorchPolicy_RefusesANumpyPickle_NamingFileEntryAndGlobal(string fixture, string global)
    {
        var data = File.ReadAllBytes(OriginalFormatFixtures.Path(fixture));
        Assert.That(PickleReader.AllowedGlobals, Does.Contain(global), "the numpy policy reads this global");

        var error = Assert.Throws<PyTorchWeightsException>(() => TorchStateDictPolicy.Read(data, "weights.pt", "weights/data.pkl"))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.RefusedGlobal, Is.EqualTo(global));
            Assert.That(error.FilePath, Is.EqualTo("weights.pt"));
            Assert.That(error.Entry, Is.EqualTo("weights/data.pkl"));
            Assert.That(error.Message, Does.Contain("weights.pt").And.Contain("weights/data.pkl").And.Contain(global));
        }
    }

    [Test]
    public void PyTorchWeights_ANumpyArrayInsideATorchArchive_IsRefusedWithTheTypedError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"genomics-numpy-in-torch-{Guid.NewGuid():N}.pt");
        try
        {
            using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                using var stream = archive.CreateEntry("numpy/data.pkl").Open();
                stream.Write(File.ReadAllBytes(OriginalFormatFixtures.Path("arrays_p2.pkl")));
            }

            var error = Assert.Throws<PyTorchWeightsException>(() => PyTorchWeights.Read(path).Dispose())!;

            Assert.That(error.RefusedGlobal, Is.EqualTo("numpy.core.multiarray._reconstruct"));
            Assert.That(error.Message, Does.Contain(path).And.Contain("numpy/data.pkl"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void NumpyPolicy_RefusesATorchStateDict_NamingTheGlobalAndItsOffset()
    {
        var data = ReadEntry(PyTorchFixtures.Path("deepallele_tiny.pt"), "data.pkl");

        var error = Assert.Throws<PickleGlobalRefusedException>(() => PickleReader.Read(data, "state.pkl"))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Global, Is.EqualTo("collections.OrderedDict"));
            Assert.That(error.File, Is.EqualTo("state.pkl"));
            Assert.That(data[(int)error.Offset!.Value], Is.EqualTo((byte)'c').Or.EqualTo((byte)0x93), "the offset is the GLOBAL or STACK_GLOBAL opcode");
            Assert.That(error.Message, Does.StartWith($"state.pkl: byte {error.Offset}: ").And.Contain("'collections.OrderedDict'"));
        }
    }

    [TestCase("torch._utils", "_rebuild_tensor_v2")]
    [TestCase("torch", "FloatStorage")]
    [TestCase("collections", "OrderedDict")]
    [TestCase("pytorch_lightning.utilities.parsing", "AttributeDict")]
    public void NumpyPolicy_RefusesEveryTorchGlobal(string module, string name)
    {
        byte[] data = [0x80, 2, (byte)'c', .. System.Text.Encoding.ASCII.GetBytes($"{module}\n{name}\n"), (byte)'.'];

        var error = Assert.Throws<PickleGlobalRefusedException>(() => PickleReader.Read(data, "torch.pkl"))!;

        Assert.That(error.Global, Is.EqualTo($"{module}.{name}"));
        Assert.That(error.Offset, Is.EqualTo(2));
    }

    [TestCase("numpy", "dtype")]
    [TestCase("_codecs", "encode")]
    [TestCase("builtins", "set")]
    public void TorchPolicy_RefusesNumpysPlainDataHelpersToo(string module, string name)
    {
        byte[] data = [0x80, 2, (byte)'c', .. System.Text.Encoding.ASCII.GetBytes($"{module}\n{name}\n"), (byte)'.'];

        var error = Assert.Throws<PyTorchWeightsException>(() => TorchStateDictPolicy.Read(data, "w.pt", "w/data.pkl"))!;

        Assert.That(error.RefusedGlobal, Is.EqualTo($"{module}.{name}"));
    }

    [Test]
    public void TextOpcodes_AreReadUnderTheNumpyPolicyAndRefusedUnderTheTorchPolicy()
    {
        var data = "I7\n."u8.ToArray();

        Assert.That(PickleReader.Read(data), Is.EqualTo(7L));
        Assert.That(() => TorchStateDictPolicy.Read(data, "w.pt", "w/data.pkl"),
            Throws.TypeOf<PyTorchWeightsException>().With.Message.Contains("opcode 0x49").And.Message.Contains("not supported"));
    }

    [Test]
    public void NewObjAndPersistentIds_AreReadOnlyByThePolicyThatAsksForThem()
    {
        // collections.OrderedDict built by NEWOBJ with no arguments: an empty dict to torch, an unread opcode to numpy
        // (which refuses the global before it reaches NEWOBJ).
        byte[] newObj = [0x80, 2, (byte)'c', .. "collections\nOrderedDict\n"u8.ToArray(), (byte)')', 0x81, (byte)'.'];
        Assert.That(TorchStateDictPolicy.Read(newObj, "w.pt", "w/data.pkl"), Is.InstanceOf<Dictionary<object, object?>>().And.Empty);

        // A persistent id that is not a storage: torch refuses its shape, numpy the opcode.
        byte[] persistent = [0x80, 2, (byte)'K', 1, (byte)'Q', (byte)'.'];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => TorchStateDictPolicy.Read(persistent, "w.pt", "w/data.pkl"),
                Throws.TypeOf<PyTorchWeightsException>().With.Message.Contains("persistent id is not a ('storage'"));
            Assert.That(() => PickleReader.Read(persistent),
                Throws.TypeOf<PickleFormatException>().With.Message.Contains("opcode BINPERSID"));
        }
    }

    [Test]
    public void Inst_IsRefusedEvenForAGlobalThePolicyAllows()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => PickleReader.Read("(inumpy\nndarray\n."u8.ToArray()),
                Throws.TypeOf<PickleGlobalRefusedException>().With.Property(nameof(PickleGlobalRefusedException.Global)).EqualTo("numpy.ndarray"));
            Assert.That(() => TorchStateDictPolicy.Read([0x80, 2, .. "(icollections\nOrderedDict\n."u8.ToArray()], "w.pt", "w/data.pkl"),
                Throws.TypeOf<PyTorchWeightsException>().With.Property(nameof(PyTorchWeightsException.RefusedGlobal)).EqualTo("collections.OrderedDict"));
        }
    }

    [Test]
    public void RefusedGlobal_NeverReachesThePolicy()
    {
        // os.system('x') through GLOBAL, MARK, STRING, TUPLE, REDUCE.
        var policy = new RecordingPolicy();

        var error = Assert.Throws<InvalidOperationException>(() => PickleMachine.Read("cos\nsystem\n(S'x'\ntR."u8.ToArray(), policy))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Message, Is.EqualTo("refused os.system at byte 0"));
            Assert.That(policy.Asked, Is.EqualTo(new[] { "os.system" }));
            Assert.That(policy.Calls, Is.Zero, "no REDUCE, NEWOBJ, BUILD or persistent id reached the policy");
        }
    }

    [Test]
    public void LengthFieldsBeyondThePickle_AreRefusedBeforeAnythingIsAllocated()
    {
        // BINBYTES8 claiming 2^31 - 1 bytes, and BINUNICODE8 claiming 2^62, in a 12-byte pickle.
        byte[] bytes8 = [0x80, 4, 0x8e, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, (byte)'.'];
        byte[] unicode8 = [0x80, 4, 0x8d, 0, 0, 0, 0, 0, 0, 0, 0x40, (byte)'.'];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => PickleReader.Read(bytes8), Throws.TypeOf<PickleFormatException>().With.Message.Contains("truncated: BINBYTES8 needs 2147483647 more byte(s)"));
            Assert.That(() => TorchStateDictPolicy.Read(bytes8, "w.pt", "w/data.pkl"), Throws.TypeOf<PyTorchWeightsException>().With.Message.Contains("truncated"));
            Assert.That(() => PickleReader.Read(unicode8), Throws.TypeOf<PickleFormatException>().With.Message.Contains("more than one array can hold"));
        }
    }

    [Test]
    public void DictsKeepTheirInsertionOrder()
    {
        // {'b': 1, 'a': 2, 'c': 3} by EMPTY_DICT, MARK, SETITEMS: the order a state dict's keys are listed in.
        byte[] data = [0x80, 2, (byte)'}', (byte)'(', 0x8c, 1, (byte)'b', (byte)'K', 1, 0x8c, 1, (byte)'a', (byte)'K', 2, 0x8c, 1, (byte)'c', (byte)'K', 3, (byte)'u', (byte)'.'];

        var numpy = (Dictionary<object, object?>)PickleReader.Read(data)!;
        var torch = (Dictionary<object, object?>)TorchStateDictPolicy.Read(data, "w.pt", "w/data.pkl")!;

        Assert.That(numpy.Keys, Is.EqualTo(new[] { "b", "a", "c" }));
        Assert.That(torch.Keys, Is.EqualTo(new[] { "b", "a", "c" }));
    }

    private static byte[] ReadEntry(string archivePath, string suffix)
    {
        using var archive = ZipFile.OpenRead(archivePath);
        var entry = archive.Entries.Single(e => e.FullName.EndsWith("/" + suffix, StringComparison.Ordinal));
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Allows nothing and records what it is asked; any other call counts as a call the machine should not make.</summary>
    private sealed class RecordingPolicy : PicklePolicy
    {
        public List<string> Asked { get; } = [];

        public int Calls { get; private set; }

        public override object? Allow(string module, string name)
        {
            Asked.Add(module + "." + name);
            return null;
        }

        public override object? Reduce(PickleMachine machine, PickleGlobal callable, object?[] args)
        {
            Calls++;
            return null;
        }

        public override void Build(PickleMachine machine, object? target, object? state) => Calls++;

        public override Exception Error(long offset, string reason) => new InvalidDataException($"byte {offset}: {reason}");

        public override Exception RefuseGlobal(long offset, string module, string name) =>
            new InvalidOperationException($"refused {module}.{name} at byte {offset}");
    }
}
