using Genomics.Models.Architectures.NeuronMotifDemo;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Neurons;

/// <summary>
/// A 12-nt model whose conv1 neuron counts matches to motif A (TTAT at 0–3) and motif B (ATTA at 6–9) minus 7.5, so it
/// is positive only when both motifs are intact; the output is sign·ReLU(conv1): a purely synergistic pair.
/// </summary>
internal static class PairModel
{
    public const string MotifA = "TTAT";

    public const string MotifB = "ATTA";

    public static NeuronMotifDemoModel Create(float sign)
    {
        var model = new NeuronMotifDemoModel(new NeuronMotifDemoOptions { InputLength = 12, ConvLayers = [new(1, 12), new(1, 1)] });
        var weights = new float[4 * 12];
        for (var p = 0; p < 4; p++)
        {
            weights[("ACGT".IndexOf(MotifA[p], StringComparison.Ordinal) * 12) + p] = 1;
            weights[("ACGT".IndexOf(MotifB[p], StringComparison.Ordinal) * 12) + 6 + p] = 1;
        }

        using (torch.no_grad())
        {
            var conv1 = (Genomics.Models.Layers.Conv1dLayer)model.named_modules().First(m => m.name == "conv1").module;
            var conv2 = (Genomics.Models.Layers.Conv1dLayer)model.named_modules().First(m => m.name == "conv2").module;
            using var w1 = torch.tensor(weights, [1, 4, 12]);
            using var b1 = torch.tensor(new[] { -7.5f });
            using var w2 = torch.tensor(new[] { sign }, [1, 1, 1]);
            using var b2 = torch.zeros(1);
            conv1.Weight.copy_(w1);
            conv1.Bias!.copy_(b1);
            conv2.Weight.copy_(w2);
            conv2.Bias!.copy_(b2);
        }

        model.eval();
        return model;
    }

    /// <summary>Sequences holding both motifs, with C/G backgrounds at positions 4, 5, 10, 11.</summary>
    public static string[] Sequences(int count)
    {
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            var bg = new char[4];
            for (var k = 0; k < 4; k++)
            {
                bg[k] = ((i >> k) & 1) == 0 ? 'C' : 'G';
            }

            result[i] = $"{MotifA}{bg[0]}{bg[1]}{MotifB}{bg[2]}{bg[3]}";
        }

        return result;
    }
}
