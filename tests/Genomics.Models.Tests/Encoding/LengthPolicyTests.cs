using Genomics.Models.Encoding;
using NUnit.Framework;

namespace Genomics.Models.Tests.Encoding;

[TestFixture]
public sealed class LengthPolicyTests
{
    [Test]
    public void Apply_DefaultsToCentreWithNPadding()
    {
        var policy = new LengthPolicy(5);
        Assert.That(policy.Apply(["AC", "ACGTACG"]), Is.EqualTo(new[] { "NACNN", "CGTAC" }));
    }

    [Test]
    public void Apply_UsesAlignmentAndPadCharacter()
    {
        var policy = new LengthPolicy(4, FitAlignment.Right, '-');
        Assert.That(policy.Apply("AC"), Is.EqualTo("--AC"));
    }

    [Test]
    public void Validate_NegativeLengthNamesTheProperty()
    {
        var policy = new LengthPolicy(-2);
        Assert.That(policy.Validate, Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Length"));
    }
}
