using Genomics.Models.Abstractions;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Abstractions;

[NonParallelizable]
public sealed class SequenceInputSpecTests
{
    [Test]
    public void Dna_HasFourChannelsInAcgtOrder()
    {
        var spec = SequenceInputSpec.Dna(100);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(spec.Kind, Is.EqualTo(InputKind.OneHot));
            Assert.That(spec.ChannelNames, Is.EqualTo(new[] { "A", "C", "G", "T" }));
            Assert.That(spec.Length, Is.EqualTo(100));
        }
    }

    [Test]
    public void Constructor_RejectsDuplicateChannelsAndBadLength()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new SequenceInputSpec(InputKind.Tracks, ["a", "a"], 3), Throws.ArgumentException.With.Property("ParamName").EqualTo("channelNames"));
            Assert.That(() => new SequenceInputSpec(InputKind.Tracks, [], 3), Throws.ArgumentException);
            Assert.That(() => new SequenceInputSpec(InputKind.Tracks, ["a"], 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("length"));
        }
    }

    [Test]
    public void Validate_NamesTheProblemAndTheParameter()
    {
        var spec = SequenceInputSpec.Dna(10);
        using var wrongChannels = torch.zeros(2, 5, 10);
        using var wrongLength = torch.zeros(2, 4, 11);
        using var wrongRank = torch.zeros(4, 10);
        using var empty = torch.zeros(0, 4, 10);
        using var ok = torch.zeros(2, 4, 10);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => spec.Validate(wrongChannels, "x"), Throws.ArgumentException.With.Message.Contains("4 channels").And.Property("ParamName").EqualTo("x"));
            Assert.That(() => spec.Validate(wrongLength, "x"), Throws.ArgumentException.With.Message.Contains("length 10"));
            Assert.That(() => spec.Validate(wrongRank, "x"), Throws.ArgumentException.With.Message.Contains("(N, C, L)"));
            Assert.That(() => spec.Validate(empty, "x"), Throws.ArgumentException.With.Message.Contains("empty"));
            Assert.That(() => spec.Validate(ok, "x"), Throws.Nothing);
        }
    }

    [Test]
    public void OutputSpec_IndexOf_FindsTargetsAndRejectsUnknown()
    {
        var output = new SequenceOutputSpec(["a", "b"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(output.IndexOf("b"), Is.EqualTo(1));
            Assert.That(() => output.IndexOf("c"), Throws.ArgumentException.With.Message.Contains("No target named 'c'"));
        }
    }
}
