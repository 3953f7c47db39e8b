using Genomics.Interpret.References;
using Genomics.Models.Abstractions;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.References;

[NonParallelizable]
public sealed class TrackReferenceTests
{
    private static Tensor Tracks(long n = 3, long c = 2, long l = 7, long seed = 1) => torch.rand(n, c, l, generator: new Generator((ulong)seed)) * 5;

    [Test]
    public void ConstantReference_FillsEveryElement()
    {
        using var x = Tracks();
        using var refs = ConstantReference.Uniform.Generate(x, 2, seed: 9);
        using var zeros = ConstantReference.Zeros.Generate(x, 1, seed: 9);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refs.shape, Is.EqualTo(new long[] { 3, 2, 2, 7 }));
            Assert.That(refs.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(refs.data<float>().ToArray(), Is.All.EqualTo(0.25f));
            Assert.That(zeros.data<float>().ToArray(), Is.All.EqualTo(0f));
            Assert.That(() => new ConstantReference(float.NaN), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("value"));
        }
    }

    [Test]
    public void TrackMeans_HoldEachTracksMeanOverBins()
    {
        using var x = Tracks();
        using var refs = new TrackMeans().Generate(x, 2, seed: 0);
        using var expected = x.mean([2], keepdim: true).unsqueeze(1).expand(3, 2, 2, 7).contiguous();
        Assert.That(refs.data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()).Within(1e-5));
    }

    [Test]
    public void BinShuffle_PermutesBinsJointlyAcrossTracks()
    {
        using var x = Tracks(n: 2, c: 3, l: 9);
        using var refs = new BinShuffle().Generate(x, 3, seed: 4);
        var input = x.data<float>().ToArray();
        var output = refs.data<float>().ToArray();
        for (var i = 0; i < 2; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                // Each reference column is an input column: find it by the first track, check the others follow.
                for (var p = 0; p < 9; p++)
                {
                    var v = output[(((((i * 3) + k) * 3) + 0) * 9) + p];
                    var source = Enumerable.Range(0, 9).Single(q => input[(((i * 3) + 0) * 9) + q] == v);
                    for (var ch = 1; ch < 3; ch++)
                    {
                        Assert.That(output[(((((i * 3) + k) * 3) + ch) * 9) + p], Is.EqualTo(input[(((i * 3) + ch) * 9) + source]));
                    }
                }
            }
        }
    }

    [Test]
    public void BinShuffle_IsReproducibleBatchInvariantAndSeedDependent()
    {
        using var x = Tracks(n: 4, c: 2, l: 12);
        var generator = new BinShuffle();
        using var a = generator.Generate(x, 2, seed: 3);
        using var b = generator.Generate(x, 2, seed: 3);
        using var c = generator.Generate(x, 2, seed: 4);
        using var first = x.narrow(0, 0, 1);
        using var alone = generator.Generate(first, 2, seed: 3);
        using var slice = a.narrow(0, 0, 1).contiguous();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.data<float>().ToArray(), Is.EqualTo(b.data<float>().ToArray()));
            Assert.That(a.data<float>().ToArray(), Is.Not.EqualTo(c.data<float>().ToArray()));
            Assert.That(alone.data<float>().ToArray(), Is.EqualTo(slice.data<float>().ToArray()));
        }
    }

    [Test]
    public void Supports_TellsWhichInputKindsEachGeneratorAccepts()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((IReferenceGenerator)new DinucleotideShuffle()).Supports(InputKind.Tracks), Is.False);
            Assert.That(((IReferenceGenerator)new DinucleotideShuffle()).Supports(InputKind.OneHot), Is.True);
            Assert.That(((IReferenceGenerator)new Shuffle()).Supports(InputKind.Tracks), Is.False);
            Assert.That(new BinShuffle().Supports(InputKind.Tracks), Is.True);
            Assert.That(new TrackMeans().Supports(InputKind.Tracks), Is.True);
            Assert.That(ConstantReference.Zeros.Supports(InputKind.Tracks), Is.True);
            Assert.That(ConstantReference.Zeros.Supports(InputKind.OneHot), Is.True);
        }
    }

    [Test]
    public void InvalidInputs_NameTheArgument()
    {
        using var flat = torch.zeros(3, 4);
        using var x = Tracks();
        using var infinite = torch.full(1, 2, 3, float.PositiveInfinity);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new BinShuffle().Generate(flat, 1, 0), Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
            Assert.That(() => new TrackMeans().Generate(x, 0, 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("referenceCount"));
            Assert.That(() => ConstantReference.Zeros.Generate(infinite, 1, 0), Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
        }
    }
}
