using Genomics.Models.Abstractions;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.TestKit;

[NonParallelizable]
public sealed class ToyLinearModelTests
{
    private static readonly ToyModelOptions s_options = new(InputKind.OneHot, 4, 12, 3);

    [Test]
    public void Constructor_LeavesOnlyItsParametersAlive_AndDisposeReleasesThem()
    {
        new ToyLinearModel(s_options).Dispose();
        var before = TorchTestEnvironment.LiveTensors;
        long whileAlive;
        using (var model = new ToyLinearModel(s_options))
        {
            whileAlive = TorchTestEnvironment.LiveTensors - before;
            Assert.That(model.Module.parameters().Count(), Is.EqualTo(2));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whileAlive, Is.LessThanOrEqualTo(2), "weight and bias only");
            Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(before));
        }
    }
}
