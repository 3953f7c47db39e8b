using Genomics.Models.Blocks;
using Genomics.Models.Layers;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Blocks;

public sealed class NamedModuleTests
{
    [Test]
    public void CallInOrder_FeedsEachOutputToTheNextModule()
    {
        using var scope = NewDisposeScope();
        using var dense = new DenseLayer(3, 2);
        using var relu = new Activation(ActivationKind.Relu);
        var x = randn(4, 3);
        var result = NamedModule.CallInOrder([("dense", dense), ("relu", relu)], x);
        var expected = relu.call(dense.call(x));
        Assert.That(result.equal(expected).all().item<bool>(), Is.True);
    }

    [Test]
    public void CallInOrder_RejectsAModuleThatIsNotTensorToTensor_NamingIt()
    {
        using var scope = NewDisposeScope();
        using var list = new ModuleList<Activation>();
        Assert.That(
            () => NamedModule.CallInOrder([("heads", list)], zeros(2, 3)),
            Throws.InvalidOperationException.With.Message.Contains("'heads'"));
    }
}
