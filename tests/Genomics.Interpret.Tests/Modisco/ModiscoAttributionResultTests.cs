using Genomics.Interpret.Abstractions;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Interpret.Tests.Modisco;

public sealed class ModiscoAttributionResultTests
{
    [Test]
    public void Run_WithoutHypotheticalScores_NamesTheMethod()
    {
        using var result = new AttributionResult("saliency", AttributionTarget.Output(0), torch.zeros(2, 4, 30));
        using var x = torch.zeros(2, 4, 30);
        Assert.That(() => new Genomics.Interpret.Modisco.TfModisco().Run(result, x), Throws.ArgumentException.With.Message.Contains("saliency").And.Property("ParamName").EqualTo("attributions"));
    }

    [Test]
    public void Run_OnAllZeroAttributions_FindsNoPatterns()
    {
        using var result = new AttributionResult("deeplift-shap", AttributionTarget.Output(0), torch.zeros(3, 4, 60), torch.zeros(3, 4, 60));
        using var x = torch.zeros(3, 4, 60);
        var found = new Genomics.Interpret.Modisco.TfModisco().Run(result, x);
        Assert.That(found.Patterns, Is.Empty);
    }
}
