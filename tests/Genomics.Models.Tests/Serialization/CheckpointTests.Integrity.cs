using System.Buffers.Binary;
using System.Text;
using Genomics.Models.Serialization;
using NUnit.Framework;

namespace Genomics.Models.Tests.Serialization;

/// <summary>Integrity: corrupted, truncated and foreign files, and atomic writes.</summary>
public sealed partial class CheckpointTests
{
    [Test]
    public void Read_FlippedByteInTensorData_ThrowsCorruptNamingChecksum()
    {
        var path = SaveSample();
        var bytes = File.ReadAllBytes(path);
        using var stored = Checkpoint.Read(path).ReadTensor("head.weight");
        var weight = TensorValues.Bytes(stored);
        var index = bytes.AsSpan().IndexOf(weight);
        Assert.That(index, Is.GreaterThan(0));
        bytes[index + 5] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        Assert.That(() => Checkpoint.Read(path), Throws.TypeOf<CheckpointCorruptException>()
            .With.Message.Contains(path).And.Message.Contains("SHA-256 checksum does not match")
            .And.Property(nameof(CheckpointCorruptException.FilePath)).EqualTo(path));
    }

    [Test]
    public void Read_FlippedByteInChecksum_ThrowsCorruptNamingChecksum()
    {
        var path = SaveSample();
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        Assert.That(() => Checkpoint.Read(path), Throws.TypeOf<CheckpointCorruptException>()
            .With.Message.Contains(path).And.Message.Contains("SHA-256 checksum does not match"));
    }

    [Test]
    public void Read_FlippedByteInAlignmentPadding_ThrowsCorruptNamingChecksum()
    {
        var path = SaveSample();
        var tensors = Checkpoint.Read(path).Tensors;
        var (last, previous) = (tensors[^1], tensors[^2]);
        Assert.That(previous.Offset + previous.Length, Is.LessThan(last.Offset), "the sample needs padding before its last tensor");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length - 32 - last.Length - 1] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        Assert.That(() => Checkpoint.Read(path), Throws.TypeOf<CheckpointCorruptException>()
            .With.Message.Contains("SHA-256 checksum does not match"));
    }

    [Test]
    public void Read_FlippedByteInHeaderKey_ThrowsCorruptNamingChecksum()
    {
        var path = SaveSample();
        var bytes = File.ReadAllBytes(path);
        var key = System.Text.Encoding.UTF8.GetBytes("norm.running_var");
        var index = bytes.AsSpan().IndexOf(key);
        Assert.That(index, Is.GreaterThan(0));
        bytes[index] = (byte)'N';
        File.WriteAllBytes(path, bytes);

        Assert.That(() => Checkpoint.Read(path), Throws.TypeOf<CheckpointCorruptException>().With.Message.Contains("checksum"));
    }

    [TestCase(1)]
    [TestCase(33)]
    [TestCase(500)]
    public void Read_FileMissingTrailingBytes_ThrowsCorruptNamingTruncation(int missing)
    {
        var path = SaveSample();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^missing]);

        Assert.That(() => Checkpoint.Read(path), Throws.TypeOf<CheckpointCorruptException>()
            .With.Message.Contains(path).And.Message.Contains("truncated"));
    }

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(30)]
    [TestCase(100)]
    public void Read_FileCutToFewBytes_ThrowsCorruptNamingTruncation(int kept)
    {
        var path = SaveSample();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..kept]);

        Assert.That(() => Checkpoint.Read(path), Throws.TypeOf<CheckpointCorruptException>()
            .With.Message.Contains(path).And.Message.Contains("truncated"));
    }

    [Test]
    public void Read_NonCheckpointFile_ThrowsCorruptSayingItIsNotACheckpoint()
    {
        var path = Path.Combine(_folder, "peaks.bed");
        File.WriteAllText(path, "chr1\t100\t200\tpeak1\nchr1\t300\t400\tpeak2\nchr2\t10\t90\tpeak3\n");

        Assert.That(() => Checkpoint.Read(path), Throws.TypeOf<CheckpointCorruptException>()
            .With.Message.Contains(path).And.Message.Contains("not a checkpoint file").And.Message.Contains("6368723109313030"));
    }

    [Test]
    public void Read_NewerFormatVersion_ThrowsCorruptNamingBothVersions()
    {
        var path = SaveSample();
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2);
        File.WriteAllBytes(path, bytes);

        Assert.That(() => Checkpoint.Read(path), Throws.TypeOf<CheckpointCorruptException>()
            .With.Message.Contains("format version 2").And.Message.Contains("reads version 1"));
    }

    [Test]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.That(() => Checkpoint.Read(Path.Combine(_folder, "absent.gckpt")), Throws.TypeOf<FileNotFoundException>());
    }

    [Test]
    public void Save_OptionsThatCannotBeSerialised_KeepsPreviousFileAndLeavesNoTempFile()
    {
        var path = SaveSample();
        var previous = File.ReadAllBytes(path);
        using var model = TinyConvNet.Create(s_options, seed: 5);

        Assert.That(() => Checkpoint.Save(path, model, new ExplodingOptions()),
            Throws.InvalidOperationException.With.Message.EqualTo(ExplodingOptions.Failure));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(previous));
            Assert.That(Directory.GetFiles(_folder).Select(Path.GetFileName), Is.EqualTo(new[] { Path.GetFileName(path) }));
            Assert.That(Checkpoint.Read(path).Metadata["epoch"], Is.EqualTo("1"));
        }
    }

    [Test]
    public void Save_OverExistingCheckpoint_ReplacesItWholeAndLeavesNoTempFile()
    {
        var path = SaveSample();
        using var model = TinyConvNet.Create(s_options with { Filters = 7 }, seed: 5);

        Checkpoint.Save(path, model, s_options with { Filters = 7 }, new Dictionary<string, string> { ["epoch"] = "2" });

        var file = Checkpoint.Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Metadata["epoch"], Is.EqualTo("2"));
            Assert.That(file.GetOptions<TinyConvNetOptions>().Filters, Is.EqualTo(7));
            Assert.That(Directory.GetFiles(_folder), Has.Length.EqualTo(1));
        }
    }

    [Test]
    public void Save_IntoMissingFolder_ThrowsAndCreatesNothing()
    {
        using var model = TinyConvNet.Create(s_options, seed: 1);
        var path = Path.Combine(_folder, "absent", "model.gckpt");

        Assert.That(() => Checkpoint.Save(path, model, s_options), Throws.TypeOf<DirectoryNotFoundException>());
        Assert.That(Directory.GetFileSystemEntries(_folder), Is.Empty);
    }

    private string SaveSample()
    {
        using var model = TinyConvNet.Create(s_options, seed: 1);
        var path = Path.Combine(_folder, "sample.gckpt");
        Checkpoint.Save(path, model, s_options, new Dictionary<string, string> { ["epoch"] = "1" });
        return path;
    }

    /// <summary>Options whose serialisation fails part-way, standing in for any error while writing.</summary>
    private sealed class ExplodingOptions
    {
        public const string Failure = "This options object cannot be serialised.";

        private readonly int _channels = 4;

        public int Channels => _channels;

        public int Filters => _channels > 0 ? throw new InvalidOperationException(Failure) : _channels;
    }
}
