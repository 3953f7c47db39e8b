using System.Globalization;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.DeepLift;
using Genomics.Interpret.References;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Compute;
using Genomics.Models.Evaluation;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.DeepLift;

/// <summary>
/// Compares AttentiveChrome's own attention maps with DeepLIFT-SHAP on the same trained model (the planted-mark model
/// of <see cref="RecurrentDeepLiftTests"/>) and asserts the agreement recorded in docs/results.md ("AttentiveChrome:
/// attention maps against DeepLIFT-SHAP"). The measures are printed to the test output.
/// </summary>
[NonParallelizable]
public sealed class AttentionMapAgreementTests
{
    private const int Bins = 12;
    private const int Mark = 1;
    private const int Genes = 32;

    [Test]
    public void AttentiveChrome_AttentionMaps_AgainstDeepLift()
    {
        using var seed = new TorchSeedScope(8);
        using var model = new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = Bins, BinHiddenSize = 6, MarkHiddenSize = 4 });
        var (x, y) = RecurrentDeepLiftTests.PlantedMarkData(128, Bins, Mark, seed: 9);
        using (x)
        using (y)
        {
            RecurrentDeepLiftTests.Train(model, x, y, steps: 60, logistic: true, learningRate: 0.02);
        }

        using var test = RecurrentDeepLiftTests.PlantedMarkData(Genes, Bins, Mark, seed: 11).Inputs;
        var method = new DeepLiftShap(new DeepLiftShapOptions { References = 1, ReferenceGenerator = new ConstantReference(0.5f), Strict = true, WarnThreshold = 1e-4 });
        using var result = method.Attribute(model, test, AttributionTarget.Output(0));
        using var maps = Explain(model, test);

        var scores = Read(result.Scores);                          // (genes, marks, bins)
        var alpha = Read(maps.BinAttention);                       // (genes, marks, bins)
        var beta = maps.MarkAttention.to_type(ScalarType.Float64).data<double>().ToArray(); // (genes, marks)
        var marks = 5;
        int betaTopIsPlanted = 0, betaTopIsPlantedHigh = 0, deepLiftTopIsPlanted = 0, topAgree = 0;
        var markCorrelations = new List<double>();
        var binCorrelations = new List<double>();
        for (var n = 0; n < Genes; n++)
        {
            var net = Enumerable.Range(0, marks).Select(j => Math.Abs(Enumerable.Range(0, Bins).Sum(b => scores[n, j, b]))).ToArray();
            var attention = beta.AsSpan(n * marks, marks).ToArray();
            var betaTop = Array.IndexOf(attention, attention.Max());
            var deepLiftTop = Array.IndexOf(net, net.Max());
            betaTopIsPlanted += betaTop == Mark ? 1 : 0;
            betaTopIsPlantedHigh += betaTop == Mark && n % 2 == 0 ? 1 : 0;   // even genes have the planted mark high
            deepLiftTopIsPlanted += deepLiftTop == Mark ? 1 : 0;
            topAgree += betaTop == deepLiftTop ? 1 : 0;
            markCorrelations.Add(Metrics.Pearson(attention, net));
            var binAttention = Enumerable.Range(0, Bins).Select(b => alpha[n, Mark, b]).ToArray();
            var binScores = Enumerable.Range(0, Bins).Select(b => Math.Abs(scores[n, Mark, b])).ToArray();
            binCorrelations.Add(Metrics.Pearson(binAttention, binScores));
        }

        var measures = new Dictionary<string, double>
        {
            ["mark attention top = planted mark"] = betaTopIsPlanted / (double)Genes,
            ["mark attention top = planted mark, high genes"] = betaTopIsPlantedHigh / (Genes / 2.0),
            ["DeepLIFT top mark = planted mark"] = deepLiftTopIsPlanted / (double)Genes,
            ["top mark agrees"] = topAgree / (double)Genes,
            ["mean Pearson(beta, |net DeepLIFT per mark|)"] = markCorrelations.Average(),
            ["mean Pearson(alpha, |DeepLIFT| per bin), planted mark"] = binCorrelations.Where(double.IsFinite).Average(),
        };
        foreach (var (name, value) in measures)
        {
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:F3}"));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.MaxConvergenceDelta, Is.LessThan(1e-4));
            Assert.That(measures["DeepLIFT top mark = planted mark"], Is.EqualTo(1.0));
            Assert.That(measures["mark attention top = planted mark"], Is.EqualTo(Recorded.MarkAttentionTopIsPlanted).Within(0.07));
            Assert.That(measures["mark attention top = planted mark, high genes"], Is.EqualTo(Recorded.MarkAttentionTopIsPlantedHigh).Within(0.13));
            Assert.That(measures["top mark agrees"], Is.EqualTo(Recorded.TopMarkAgrees).Within(0.07));
            Assert.That(measures["mean Pearson(beta, |net DeepLIFT per mark|)"], Is.EqualTo(Recorded.MarkPearson).Within(0.05));
            Assert.That(measures["mean Pearson(alpha, |DeepLIFT| per bin), planted mark"], Is.EqualTo(Recorded.BinPearson).Within(0.05));
        }
    }

    private static AttentiveChromeOutput Explain(AttentiveChromeModel model, Tensor input)
    {
        using var noGrad = torch.no_grad();
        model.eval();
        return model.Explain(input);
    }

    private static double[,,] Read(Tensor t)
    {
        var values = t.to_type(ScalarType.Float64).data<double>().ToArray();
        var (a, b, c) = ((int)t.shape[0], (int)t.shape[1], (int)t.shape[2]);
        var result = new double[a, b, c];
        Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(double));
        return result;
    }

    /// <summary>The values recorded in docs/results.md.</summary>
    private static class Recorded
    {
        public const double MarkAttentionTopIsPlanted = 0.5;
        public const double MarkAttentionTopIsPlantedHigh = 1.0;
        public const double TopMarkAgrees = 0.5;
        public const double MarkPearson = 0.189;
        public const double BinPearson = 0.101;
    }
}
