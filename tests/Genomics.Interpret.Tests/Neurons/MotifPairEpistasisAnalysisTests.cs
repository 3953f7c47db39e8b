using Genomics.Interpret.Neurons;
using Genomics.Models.Compute;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Neurons;

[NonParallelizable]
public sealed class MotifPairEpistasisAnalysisTests
{
    private static readonly MotifPair Pair = new(PairModel.MotifA, PairModel.MotifB);

    [Test]
    public void Analyze_PairThatOnlyActsTogether_IsPositiveSynergistic()
    {
        using var model = PairModel.Create(1f);
        var network = NeuronNetwork.FromModel(model);
        var reports = new List<OperationProgress>();
        var before = Genomics.TestKit.TorchTestEnvironment.LiveTensors;
        var result = new MotifPairEpistasisAnalysis(network, model, new MotifPairEpistasisOptions { Seed = 2 })
            .Analyze("conv1", 0, 0.5, PairModel.Sequences(8), [Pair], new SynchronousProgress<OperationProgress>(reports))[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Task, Is.EqualTo("conv1_neuron0"));
            Assert.That(result.Quadruples, Is.EqualTo(8));
            Assert.That(result.SignedPA, Is.EqualTo(2.0 / 256).Within(1e-12), "scrambling A lowers every prediction: exact two-sided p for n = 8");
            Assert.That(result.SignedPB, Is.GreaterThan(0));
            Assert.That(result.SignedPBothVsA, Is.NaN, "both scrambled and A scrambled predict the same 0");
            Assert.That(result.MeanJoint, Is.EqualTo(0.5).Within(1e-6));
            Assert.That(result.MeanMarginal, Is.Zero.Within(1e-6));
            Assert.That(result.Interaction, Is.EqualTo(InteractionType.PositiveSynergistic));
            Assert.That(reports[^1], Is.EqualTo(new OperationProgress("epistasis", 1, 1)));
            Assert.That(Genomics.TestKit.TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
        }
    }

    [Test]
    public void Analyze_ReadmeRule_FlipsThePositiveInequality()
    {
        using var model = PairModel.Create(1f);
        var network = NeuronNetwork.FromModel(model);
        var result = new MotifPairEpistasisAnalysis(network, model, new MotifPairEpistasisOptions { Seed = 2, Rule = EpistasisRule.Readme })
            .Analyze("conv1", 0, 0.5, PairModel.Sequences(8), [Pair])[0];
        Assert.That(result.Interaction, Is.EqualTo(InteractionType.PositiveAntagonistic));
    }

    [Test]
    public void Analyze_NegativeOutput_IsNegativeSynergistic()
    {
        using var model = PairModel.Create(-1f);
        var network = NeuronNetwork.FromModel(model);
        var result = new MotifPairEpistasisAnalysis(network, model, new MotifPairEpistasisOptions { Seed = 2 })
            .Analyze("conv1", 0, 0.5, PairModel.Sequences(8), [Pair])[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.SignedPA, Is.LessThan(0));
            Assert.That(result.Interaction, Is.EqualTo(InteractionType.NegativeSynergistic));
        }
    }

    [Test]
    public void Analyze_TooFewQuadruplesOrNoFragment_IsInsufficient()
    {
        using var model = PairModel.Create(1f);
        var network = NeuronNetwork.FromModel(model);
        var analysis = new MotifPairEpistasisAnalysis(network, model);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(analysis.Analyze("conv1", 0, 0.5, PairModel.Sequences(5), [Pair])[0].Interaction, Is.EqualTo(InteractionType.InsufficientData));
            Assert.That(analysis.Analyze("conv1", 0, 0.5, PairModel.Sequences(8), [new MotifPair("GGGG", "ATTA")])[0].Quadruples, Is.Zero);
        }
    }

    [Test]
    public void Analyze_BadArguments_NameThem()
    {
        using var model = PairModel.Create(1f);
        var network = NeuronNetwork.FromModel(model);
        var analysis = new MotifPairEpistasisAnalysis(network, model);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => analysis.Analyze("conv1", 0, 0.5, PairModel.Sequences(8), [new MotifPair("TTXT", "ATTA")]), Throws.ArgumentException.With.Property("ParamName").EqualTo("pairs"));
            Assert.That(() => analysis.Analyze("conv1", 0, 0.5, ["ACGT"], [Pair]), Throws.ArgumentException.With.Property("ParamName").EqualTo("sequences"));
            Assert.That(() => analysis.Analyze("conv1", 0, 0, PairModel.Sequences(8), [Pair]), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("maxActivation"));
            Assert.That(() => analysis.Analyze("conv1", 1, 0.5, PairModel.Sequences(8), [Pair]), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("neuron"));
        }
    }

    [Test]
    public void Options_AreValidatedAtConstruction_NamingTheOption()
    {
        using var model = PairModel.Create(1f);
        var network = NeuronNetwork.FromModel(model);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new MotifPairEpistasisAnalysis(network, model, new MotifPairEpistasisOptions { FragmentThreshold = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("FragmentThreshold"));
            Assert.That(() => new MotifPairEpistasisAnalysis(network, model, new MotifPairEpistasisOptions { Target = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Target"));
            Assert.That(() => new MotifPairEpistasisAnalysis(network, model, new MotifPairEpistasisOptions { Target = model.Output.Targets }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Target"));
        }
    }
}
