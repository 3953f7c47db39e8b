using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Compute;
using Genomics.Models.Tests.Serialization;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.CnnGru;

[NonParallelizable]
public sealed class LastStepGruTests
{
    [Test]
    public void Forward_ReturnsTheGruOutputAtTheLastPosition()
    {
        using var gru = Create(GruDirection.Forward, seed: 1);
        using var x = torch.rand(2, 3, 7);
        using var y = gru.call(x);
        var (sequence, hidden) = gru.Gru.call(x.transpose(1, 2), null);
        using (sequence)
        using (hidden)
        using (var last = sequence.select(1, 6))
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 2, 5 }));
            Assert.That(TensorValues.Floats(y), Is.EqualTo(TensorValues.Floats(last)));
        }
    }

    [Test]
    public void Backward_EqualsForwardOnTheReversedSequence()
    {
        using var forward = Create(GruDirection.Forward, seed: 2);
        using var backward = Create(GruDirection.Backward, seed: 3);
        backward.load_state_dict(forward.state_dict());
        using var x = torch.rand(2, 3, 7);
        using var reversed = x.flip(2);
        using var expected = forward.call(reversed);
        using var actual = backward.call(x);
        using var differentFromForward = forward.call(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TensorValues.Floats(actual), Is.EqualTo(TensorValues.Floats(expected)).Within(1e-6));
            Assert.That(TensorValues.Floats(actual), Is.Not.EqualTo(TensorValues.Floats(differentFromForward)));
        }
    }

    private static LastStepGru Create(GruDirection direction, long seed)
    {
        using var scope = new TorchSeedScope(seed);
        return new LastStepGru(3, 5, direction);
    }
}
