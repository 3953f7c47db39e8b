using Genomics.Models.Abstractions;
using Genomics.Models.Adapters;
using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Tests.Serialization;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.PairedAllele;

/// <summary>Input layouts and the paired-model contract.</summary>
public sealed partial class PairedAlleleModelTests
{
    [Test]
    public void PairedEvaluation_EqualsStackedForward_AndWorksThroughPairedAlleleView()
    {
        using var model = Seeded(Tiny, seed: 14);
        model.eval();
        using var a = OneHot(3, 12, seed: 15);
        using var b = OneHot(3, 12, seed: 16);
        using var paired = model.Evaluate(a, b);
        using var stacked = model.Evaluate(PairedAlleleModel.Stack(a, b));
        using var view = new PairedAlleleView(model, PairedAlleleMode.VaryFirst, b);
        using var viewed = view.Evaluate(a);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TensorValues.Floats(stacked), Is.EqualTo(TensorValues.Floats(paired)));
            Assert.That(TensorValues.Floats(viewed), Is.EqualTo(TensorValues.Floats(paired)));
            Assert.That(((IPairedSequenceModel)model).Input.Channels, Is.EqualTo(4));
            Assert.That(model.Input.Channels, Is.EqualTo(8));
        }
    }

    [Test]
    public void FromAlleleLayout_PutsAlleleTimesFourPlusBaseOnTheChannels()
    {
        using var alleles = torch.arange(2 * 3 * 4 * 2, dtype: torch.float32).reshape(2, 3, 4, 2);
        using var stacked = PairedAlleleModel.FromAlleleLayout(alleles);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stacked.shape, Is.EqualTo(new long[] { 2, 8, 3 }));
            Assert.That(stacked[1, 6, 2].item<float>(), Is.EqualTo(alleles[1, 2, 2, 1].item<float>()));
            Assert.That(stacked[0, 3, 1].item<float>(), Is.EqualTo(alleles[0, 1, 3, 0].item<float>()));
        }
    }

    [Test]
    public void InvalidInputs_ThrowWithTheParameterName()
    {
        using var model = new PairedAlleleModel(Tiny);
        using var a = OneHot(2, 12, seed: 1);
        using var b = OneHot(3, 12, seed: 2);
        using var single = OneHot(2, 12, seed: 3);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => model.Evaluate(a, b), Throws.ArgumentException.With.Property("ParamName").EqualTo("second"));
            Assert.That(() => model.Evaluate(single), Throws.ArgumentException.With.Property("ParamName").EqualTo("input"));
        }
    }
}
