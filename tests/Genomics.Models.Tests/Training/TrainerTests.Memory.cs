using Genomics.Models.Abstractions;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.Training;

public sealed partial class TrainerTests
{
    [Test]
    public void Train_WithValidationAndBestWeights_LeavesNoTensorsBehind()
    {
        using var model = new ToyConvModel(new ToyModelOptions(InputKind.OneHot, 4, 10, 2));
        var data = RegressionData(12, 5);
        var valid = RegressionData(6, 6);
        var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.MeanSquaredError(), Epochs = 3, BatchSize = 4, RestoreBestWeights = true });
        var live = TorchTestEnvironment.LiveTensors;
        trainer.Train(model, data, valid);
        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(live));
    }
}
