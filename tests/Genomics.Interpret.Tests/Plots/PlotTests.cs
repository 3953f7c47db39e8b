using System.Buffers.Binary;
using System.Xml.Linq;
using Genomics.Interpret.Plots;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Plots;

[TestFixture]
public sealed class LogoLayoutTests
{
    [Test]
    public void InformationContentLetterHeightsAreProbabilityTimesColumnInformation()
    {
        // Column 0: certain A (2 bits). Column 1: uniform (0 bits). Column 2: A 0.5, C 0.5 (1 bit).
        double[,] ppm = { { 1, 0.25, 0.5 }, { 0, 0.25, 0.5 }, { 0, 0.25, 0 }, { 0, 0.25, 0 } };
        var layout = LogoLayout.InformationContent(ppm);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Letters, Has.Count.EqualTo(3));
            Assert.That(layout.Letters[0], Is.EqualTo(new LogoLetter(0, 0, 0, 2)));
            Assert.That(layout.Letters.Where(l => l.Position == 2).Select(l => l.Height), Is.EqualTo(new[] { 0.5, 0.5 }).Within(1e-12));
            Assert.That(layout.Letters.Where(l => l.Position == 2).Select(l => l.Base), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(layout.YMax, Is.EqualTo(2));
        }
    }

    [Test]
    public void InformationContentStacksMostProbableOnTop()
    {
        double[,] ppm = { { 0.1 }, { 0.6 }, { 0.2 }, { 0.1 } };
        var layout = LogoLayout.InformationContent(ppm);
        var ic = 0.1 * Math.Log2(0.4) * 2 + 0.6 * Math.Log2(2.4) + 0.2 * Math.Log2(0.8);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Letters[^1].Base, Is.EqualTo(1));
            Assert.That(layout.Letters[^1].Top, Is.EqualTo(ic).Within(1e-12));
            Assert.That(layout.Letters[^1].Height, Is.EqualTo(0.6 * ic).Within(1e-12));
            for (var i = 1; i < layout.Letters.Count; i++)
            {
                Assert.That(layout.Letters[i].Bottom, Is.EqualTo(layout.Letters[i - 1].Top).Within(1e-12));
            }
        }
    }

    [Test]
    public void ContributionPutsNegativeLettersBelowTheAxis()
    {
        double[,] cwm = { { 0.5 }, { -0.2 }, { 0.3 }, { -0.4 } };
        var layout = LogoLayout.Contribution(cwm);
        var byBase = layout.Letters.ToDictionary(l => l.Base);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(byBase[2], Is.EqualTo(new LogoLetter(0, 2, 0, 0.3)));
            Assert.That(byBase[0].Bottom, Is.EqualTo(0.3).Within(1e-12));
            Assert.That(byBase[0].Top, Is.EqualTo(0.8).Within(1e-12));
            Assert.That(byBase[1], Is.EqualTo(new LogoLetter(0, 1, -0.2, 0)));
            Assert.That(byBase[3].Bottom, Is.EqualTo(-0.6).Within(1e-12));
            Assert.That(layout.YMin, Is.EqualTo(-0.6).Within(1e-12));
            Assert.That(layout.YMax, Is.EqualTo(0.8).Within(1e-12));
        }
    }

    [Test]
    public void ObservedContributionKeepsOnlyObservedBases()
    {
        double[,] att = { { 1, 2 }, { 3, 4 }, { 5, 6 }, { 7, -8 } };
        double[,] oneHot = { { 0, 0 }, { 1, 0 }, { 0, 0 }, { 0, 1 } };
        var layout = LogoLayout.ObservedContribution(att, oneHot);
        Assert.That(layout.Letters, Is.EqualTo(new[] { new LogoLetter(0, 1, 0, 3), new LogoLetter(1, 3, -8, 0) }));
    }

    [Test]
    public void BadMatricesThrowNamingTheArgument()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => LogoLayout.InformationContent(new double[3, 2]), Throws.ArgumentException.With.Property("ParamName").EqualTo("probabilities"));
            Assert.That(() => LogoLayout.InformationContent(new double[4, 2]), Throws.ArgumentException.With.Property("ParamName").EqualTo("probabilities"));
            Assert.That(() => LogoLayout.Contribution(new double[4, 0]), Throws.ArgumentException.With.Property("ParamName").EqualTo("contributions"));
            Assert.That(() => LogoLayout.Contribution(new double[,] { { double.NaN }, { 0 }, { 0 }, { 0 } }), Throws.ArgumentException.With.Property("ParamName").EqualTo("contributions"));
            Assert.That(() => LogoLayout.ObservedContribution(new double[4, 2], new double[4, 3]), Throws.ArgumentException.With.Property("ParamName").EqualTo("oneHot"));
        }
    }
}

[TestFixture]
public sealed class PlotRenderingTests
{
    private static readonly double[,] s_cwm = { { 0.5, 0, -0.1 }, { -0.2, 0.7, 0 }, { 0.3, 0, 0 }, { -0.4, 0, 0.9 } };

    // Letters are filled paths; axis lines are stroked paths with fill="none".
    internal static int CountPaths(string svg) =>
        XDocument.Parse(svg).Descendants().Count(e => e.Name.LocalName == "path" && (string?)e.Attribute("fill") is { } fill && fill != "none");

