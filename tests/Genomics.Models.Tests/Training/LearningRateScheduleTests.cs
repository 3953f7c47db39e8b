using Genomics.Models.Training;
using NUnit.Framework;

namespace Genomics.Models.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Test]
    public void Cyclic_IsTriangularBetweenBounds()
    {
        var state = LearningRateSchedule.Cyclic(1e-4, 5e-4, 4).Start(1e-4);
        var rates = new List<double> { state.Rate };
        for (var step = 0; step < 8; step++)
        {
            state.AfterStep(step);
            rates.Add(state.Rate);
        }

        Assert.That(rates, Is.EqualTo(new[] { 1e-4, 2e-4, 3e-4, 4e-4, 5e-4, 4e-4, 3e-4, 2e-4, 1e-4 }).Within(1e-12));
    }

    [Test]
    public void InverseTimeDecay_FollowsLuaTorchFormula()
    {
        var state = LearningRateSchedule.InverseTimeDecay(0.5).Start(1.0);
        state.AfterStep(0);
        Assert.That(state.Rate, Is.EqualTo(1 / 1.5).Within(1e-12));
        state.AfterStep(1);
        Assert.That(state.Rate, Is.EqualTo(1 / 2.0).Within(1e-12));
    }

    [Test]
    public void ReduceOnPlateau_ReducesAfterPatienceAndRespectsFloor()
    {
        var state = LearningRateSchedule.ReduceOnPlateau(0.1, 1, 1e-3).Start(1.0);
        state.AfterEpoch(true);
        state.AfterEpoch(false);
        Assert.That(state.Rate, Is.EqualTo(1.0));
        state.AfterEpoch(false);
        Assert.That(state.Rate, Is.EqualTo(0.1).Within(1e-12));
        for (var i = 0; i < 10; i++)
        {
            state.AfterEpoch(false);
        }

        Assert.That(state.Rate, Is.EqualTo(1e-3).Within(1e-15));
    }

    [Test]
    public void Factories_RejectBadArguments()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => LearningRateSchedule.Cyclic(2, 1, 10), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("maximum"));
            Assert.That(() => LearningRateSchedule.ReduceOnPlateau(1.5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("factor"));
            Assert.That(() => LearningRateSchedule.InverseTimeDecay(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}
