using static TorchSharp.torch;

namespace Genomics.Models.IO;

/// <summary>
/// DeepDifE's SHAP background (<c>data/background_100samples.pkl</c>): one-hot sequences and their reverse complements,
/// read as data by <see cref="PickleReader"/> and converted from Keras' (N, L, 4, 1) layout to the library's (N, 4, L).
/// </summary>
/// <remarks>
/// The pickle holds a list of two numpy int64 arrays of shape (N, L, 4, 1) (100 × 600 × 4 × 1 in the published file):
/// forward sequences, then their reverse complements, as DeepDifE passes them to SHAP's DeepExplainer. (N, L, 4) arrays
/// and any numeric dtype are accepted too.
/// </remarks>
public sealed class DeepDifEBackground
{
    private DeepDifEBackground(int count, int length, float[] forward, float[] reverse)
    {
        Count = count;
        Length = length;
        Forward = forward;
        ReverseComplement = reverse;
    }

    /// <summary>Gets the number of sequences N.</summary>
    public int Count { get; }

    /// <summary>Gets the sequence length L.</summary>
    public int Length { get; }

    /// <summary>Gets the forward sequences, (N, 4, L) in C order: sequence n, base c (A, C, G, T), position l at (n × 4 + c) × L + l. Shared: do not modify.</summary>
    public float[] Forward { get; }

    /// <summary>Gets the reverse complements in the same layout as <see cref="Forward"/>. Shared: do not modify.</summary>
    public float[] ReverseComplement { get; }

    /// <summary>The forward sequences as an (N, 4, L) float32 tensor.</summary>
    /// <returns>A new tensor; the caller disposes it.</returns>
    public Tensor ForwardTensor() => tensor(Forward, [Count, 4, Length]);

    /// <summary>The reverse complements as an (N, 4, L) float32 tensor.</summary>
    /// <returns>A new tensor; the caller disposes it.</returns>
    public Tensor ReverseComplementTensor() => tensor(ReverseComplement, [Count, 4, Length]);

    /// <summary>Reads the background pickle.</summary>
    /// <param name="path">The <c>.pkl</c> file.</param>
    /// <returns>The two sets of sequences.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="PickleGlobalRefusedException">The pickle names a global other than numpy's reconstruction.</exception>
    /// <exception cref="PickleFormatException">The pickle is truncated or malformed.</exception>
    /// <exception cref="DataFormatException">
    /// The pickle is not a list of two (N, L, 4, 1) or (N, L, 4) numpy arrays of equal shape.
    /// </exception>
    public static DeepDifEBackground Read(string path)
    {
        var value = PickleReader.Read(path);
        if (value is not IReadOnlyList<object?> { Count: 2 } items || items[0] is not PickledArray forward || items[1] is not PickledArray reverse)
        {
            throw new DataFormatException(path, null, "expected a list of two numpy arrays (the sequences and their reverse complements), as DeepDifE pickles its SHAP background");
        }

        var shape = forward.Shape;
        var valid = (shape.Count == 4 && shape[3] == 1) || shape.Count == 3;
        if (!valid || shape[2] != 4 || !shape.SequenceEqual(reverse.Shape) || shape[0] > int.MaxValue || shape[1] > int.MaxValue)
        {
            throw new DataFormatException(path, null,
                $"the arrays have shapes ({string.Join(", ", shape)}) and ({string.Join(", ", reverse.Shape)}); expected two equal (N, L, 4, 1) or (N, L, 4) one-hot arrays");
        }

        var n = (int)shape[0];
        var length = (int)shape[1];
        return new DeepDifEBackground(n, length, AllelePairDataset.ChannelsFirst(forward.ToSingles(), n, length), AllelePairDataset.ChannelsFirst(reverse.ToSingles(), n, length));
    }
}