    internal static (int Width, int Height) PngSize(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.That(png.Take(8), Is.EqualTo(signature), "PNG signature");
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Test]
    public void NativeSkiaLibraryLoadsAndEncodesPng()
    {
        var logo = SequenceLogo.Contribution(s_cwm);
        var (w, h) = PngSize(logo.ToPng());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(w, Is.EqualTo(logo.Width));
            Assert.That(h, Is.EqualTo(logo.Height));
            Assert.That(PngSize(logo.ToPng(2f)), Is.EqualTo((logo.Width * 2, logo.Height * 2)));
        }
    }

    [Test]
    public void SvgLogoIsXmlWithOnePathPerVisibleLetter()
    {
        var layout = LogoLayout.Contribution(s_cwm);
        var svg = SequenceLogo.Draw(layout).ToSvg();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Letters, Has.Count.EqualTo(7));
            Assert.That(CountPaths(svg), Is.EqualTo(7));
            Assert.That(svg, Does.Contain("#109648").IgnoreCase.Or.Contain("rgb(16,150,72)"));
        }
    }

    [Test]
    public void InformationContentLogoHasOnePathPerLetter()
    {
        double[,] ppm = { { 1, 0.25 }, { 0, 0.25 }, { 0, 0.25 }, { 0, 0.25 } };
        Assert.That(CountPaths(SequenceLogo.InformationContent(ppm).ToSvg()), Is.EqualTo(1));
        Assert.That(CountPaths(SequenceLogo.InformationContent(new Genomics.Interpret.Motifs.PositionProbabilityMatrix(ppm)).ToSvg()), Is.EqualTo(1));
        Assert.That(CountPaths(SequenceLogo.Contribution(new Genomics.Interpret.Motifs.ContributionMatrix(s_cwm)).ToSvg()), Is.EqualTo(7));
    }

    [Test]
    public void SaveWritesSvgAndPngAtomically()
    {
        using var scratch = new ScratchFolder();
        var logo = SequenceLogo.Contribution(s_cwm, new LogoOptions { Title = "CWM" });
        var svgPath = scratch.PathOf("logo.svg");
        var pngPath = scratch.PathOf("logo.png");
        File.WriteAllText(pngPath, "old");
        logo.Save(svgPath);
        logo.Save(pngPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(CountPaths(File.ReadAllText(svgPath)), Is.EqualTo(7));
            Assert.That(PngSize(File.ReadAllBytes(pngPath)), Is.EqualTo((logo.Width, logo.Height)));
            Assert.That(Directory.GetFiles(scratch.Root), Has.Length.EqualTo(2), "no temporary files left");
            Assert.That(() => logo.Save(scratch.PathOf("logo.gif")), Throws.ArgumentException.With.Property("ParamName").EqualTo("path"));
        }
    }

    [Test]
    public void AttributionTrackDrawsObservedLettersOrBars()
    {
        var att = new double[4, 600];
        var oneHot = new double[4, 600];
        for (var j = 0; j < 600; j++)
        {
            oneHot[j % 4, j] = 1;
            att[j % 4, j] = j % 3 == 0 ? 0 : Math.Sin(j);
        }

        var logo = AttributionPlot.Draw(att, oneHot, start: 100, length: 40);
        var bars = AttributionPlot.Draw(att, oneHot, start: 100, length: 40, style: AttributionStyle.Bars);
        var expectedLetters = Enumerable.Range(100, 40).Count(j => j % 3 != 0);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(CountPaths(logo.ToSvg()), Is.EqualTo(expectedLetters));
            Assert.That(XDocument.Parse(bars.ToSvg()).Descendants().Count(e => e.Name.LocalName == "rect"), Is.EqualTo(expectedLetters + 1), "background + one bar per non-zero position");
            Assert.That(() => AttributionPlot.Draw(att, oneHot), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("length"));
            Assert.That(() => AttributionPlot.Draw(att, oneHot, start: 600), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("start"));
        }
    }

    [Test]
    public void ChartsRenderToValidSvgAndPng()
    {
        var curve = Charts.Line([new ChartSeries("train", [1, 2, 3], [0.9, 0.5, 0.3]), new ChartSeries("valid", [1, 2, 3], [1.0, 0.7, 0.6])], "loss", "epoch", "loss");
        var roc = Charts.Roc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
        var pr = Charts.PrecisionRecall([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
        var heat = Charts.Heatmap(new double[,] { { 0, 1, 2 }, { 3, 4, 5 } }, "attention", cellSize: 10);
        using (Assert.EnterMultipleScope())
        {
            foreach (var chart in new[] { curve, roc, pr, heat })
            {
                Assert.That(PngSize(chart.ToPng()), Is.EqualTo((chart.Width, chart.Height)));
                Assert.That(() => XDocument.Parse(chart.ToSvg()), Throws.Nothing);
            }

            Assert.That(XDocument.Parse(curve.ToSvg()).Descendants().Count(e => e.Name.LocalName == "path"), Is.GreaterThanOrEqualTo(2));
            Assert.That(roc.ToSvg(), Does.Contain("AUROC 0.750"));
            Assert.That(heat.Width, Is.EqualTo(70 + 130 + 30));
            Assert.That(() => Charts.Line([]), Throws.ArgumentException.With.Property("ParamName").EqualTo("series"));
            Assert.That(() => Charts.Heatmap(new double[0, 0]), Throws.ArgumentException.With.Property("ParamName").EqualTo("values"));
        }
    }
}
