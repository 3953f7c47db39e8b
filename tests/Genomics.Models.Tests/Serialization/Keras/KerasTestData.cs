using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Serialization.Keras;

/// <summary>
/// Paths of the published Keras files in the shared data folder (../shared/data beside the repository root), the
/// reference outputs of tools/reference/keras_forward_reference.py, and one-hot encoding for the tests.
/// </summary>
internal static class KerasTestData
{
    private static readonly Lazy<string> s_repositoryRoot = new(() => Genomics.TestKit.RepositoryFiles.Root);
    private static readonly Lazy<KerasForwardReference> s_reference = new(LoadReference);
    private static readonly JsonSerializerOptions s_jsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string DeepDifEArchitecture => Shared("deepdife", "model_single.json");

    public static string DeepDifEWeights => Shared("deepdife", "weights_single.h5");

    public static string NeuronMotifDemo1 => Shared("neuronmotif", "demo1", "weight.hdf5");

    public static string NeuronMotifDemo2 => Shared("neuronmotif", "demo2", "weight.hdf5");

    public static KerasForwardReference Reference => s_reference.Value;

    /// <summary>A path below the repository root.</summary>
    public static string Repository(params string[] parts)
        => Path.Combine([s_repositoryRoot.Value, .. parts]);

    public static string Shared(params string[] parts)
        => Path.Combine([s_repositoryRoot.Value, "..", "shared", "data", .. parts]);

    /// <summary>One-hot (N, 4, L) float32 in A, C, G, T order; other characters (N) are all-zero columns.</summary>
    public static Tensor OneHot(IReadOnlyList<string> sequences, ScalarType dtype = ScalarType.Float32)
    {
        var length = sequences[0].Length;
        var data = new float[sequences.Count * 4 * length];
        for (var n = 0; n < sequences.Count; n++)
        {
            for (var l = 0; l < length; l++)
            {
                var c = "ACGT".IndexOf(sequences[n][l], StringComparison.Ordinal);
                if (c >= 0)
                {
                    data[(n * 4 * length) + (c * length) + l] = 1;
                }
            }
        }

        using var x = torch.tensor(data, [sequences.Count, 4, length]);
        return x.to_type(dtype);
    }

    private static KerasForwardReference LoadReference()
    {
        var path = Path.Combine(s_repositoryRoot.Value, "tests", "Genomics.Models.Tests", "Serialization", "Keras", "keras_forward_reference.json");
        return JsonSerializer.Deserialize<KerasForwardReference>(File.ReadAllText(path), s_jsonOptions)
            ?? throw new InvalidDataException($"{path} holds no reference values.");
    }
}

/// <summary>The content of keras_forward_reference.json (numpy float64 forward passes in Keras layout).</summary>
internal sealed record KerasForwardReference(Dictionary<string, string> Versions, Dictionary<string, KerasForwardReference.ModelCases> Models)
{
    public sealed record ModelCases(string Weights, Case[] Cases);

    public sealed record Case(
        string Sequence,
        double[] Logit,
        double[] Probability,
        double[] ReverseComplementLogit,
        double[] ReverseComplementProbability,
        double[] ConjoinedProbability);
}
