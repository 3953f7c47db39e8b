using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.References;

/// <summary>Helpers to move between symbol strings ("ACGTN") and one-hot tensors in reference tests.</summary>
internal static class ReferenceTestData
{
    public static Tensor OneHot(params string[] sequences)
    {
        var length = sequences[0].Length;
        var values = new float[sequences.Length * 4 * length];
        for (var i = 0; i < sequences.Length; i++)
        {
            for (var p = 0; p < length; p++)
            {
                var b = "ACGT".IndexOf(sequences[i][p], StringComparison.Ordinal);
                if (b >= 0)
                {
                    values[(((i * 4) + b) * length) + p] = 1f;
                }
            }
        }

        return torch.tensor(values, [sequences.Length, 4, length]);
    }

    /// <summary>Decodes an (N, K, 4, L) tensor to strings [i][k]; throws if a column is not one-hot or all zero.</summary>
    public static string[][] Decode(Tensor references)
    {
        var (n, k, length) = ((int)references.shape[0], (int)references.shape[1], (int)references.shape[3]);
        var values = references.contiguous().data<float>().ToArray();
        var result = new string[n][];
        for (var i = 0; i < n; i++)
        {
            result[i] = new string[k];
            for (var r = 0; r < k; r++)
            {
                var chars = new char[length];
                for (var p = 0; p < length; p++)
                {
                    chars[p] = 'N';
                    for (var b = 0; b < 4; b++)
                    {
                        var v = values[((((i * k) + r) * 4 + b) * length) + p];
                        if (v == 1f && chars[p] == 'N')
                        {
                            chars[p] = "ACGT"[b];
                        }
                        else if (v != 0f)
                        {
                            throw new InvalidOperationException($"Column {p} of reference ({i}, {r}) is not one-hot.");
                        }
                    }
                }

                result[i][r] = new string(chars);
            }
        }

        return result;
    }

    public static Dictionary<string, int> PairCounts(string sequence)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var p = 0; p + 1 < sequence.Length; p++)
        {
            var pair = sequence.Substring(p, 2);
            counts[pair] = counts.GetValueOrDefault(pair) + 1;
        }

        return counts;
    }

    public static string RandomBases(Random random, int length, string alphabet = "ACGT") =>
        string.Create(length, (random, alphabet), static (span, state) =>
        {
            for (var p = 0; p < span.Length; p++)
            {
                span[p] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });
}
