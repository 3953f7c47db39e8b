using Genomics.Models.Abstractions;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Training;

[NonParallelizable]
public sealed class WeightConstraintTests
{
    private static readonly ToyModelOptions s_toy = new(InputKind.OneHot, 4, 10, 2);

    private static double[] RowNorms(Tensor weight)
    {
        using var scope = torch.NewDisposeScope();
        return weight.detach().flatten(1).norm(1, false, 2).to_type(ScalarType.Float64).data<double>().ToArray();
    }

    [Test]
    public void MaxNorm_RescalesOnlyOutputUnitsAboveTheBound_AndLeavesVectorsAlone()
    {
        using var linear = nn.Linear(3, 2);
        using (torch.no_grad())
        {
            linear.weight!.copy_(torch.tensor(new float[] { 3, 4, 0, 6, 8, 0 }).reshape(2, 3));
            linear.bias!.copy_(torch.tensor(new float[] { 100, -100 }));
        }

        WeightConstraint.MaxNorm(7).Apply(linear);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(linear.weight!.data<float>().ToArray(), Is.EqualTo(new[] { 3f, 4f, 0f, 4.2f, 5.6f, 0f }).Within(1e-5));
            Assert.That(linear.bias!.data<float>().ToArray(), Is.EqualTo(new[] { 100f, -100f }));
        }
    }

    [Test]
    public void MaxNorm_BoundsEachConvolutionFilterOverChannelsAndWidth()
    {
        using var conv = nn.Conv1d(4, 5, 3);
        using (torch.no_grad())
        {
            conv.weight!.mul_(100);
        }

        WeightConstraint.MaxNorm(0.5).Apply(conv);

        Assert.That(RowNorms(conv.weight!), Has.All.EqualTo(0.5).Within(1e-5));
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.PositiveInfinity)]
    public void MaxNorm_RejectsABoundThatIsNotPositiveAndFinite(double bound) =>
        Assert.That(() => WeightConstraint.MaxNorm(bound), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("maxNorm"));

    [Test]
    public void Trainer_AppliesTheConstraintAfterEveryOptimizerStep()
    {
        using var model = new ToyConvModel(s_toy);
        using (torch.no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.mul_(50);
            }
        }

        using var g = new Generator(7);
        using var x = torch.rand(new long[] { 10, 4, 10 }, generator: g);
        using var y = torch.rand(new long[] { 10, 2 }, generator: g);
        var counting = new CountingConstraint(WeightConstraint.MaxNorm(0.5));
        var options = new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 3, BatchSize = 4, Optimizer = OptimizerOptions.Sgd(1e-3), WeightConstraint = counting };

        new Trainer(options).Train(model, new TrainingSet(x, y));

        var norms = model.parameters().Where(p => p.dim() >= 2).SelectMany(RowNorms).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(counting.Calls, Is.EqualTo(9)); // 3 epochs × ⌈10 / 4⌉ steps
            Assert.That(norms, Has.All.LessThanOrEqualTo(0.5 + 1e-5));
        }
    }

    /// <summary>A custom constraint (the extension point): counts calls and delegates.</summary>
    private sealed class CountingConstraint(WeightConstraint inner) : WeightConstraint
    {
        public int Calls { get; private set; }

        public override string Name => "counting";

        public override void Apply(nn.Module module)
        {
            Calls++;
            inner.Apply(module);
        }
    }
}
