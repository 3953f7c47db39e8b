using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Compute;
using Genomics.Models.Tests.Serialization;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.CnnGru;

[NonParallelizable]
public sealed class StochasticShiftTests
{
    [Test]
    public void ShiftRight_MovesValuesRightAndFillsWithZeros()
    {
        using var x = torch.arange(1, 7, dtype: torch.float32).reshape(1, 1, 6);
        using var shifted = StochasticShift.ShiftRight(x, 2);
        using var all = StochasticShift.ShiftRight(x, 9);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TensorValues.Floats(shifted), Is.EqualTo(new float[] { 0, 0, 1, 2, 3, 4 }));
            Assert.That(TensorValues.Floats(all), Is.EqualTo(new float[6]));
            Assert.That(TensorValues.Floats(x), Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }), "the input is not modified");
        }
    }

    [Test]
    public void Forward_InEvaluationMode_ReturnsTheInput()
    {
        using var shift = new StochasticShift(3);
        shift.eval();
        using var x = torch.rand(2, 4, 10);
        using var y = shift.call(x);
        Assert.That(TensorValues.Floats(y), Is.EqualTo(TensorValues.Floats(x)));
    }

    [Test]
    public void Forward_InTraining_DrawsEveryShiftUpToTheMaximumReproducibly()
    {
        using var shift = new StochasticShift(3);
        shift.train();
        using var x = torch.arange(1, 11, dtype: torch.float32).reshape(1, 1, 10);
        var first = DrawShifts(shift, x, seed: 8);
        var second = DrawShifts(shift, x, seed: 8);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Distinct().Order(), Is.EqualTo(new[] { 0, 1, 2, 3 }));
            Assert.That(second, Is.EqualTo(first));
        }
    }

    [Test]
    public void Constructor_RejectsNegativeShift() =>
        Assert.That(() => new StochasticShift(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());

    /// <summary>Runs the module 40 times and reads each shift back from the number of leading zeros.</summary>
    private static int[] DrawShifts(StochasticShift shift, torch.Tensor x, long seed)
    {
        using var scope = new TorchSeedScope(seed);
        var shifts = new int[40];
        for (var i = 0; i < shifts.Length; i++)
        {
            using var y = shift.call(x);
            var values = TensorValues.Floats(y);
            shifts[i] = values.TakeWhile(v => v == 0).Count();
            Assert.That(values.Skip(shifts[i]), Is.EqualTo(Enumerable.Range(1, 10 - shifts[i]).Select(v => (float)v)));
        }

        return shifts;
    }
}
