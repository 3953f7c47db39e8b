using Genomics.Models.Encoding;
using Genomics.Models.Training;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Training;

/// <summary>
/// A tiny synthetic classification task: random DNA of a fixed length, label 1 when a GATA motif was planted.
/// Examples come in families of three (consecutive examples) that play the role of gene families.
/// </summary>
internal static class MotifTask
{
    public const int Length = 24;

    /// <summary>Builds N examples with targets (N, 1) float32 and one family name per example.</summary>
    public static (TrainingSet Data, string[] Groups) Create(int n, int seed)
    {
        var random = new Random(seed);
        var sequences = new string[n];
        var labels = new float[n];
        for (var i = 0; i < n; i++)
        {
            var bases = Enumerable.Range(0, Length).Select(_ => "ACGT"[random.Next(4)]).ToArray();
            if (i % 2 == 0)
            {
                var at = random.Next(Length - 4);
                "GATA".CopyTo(bases.AsSpan(at));
                labels[i] = 1;
            }

            sequences[i] = new string(bases);
        }

        var inputs = OneHotEncoder.Encode(sequences);
        var targets = tensor(labels).reshape(n, 1);
        var groups = Enumerable.Range(0, n).Select(i => $"family{i / 3:D2}").ToArray();
        return (new TrainingSet(inputs, targets), groups);
    }
}
