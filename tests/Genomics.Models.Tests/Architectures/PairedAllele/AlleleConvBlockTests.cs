using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Tests.Serialization;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.PairedAllele;

[NonParallelizable]
public sealed class AlleleConvBlockTests
{
    [TestCase(5)]
    [TestCase(10)]
    public void Forward_IsSamePaddedConvolutionThenReluThenBatchNorm(int kernel)
    {
        // PyTorch's 'same' puts (k − 1) / 2 zeros on the left and the rest on the right (4 and 5 for width 10).
        using var block = new AlleleConvBlock(4, 16, kernel);
        block.eval();
        using var x = torch.rand(2, 4, 30);
        using var y = block.call(x);
        var state = block.state_dict();
        using var padded = torch.nn.functional.pad(x, [(kernel - 1) / 2, kernel / 2]);
        using var convolved = torch.nn.functional.conv1d(padded, state["0.weight"], state["0.bias"]);
        using var expected = torch.nn.functional.batch_norm(torch.nn.functional.relu(convolved), state["2.running_mean"], state["2.running_var"], state["2.weight"], state["2.bias"], training: false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 2, 16, 30 }));
            Assert.That(TensorValues.Floats(y), Is.EqualTo(TensorValues.Floats(expected)).Within(1e-5));
        }
    }
}
