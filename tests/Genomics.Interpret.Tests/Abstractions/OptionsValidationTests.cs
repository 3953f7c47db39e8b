using Genomics.Interpret.DeepLift;
using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Gradients;
using Genomics.Interpret.Modisco;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Mutagenesis;
using Genomics.Interpret.Neurons;
using Genomics.Interpret.Plots;
using Genomics.Interpret.Scanning;
using Genomics.Interpret.Seqlets;
using NUnit.Framework;
using NUnit.Framework.Constraints;

namespace Genomics.Interpret.Tests.Abstractions;

/// <summary>Every options record validates in one public <c>Validate()</c> that returns the record and names the bad option.</summary>
public sealed class OptionsValidationTests
{
    [Test]
    public void Defaults_AreValid_AndValidateReturnsTheSameInstance()
    {
        var scan = new MotifScanOptions();
        var tomtom = new TomtomOptions();
        var ism = new InSilicoMutagenesisOptions();
        var paired = new PairedAlleleMutagenesisOptions();
        var modisco = new ModiscoOptions();
        var seqlets = new WindowedSeqletOptions();
        var clustering = new SeqletClusteringOptions();
        var zscore = new ZScoreSeqletOptions();
        var recursive = new RecursiveSeqletOptions();
        var report = new ModiscoReportOptions();
        var logo = new LogoOptions();
        var saliency = new SaliencyOptions();
        var deepLift = new DeepLiftShapOptions();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(scan.Validate(), Is.SameAs(scan));
            Assert.That(tomtom.Validate(), Is.SameAs(tomtom));
            Assert.That(ism.Validate(), Is.SameAs(ism));
            Assert.That(paired.Validate(), Is.SameAs(paired));
            Assert.That(modisco.Validate(), Is.SameAs(modisco));
            Assert.That(seqlets.Validate(), Is.SameAs(seqlets));
            Assert.That(clustering.Validate(), Is.SameAs(clustering));
            Assert.That(zscore.Validate(), Is.SameAs(zscore));
            Assert.That(recursive.Validate(), Is.SameAs(recursive));
            Assert.That(report.Validate(), Is.SameAs(report));
            Assert.That(logo.Validate(), Is.SameAs(logo));
            Assert.That(saliency.Validate(), Is.SameAs(saliency));
            Assert.That(deepLift.Validate(), Is.SameAs(deepLift));
        }
    }

    private static IResolveConstraint Names(string option) =>
        Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(option);

    [Test]
    public void InvalidSettings_ThrowNamingTheOption()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new InSilicoMutagenesisOptions { Start = -1 }.Validate(), Names("Start"));
            Assert.That(() => new InSilicoMutagenesisOptions { Start = 4, End = 4 }.Validate(), Names("End"));
            Assert.That(() => new InSilicoMutagenesisOptions { End = 0 }.Validate(), Names("End"));
            Assert.That(() => new InSilicoMutagenesisOptions { Algorithm = (EvaluationAlgorithm)7 }.Validate(), Names("Algorithm"));
            Assert.That(() => new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Start = -2 }), Names("Start"));
            Assert.That(() => new PairedAlleleMutagenesisOptions { Target = -1 }.Validate(), Names("Target"));
            Assert.That(() => new ModiscoOptions { LeidenRuns = 0 }.Validate(), Names("LeidenRuns"));
            Assert.That(() => new ModiscoOptions { Seqlets = new WindowedSeqletOptions { NullSamples = 5 } }.Validate(), Names("NullSamples"));
            Assert.That(() => new ModiscoReportOptions { Comparison = new TomtomOptions { MinOverlap = 0 } }.Validate(), Names("MinOverlap"));
            Assert.That(() => new SeqletClusteringOptions { MaxClustered = 1 }.Validate(), Names("MaxClustered"));
            Assert.That(() => new TomtomOptions { Threshold = -1 }.Validate(), Names("Threshold"));
            Assert.That(() => new MotifScanOptions { PValueThreshold = -0.1 }.Validate(), Names("PValueThreshold"));
            Assert.That(() => new DeepLiftShapOptions { References = 0 }.Validate(), Names("References"));
            Assert.That(() => new SaliencyOptions { References = 0 }.Validate(), Names("References"));
        }
    }
}
