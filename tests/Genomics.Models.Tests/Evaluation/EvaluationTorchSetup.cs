using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Evaluation;

/// <summary>Keeps libtorch to one thread for the evaluation tests (the CI machine has two cores).</summary>
[SetUpFixture]
public sealed class EvaluationTorchSetup
{
    [OneTimeSetUp]
    public void LimitThreads() => torch.set_num_threads(1);
}
