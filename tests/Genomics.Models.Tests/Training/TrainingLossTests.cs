using Genomics.Models.Training;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Training;

[NonParallelizable]
public sealed class TrainingLossTests
{
    [Test]
    public void BinaryCrossEntropy_MatchesHandComputation()
    {
        using var o = torch.tensor(new[] { 0f, 2f }).reshape(2, 1);
        using var t = torch.tensor(new[] { 1f, 0f }).reshape(2, 1);
        using var loss = TrainingLoss.BinaryCrossEntropy().Compute(o, t);
        var expected = (-Math.Log(0.5) - Math.Log(1 - (1 / (1 + Math.Exp(-2))))) / 2;
        Assert.That(loss.item<float>(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void CrossEntropy_AcceptsIndexVectorOrColumn()
    {
        using var o = torch.tensor(new[] { 1f, 2f, 3f, 1f }).reshape(2, 2);
        using var t = torch.tensor(new long[] { 1, 0 });
        using var tColumn = t.reshape(2, 1);
        using var a = TrainingLoss.CrossEntropy().Compute(o, t);
        using var b = TrainingLoss.CrossEntropy().Compute(o, tColumn);
        var expected = ((Math.Log(Math.Exp(1) + Math.Exp(2)) - 2) + (Math.Log(Math.Exp(3) + Math.Exp(1)) - 3)) / 2;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.item<float>(), Is.EqualTo(expected).Within(1e-6));
            Assert.That(b.item<float>(), Is.EqualTo(expected).Within(1e-6));
        }
    }

    [Test]
    public void Poisson_UsesLogRates()
    {
        using var o = torch.tensor(new[] { 0f, 1f }).reshape(2, 1);
        using var t = torch.tensor(new[] { 2f, 3f }).reshape(2, 1);
        using var loss = TrainingLoss.Poisson().Compute(o, t);
        var expected = ((Math.Exp(0) - (2 * 0)) + (Math.Exp(1) - (3 * 1))) / 2;
        Assert.That(loss.item<float>(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void WeightedSum_CombinesHeadsOverTheirColumns()
    {
        using var o = torch.tensor(new[] { 1f, 2f, 3f, 4f, 5f, 6f }).reshape(2, 3);
        using var t = torch.zeros(2, 3);
        var loss = TrainingLoss.WeightedSum((TrainingLoss.MeanSquaredError(), [0, 1], 1.0), (TrainingLoss.MeanSquaredError(), [2], 0.5));
        using var value = loss.Compute(o, t);
        var expected = ((1 + 4 + 16 + 25) / 4.0) + (0.5 * ((9 + 36) / 2.0));
        Assert.That(value.item<float>(), Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public void ShapeMismatch_ThrowsNamingShapes()
    {
        using var o = torch.zeros(2, 3);
        using var t = torch.zeros(2, 2);
        Assert.That(() => TrainingLoss.MeanSquaredError().Compute(o, t), Throws.ArgumentException.With.Message.Contains("[2, 2]"));
        Assert.That(() => TrainingLoss.WeightedSum((TrainingLoss.MeanSquaredError(), [0], -1)), Throws.ArgumentException);
    }

    [Test]
    public void CrossEntropy_ClassIndexOutOfRange_ThrowsNamingTheRowAndRange_BeforeLibtorch()
    {
        using var o = torch.zeros(3, 2);
        using var t = torch.tensor(new long[] { 0, 1, 2 });
        using var fractional = torch.tensor(new[] { 0f, 0.5f, 1f });
        var loss = TrainingLoss.CrossEntropy();
        var validated = Assert.Throws<TrainingTargetException>(() => loss.ValidateTargets(t, 2, "training"))!;
        var computed = Assert.Throws<TrainingTargetException>(() => loss.Compute(o, t).Dispose())!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(validated.Example, Is.EqualTo(2));
            Assert.That(validated.ParamName, Is.EqualTo("training"));
            Assert.That(validated.Reason, Does.Contain("class label 2").And.Contain("0 to 1"));
            Assert.That(computed.Example, Is.EqualTo(2));
            Assert.That(() => loss.ValidateTargets(fractional, 2), Throws.TypeOf<TrainingTargetException>().With.Property(nameof(TrainingTargetException.Example)).EqualTo(1));
            Assert.That(() => loss.ValidateTargets(torch.tensor(new long[] { 0, 1 }), 2), Throws.Nothing);
        }
    }

    [Test]
    public void ValueLosses_TakeAVectorForOneOutput_AndRefuseOtherShapesUpFront()
    {
        using var o = torch.tensor(new[] { 0f, 2f }).reshape(2, 1);
        using var vector = torch.tensor(new long[] { 0, 1 });
        using var column = torch.tensor(new[] { 0f, 1f }).reshape(2, 1);
        using var fromVector = TrainingLoss.BinaryCrossEntropy().Compute(o, vector);
        using var fromColumn = TrainingLoss.BinaryCrossEntropy().Compute(o, column);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromVector.item<float>(), Is.EqualTo(fromColumn.item<float>()));
            Assert.That(() => TrainingLoss.MeanSquaredError().ValidateTargets(vector, 1), Throws.Nothing);
            Assert.That(() => TrainingLoss.MeanSquaredError().ValidateTargets(vector, 3), Throws.TypeOf<TrainingTargetException>().With.Message.Contains("(N, 3)"));
            Assert.That(
                () => TrainingLoss.WeightedSum((TrainingLoss.MeanSquaredError(), [4], 1.0)).ValidateTargets(torch.zeros(2, 3), 3),
                Throws.TypeOf<TrainingTargetException>().With.Message.Contains("head column 4"));
        }
    }
}
