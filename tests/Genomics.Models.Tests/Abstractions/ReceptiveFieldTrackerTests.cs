using Genomics.Models.Abstractions;
using NUnit.Framework;

namespace Genomics.Models.Tests.Abstractions;

public sealed class ReceptiveFieldTrackerTests
{
    [Test]
    public void Apply_MatchesCombMotifReceptiveFields()
    {
        // CombMotif's CNN-GRU: conv k5, then blocks of conv k5 + pool 2: RF 5, 9, 18 (after the pool: 10), ...
        var rf = new ReceptiveFieldTracker().Apply(5);
        Assert.That(rf.Field, Is.EqualTo(5));
        rf.Apply(5);
        Assert.That(rf.Field, Is.EqualTo(9));
        rf.Apply(2, 2);
        Assert.That((rf.Field, rf.Jump), Is.EqualTo((10, 2)));
        rf.Apply(5);
        Assert.That(rf.Field, Is.EqualTo(18));
    }

    [Test]
    public void Apply_WithDilationAndStride()
    {
        var rf = new ReceptiveFieldTracker().Apply(3, 1, 2).Apply(3, 2).Apply(3);
        // 1 + 2*2 = 5; + 2*1 = 7 (jump 2); + 2*2 = 11
        Assert.That((rf.Field, rf.Jump), Is.EqualTo((11, 2)));
    }

    [Test]
    public void Apply_RejectsNonPositive() =>
        Assert.That(() => new ReceptiveFieldTracker().Apply(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
