using Genomics.Interpret.Modisco;
using Genomics.Interpret.Neurons;
using Genomics.Interpret.Plots;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Plots;

/// <summary>
/// The algorithms (Genomics.Interpret) draw nothing: SkiaSharp and every plot and HTML report type live in
/// Genomics.Interpret.Plots, under the namespaces they had before.
/// </summary>
public sealed class PlotsAssemblyTests
{
    [Test]
    public void InterpretAssembly_DoesNotReferenceSkiaSharpOrThePlots()
    {
        var interpret = typeof(ModiscoReport).Assembly;
        var references = interpret.GetReferencedAssemblies().Select(a => a.Name).ToArray();
        var plotTypes = interpret.GetTypes().Where(t => t.Namespace == "Genomics.Interpret.Plots").Select(t => t.FullName).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(interpret.GetName().Name, Is.EqualTo("Genomics.Interpret"));
            Assert.That(references, Has.None.StartsWith("SkiaSharp"));
            Assert.That(references, Does.Not.Contain("Genomics.Interpret.Plots"));
            Assert.That(plotTypes, Is.Empty);
            Assert.That(interpret.GetManifestResourceNames(), Has.None.EndsWith(".ttf"), "the logo font travels with the plots");
        }
    }

    [Test]
    public void DrawingTypes_LiveInGenomicsInterpretPlots_UnderTheirOldNamespaces()
    {
        (Type Type, string Namespace)[] types =
        [
            (typeof(SequenceLogo), "Genomics.Interpret.Plots"),
            (typeof(PlotImage), "Genomics.Interpret.Plots"),
            (typeof(Charts), "Genomics.Interpret.Plots"),
            (typeof(AttributionPlot), "Genomics.Interpret.Plots"),
            (typeof(ModiscoReportHtml), "Genomics.Interpret.Modisco"),
            (typeof(NeuronReport), "Genomics.Interpret.Neurons"),
            (typeof(NeuronReportOptions), "Genomics.Interpret.Neurons"),
        ];
        using (Assert.EnterMultipleScope())
        {
            foreach (var (type, ns) in types)
            {
                Assert.That(type.Assembly.GetName().Name, Is.EqualTo("Genomics.Interpret.Plots"), type.Name);
                Assert.That(type.Namespace, Is.EqualTo(ns), type.Name);
            }

            Assert.That(typeof(SequenceLogo).Assembly.GetReferencedAssemblies().Select(a => a.Name), Does.Contain("SkiaSharp").And.Contain("Genomics.Interpret"));
        }
    }
}
