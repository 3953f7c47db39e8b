using Genomics.Models.Tuning;
using NUnit.Framework;

namespace Genomics.Models.Tests.Tuning;

public sealed class SearchSpaceTests
{
    [Test]
    public void Factories_AddParametersInOrder_AndDescribeThem()
    {
        var space = new SearchSpace();
        var rate = space.Float("lr", 1e-5, 1e-1, log: true);
        var batch = space.Int("batch_size", 50, 200, step: 25);
        var layers = space.Categorical("conv_layers", [2, 3]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(space.Parameters, Is.EqualTo(new SearchParameter[] { rate, batch, layers }));
            Assert.That(rate.ToString(), Is.EqualTo("lr: float [1E-05, 0.1] log"));
            Assert.That(batch.ToString(), Is.EqualTo("batch_size: int [50, 200] step 25"));
            Assert.That(layers.ToString(), Is.EqualTo("conv_layers: {2, 3}"));
        }
    }

    [Test]
    public void DuplicateOrBlankName_Throws()
    {
        var space = new SearchSpace();
        space.Float("x", 0, 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => space.Int("x", 0, 3), Throws.ArgumentException.With.Property("ParamName").EqualTo("name"));
            Assert.That(() => space.Int(" ", 0, 3), Throws.ArgumentException.With.Property("ParamName").EqualTo("name"));
        }
    }

    [Test]
    public void InvalidRanges_ThrowNamingTheArgument()
    {
        var space = new SearchSpace();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => space.Float("a", 1, 1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("high"));
            Assert.That(() => space.Float("b", 0, 1, log: true), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("low"));
            Assert.That(() => space.Float("c", 0, 1, step: 0.3), Throws.ArgumentException.With.Property("ParamName").EqualTo("step"));
            Assert.That(() => space.Float("d", 1, 2, log: true, step: 0.5), Throws.ArgumentException.With.Property("ParamName").EqualTo("step"));
            Assert.That(() => space.Int("e", 50, 210, step: 25), Throws.ArgumentException.With.Property("ParamName").EqualTo("step"));
            Assert.That(() => space.Int("f", 0, 10, log: true), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("low"));
            Assert.That(() => space.Int("g", 1, 9, step: 2, log: true), Throws.ArgumentException.With.Property("ParamName").EqualTo("step"));
            Assert.That(() => space.Categorical("h", [1]), Throws.ArgumentException.With.Property("ParamName").EqualTo("choices"));
            Assert.That(() => space.Categorical("i", ["a", "a"]), Throws.ArgumentException.With.Property("ParamName").EqualTo("choices"));
        }

        Assert.That(space.Parameters, Is.Empty, "failed declarations add nothing");
    }

    [Test]
    public void SteppedFloat_AcceptsRangesThatAreWholeStepsDespiteRoundOff()
    {
        var p = new SearchSpace().Float("dropout", 0.1, 0.7, step: 0.1);
        Assert.That(p.Domain.GridCount, Is.EqualTo(7));
    }
}
