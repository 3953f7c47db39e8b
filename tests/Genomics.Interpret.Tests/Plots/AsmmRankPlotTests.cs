using System.Xml.Linq;
using Genomics.Interpret.Asmm;
using Genomics.Interpret.Plots;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Plots;

/// <summary>DeepASMM's rank plot: ranks, Spearman ρ and its p-value against closed forms, subsampling, and the SVG written.</summary>
[TestFixture]
public sealed class AsmmRankPlotTests
{
    private static DeepAsmmResult Result(IReadOnlyList<double> autonomy, IReadOnlyList<double> synergy) =>
        new(autonomy.Select((a, i) => new AsmmMotifScore($"M{i}", 10 + i, a, synergy[i], a, synergy[i])).ToArray());

    /// <summary>
    /// Ten motifs whose synergy ranks swap neighbouring pairs of the autonomy ranks: ρ = 1 − 6·Σd² / (n(n² − 1)) =
    /// 1 − 60/990; the two-sided p-value is the closed form of Student's t with 8 (even) degrees of freedom,
    /// 1 − sin θ (1 + c/2 + 3c²/8 + 15c³/48) with θ = atan(t / √8) and c = cos²θ; the least-squares slope of two rank
    /// vectors without ties is ρ. The SVG file is written and shows ρ.
    /// </summary>
    [Test]
    public void Draw_SwappedPairs_RhoPValueAndLineEqualClosedForms_AndSvgShowsRho()
    {
        double[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        double[] y = [2, 1, 4, 3, 6, 5, 8, 7, 10, 9];
        var plot = AsmmRankPlot.Draw(Result(x.Select(v => v / 100).ToArray(), y.Select(v => v / 50).ToArray()));
        var rho = 1 - (60.0 / 990);
        var t = rho * Math.Sqrt(8 / (1 - (rho * rho)));
        var theta = Math.Atan(t / Math.Sqrt(8));
        var c = Math.Cos(theta) * Math.Cos(theta);
        var p = 1 - (Math.Sin(theta) * (1 + (c / 2) + (3 * c * c / 8) + (15 * c * c * c / 48)));
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("ranks.svg");
        plot.Image.Save(path);
        var svg = File.ReadAllText(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plot.Points, Is.EqualTo(10));
            Assert.That(plot.Rho, Is.EqualTo(rho).Within(1e-12));
            Assert.That(plot.PValue, Is.EqualTo(p).Within(1e-9 * p));
            Assert.That(plot.Slope, Is.EqualTo(rho).Within(1e-12));
            Assert.That(plot.Intercept, Is.EqualTo((1 - rho) / 2).Within(1e-12));
            Assert.That(() => XDocument.Parse(svg), Throws.Nothing);
            Assert.That(svg, Does.Contain("ρ = 0.939"));
            Assert.That(svg, Does.Contain(AsmmRankPlot.FormatPValue(p)));
            Assert.That(XDocument.Parse(svg).Descendants().Count(e => e.Name.LocalName == "ellipse"), Is.EqualTo(10));
        }
    }

    [Test]
    public void Draw_MoreMotifsThanMaxPoints_PlotsARandomSubsampleOfMaxPoints()
    {
        var random = new Random(3);
        var a = Enumerable.Range(0, 6000).Select(_ => random.NextDouble()).ToArray();
        var plot = AsmmRankPlot.Draw(Result(a, a.Select(v => v * v).ToArray()));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plot.Points, Is.EqualTo(5000));
            Assert.That(plot.Rho, Is.EqualTo(1).Within(1e-12), "a monotone relation keeps ρ = 1 on any subsample");
            Assert.That(plot.PValue, Is.Zero);
            Assert.That(XDocument.Parse(plot.Image.ToSvg()).Descendants().Count(e => e.Name.LocalName == "ellipse"), Is.EqualTo(5000));
            Assert.That(AsmmRankPlot.Draw(Result(a, a), new AsmmRankPlotOptions { MaxPoints = 100 }).Points, Is.EqualTo(100));
        }
    }

    [Test]
    public void NormalisedRanks_AverageTies_AndPValueFormat()
    {
        double[] values = [0.1, 0.4, 0.4, 0.2, 0.9, 0.3, 0.5, 0.8];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(AsmmRankPlot.NormalisedRanks(values), Is.EqualTo(new[] { 0, 3.5 / 7, 3.5 / 7, 1 / 7.0, 1, 2 / 7.0, 5 / 7.0, 6 / 7.0 }).Within(1e-12));
            Assert.That(AsmmRankPlot.FormatPValue(0), Is.EqualTo("p < 0.0001"));
            Assert.That(AsmmRankPlot.FormatPValue(1.23e-5), Is.EqualTo("p = 1.2×10^-5"));
            Assert.That(() => AsmmRankPlot.Draw(Result([1, 2], [1, 2])), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("result"));
            Assert.That(() => AsmmRankPlot.Draw(Result([1, 2, 3], [1, 2, 3]), new AsmmRankPlotOptions { Bins = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>());
        }
    }
}
