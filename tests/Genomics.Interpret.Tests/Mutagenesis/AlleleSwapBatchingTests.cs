using Genomics.Interpret.Mutagenesis;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Interpret.Tests.Mutagenesis;

[NonParallelizable]
public sealed class AlleleSwapBatchingTests
{
    private const int Length = 12;
    private static readonly string[] s_first = ["ACGTACGTAAAA", "AAAACCCCGTAC", "GGGTACCATTGA"];
    private static readonly string[] s_second = ["ACGAACGTAAAA", "AAAAGGCCCCGT", "GGCTACCTTTGA"];

    [Test]
    public void Score_IsBatchSizeInvariant_AndReportsEveryPredictedPair()
    {
        using var model = new ToyPairedModel(Length);
        using var a = OneHotEncoder.Encode(s_first);
        using var b = OneHotEncoder.Encode(s_second);
        var reports = new List<OperationProgress>();
        var one = new AlleleSwapVariantEffects().Run(model, a, b, context: ComputeContext.Default with { BatchSize = 1 }, progress: new SynchronousProgress<OperationProgress>(reports));
        var all = new AlleleSwapVariantEffects().Run(model, a, b, context: ComputeContext.Default with { BatchSize = 64 });
        var pairs = s_first.Length + (2 * all.Sum(r => r.Effects.Count));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(one.SelectMany(r => r.Effects.Select(e => e.Effect)), Is.EqualTo(all.SelectMany(r => r.Effects.Select(e => e.Effect))).Within(1e-6));
            Assert.That(one.SelectMany(r => r.Prediction), Is.EqualTo(all.SelectMany(r => r.Prediction)).Within(1e-6));
            Assert.That(reports.Select(r => r.Completed), Is.EqualTo(Enumerable.Range(1, pairs).Select(i => (long)i)), "one report per batch of one pair");
            Assert.That(reports.Select(r => r.Stage), Is.All.EqualTo("variant-effects"));
            Assert.That(reports.Select(r => r.Total), Is.All.EqualTo(pairs));
        }
    }

    [Test]
    public void Score_CancelledOrMismatched_Throws()
    {
        using var model = new ToyPairedModel(Length);
        using var a = OneHotEncoder.Encode(s_first);
        using var b = OneHotEncoder.Encode(s_second.Take(2).ToList());
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new AlleleSwapVariantEffects().Run(model, a, b), Throws.ArgumentException.With.Property("ParamName").EqualTo("second"));
            Assert.That(() => new AlleleSwapVariantEffects().Run(model, a, a, cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());
        }
    }

    [Test]
    public void Options_AreValidatedAtConstruction_AndTheTargetAgainstTheModelAtRun()
    {
        using var model = new ToyPairedModel(Length);
        using var a = OneHotEncoder.Encode(s_first);
        using var b = OneHotEncoder.Encode(s_second);
        var byDefault = new AlleleSwapVariantEffects().Run(model, a, b);
        var first = new AlleleSwapVariantEffects(new AlleleSwapVariantEffectsOptions { Target = 0 }).Run(model, a, b);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new AlleleSwapVariantEffects(new AlleleSwapVariantEffectsOptions { Target = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Target"));
            Assert.That(() => new AlleleSwapVariantEffects(new AlleleSwapVariantEffectsOptions { Target = 3 }).Run(model, a, b), Throws.ArgumentException.With.Property("ParamName").EqualTo("Target"));
            Assert.That(byDefault.Select(r => r.Target), Is.All.EqualTo(2), "no output is named ratio: the last");
            Assert.That(first.Select(r => r.Target), Is.All.EqualTo(0));
            Assert.That(first.SelectMany(r => r.Effects.Select(e => e.Effect)), Is.EqualTo(first.SelectMany(r => r.Effects.Select(e => -(e.DeltaFirst[0] + e.DeltaSecond[0]) / 2))));
        }
    }
}
