using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Tests.Serialization;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.PairedAllele;

[NonParallelizable]
public sealed class SingleAlleleModelTests
{
    [Test]
    public void Forward_GivesOneNonNegativeCountPerSequence_WithTheSharedTrunkKeys()
    {
        using var model = new SingleAlleleModel(PairedAlleleModelTests.Tiny);
        model.eval();
        using var x = PairedAlleleModelTests.OneHot(5, 12, seed: 1);
        using var y = model.Evaluate(x);
        var keys = model.state_dict().Keys.ToArray();
        var modules = model.named_modules().Select(m => m.name).ToHashSet(StringComparer.Ordinal);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 5, 1 }));
            Assert.That(TensorValues.Floats(y), Is.All.GreaterThanOrEqualTo(0f));
            Assert.That(keys, Does.Contain("conv0.0.weight").And.Contain("convlayers.3._module.2.running_var").And.Contain("out.0.weight"));
            Assert.That(keys.Where(k => k.StartsWith("ratio", StringComparison.Ordinal) || k.StartsWith("counts", StringComparison.Ordinal)), Is.Empty);
            Assert.That(model.Layers.Select(l => l.Name).Where(n => !modules.Contains(n)), Is.Empty);
            Assert.That(model.Layers[^1].Name, Is.EqualTo("out.1"));
        }
    }

    [Test]
    public void Trunk_MatchesThePairedModelWhenWeightsAreShared()
    {
        // The paired model's count for an allele is the single model's pre-ReLU output when both share weights.
        using var paired = PairedAlleleModelTests.Seeded(PairedAlleleModelTests.Tiny, seed: 2);
        using var single = new SingleAlleleModel(PairedAlleleModelTests.Tiny);
        var state = paired.state_dict()
            .Where(kv => !kv.Key.StartsWith("ratio", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key.Replace("counts_out.", "out.", StringComparison.Ordinal), kv => kv.Value);
        single.load_state_dict(state);
        paired.eval();
        single.eval();
        using var a = PairedAlleleModelTests.OneHot(3, 12, seed: 3);
        using var b = PairedAlleleModelTests.OneHot(3, 12, seed: 4);
        using var pairedOutput = paired.Evaluate(a, b);
        using var singleOutput = single.Evaluate(a);
        using var expected = torch.nn.functional.relu(pairedOutput.narrow(1, 0, 1));
        Assert.That(TensorValues.Floats(singleOutput), Is.EqualTo(TensorValues.Floats(expected)).Within(1e-6));
    }
}
