using Genomics.Models.Abstractions;
using Genomics.Models.Adapters;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Architectures.NeuronMotifDemo;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Serialization.Keras;

/// <summary>
/// The imported published models against an independent numpy forward pass written on the HDF5 arrays in Keras
/// layout (tools/reference/keras_forward_reference.py → keras_forward_reference.json).
/// </summary>
/// <remarks>
/// Tolerances: in float64 both sides compute the same sums in different orders from the same float32 weights, so they
/// agree to about 1e-12 — any layout error (kernel transposition, flatten order, padding side) moves outputs by far
/// more. In float32 (the library's default) rounding in sums over a few hundred terms moves logits of magnitude up
/// to ~15 by a few 1e-6, so probabilities and logits are compared within 1e-5 (relative for logits above 1).
/// </remarks>
[NonParallelizable]
public sealed class KerasForwardReferenceTests
{
    private const double Float64Tolerance = 1e-9;
    private const double Float32Tolerance = 1e-5;

    [Test]
    public void DeepDifE_Float64_MatchesReferenceLogitsExactly()
    {
        var cases = KerasTestData.Reference.Models["deepdife"].Cases;
        using var model = DeepDifEModel.FromKeras(KerasTestData.DeepDifEArchitecture, KerasTestData.DeepDifEWeights);
        model.to(ScalarType.Float64);
        using var x = KerasTestData.OneHot(cases.Select(c => c.Sequence).ToArray(), ScalarType.Float64);
        using var logits = model.Evaluate(x);
        AssertClose(logits, cases.Select(c => c.Logit[0]).ToArray(), Float64Tolerance, relative: false);
    }

    [Test]
    public void DeepDifE_Float32_MatchesReferenceProbabilitiesAndConjoinedAverage()
    {
        var cases = KerasTestData.Reference.Models["deepdife"].Cases;
        using var model = DeepDifEModel.FromKeras(KerasTestData.DeepDifEArchitecture, KerasTestData.DeepDifEWeights);
        var conjoined = new ReverseComplementAverage(model, averageProbabilities: true);
        using var x = KerasTestData.OneHot(cases.Select(c => c.Sequence).ToArray());
        using var noGrad = torch.no_grad();
        using var logits = model.Evaluate(x);
        using var probabilities = torch.sigmoid(logits);
        using var average = conjoined.Evaluate(x);
        using var rcLogits = model.Evaluate(x.flip(1, 2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(model.Output.Activation, Is.EqualTo(OutputActivation.Sigmoid));
            Assert.That(conjoined.Output.Activation, Is.EqualTo(OutputActivation.None));
            AssertClose(logits, cases.Select(c => c.Logit[0]).ToArray(), Float32Tolerance, relative: true);
            AssertClose(rcLogits, cases.Select(c => c.ReverseComplementLogit[0]).ToArray(), Float32Tolerance, relative: true);
            AssertClose(probabilities, cases.Select(c => c.Probability[0]).ToArray(), Float32Tolerance, relative: false);
            AssertClose(average, cases.Select(c => c.ConjoinedProbability[0]).ToArray(), Float32Tolerance, relative: false);
        }
    }

    [TestCase("neuronmotif_demo1")]
    [TestCase("neuronmotif_demo2")]
    public void NeuronMotifDemo_MatchesReferenceInFloat64AndFloat32(string key)
    {
        var reference = KerasTestData.Reference.Models[key];
        var cases = reference.Cases;
        using var model = NeuronMotifDemoModel.FromKeras(KerasTestData.Shared(reference.Weights.Split('/')));
        using var x = KerasTestData.OneHot(cases.Select(c => c.Sequence).ToArray());
        using var noGrad = torch.no_grad();
        using var logits32 = model.Evaluate(x);
        using var probabilities32 = torch.sigmoid(logits32);
        using var rc32 = model.Evaluate(x.flip(1, 2));
        model.to(ScalarType.Float64);
        using var x64 = x.to_type(ScalarType.Float64);
        using var logits64 = model.Evaluate(x64);
        using (Assert.EnterMultipleScope())
        {
            AssertClose(logits64, cases.Select(c => c.Logit[0]).ToArray(), Float64Tolerance, relative: false);
            AssertClose(logits32, cases.Select(c => c.Logit[0]).ToArray(), Float32Tolerance, relative: true);
            AssertClose(rc32, cases.Select(c => c.ReverseComplementLogit[0]).ToArray(), Float32Tolerance, relative: true);
            AssertClose(probabilities32, cases.Select(c => c.Probability[0]).ToArray(), Float32Tolerance, relative: false);
        }
    }

    private static void AssertClose(Tensor actual, double[] expected, double tolerance, bool relative)
    {
        Assert.That(actual.shape, Is.EqualTo(new long[] { expected.Length, 1 }));
        using var cpu = actual.to_type(ScalarType.Float64).cpu();
        var values = cpu.data<double>().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            var allowed = relative ? tolerance * Math.Max(1, Math.Abs(expected[i])) : tolerance;
            Assert.That(values[i], Is.EqualTo(expected[i]).Within(allowed), $"case {i}");
        }
    }
}
