using Genomics.Models.Abstractions;
using static TorchSharp.torch;

namespace Genomics.Interpret.References;

/// <summary>
/// Produces reference sequences (what some tools call baselines) for attribution methods such as DeepLIFT-SHAP and
/// integrated gradients: K references per input example.
/// </summary>
public interface IReferenceGenerator
{
    /// <summary>Generates <paramref name="referenceCount"/> references for every example of a one-hot batch.</summary>
    /// <param name="sequences">One-hot sequences, shape (N, 4, L) in A, C, G, T order; any floating or integer dtype;
    /// columns must be one-hot or all zero (an unknown base, N).</param>
    /// <param name="referenceCount">K, the number of references per example; at least 1.</param>
    /// <param name="seed">Seed. Reference k of example i depends only on (seed, i, k) and example i, so results do
    /// not depend on batch composition.</param>
    /// <returns>References, shape (N, K, 4, L), float32, on the device of <paramref name="sequences"/>.</returns>
    /// <remarks>References are always generated on the CPU, then moved.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="sequences"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sequences"/> is not (N, 4, L) or not one-hot.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="referenceCount"/> is below 1.</exception>
    Tensor Generate(Tensor sequences, int referenceCount, long seed);

    /// <summary>
    /// Generates references for a piece of a larger input whose first example is example
    /// <paramref name="firstExample"/> of that input: reference k of the piece's example i is the reference k that
    /// <see cref="Generate"/> gives example <paramref name="firstExample"/> + i of the whole input, so an input attributed
    /// piece by piece (a shard, a chunk) gets the references of one call. The library's generators all support it; a
    /// generator of one's own supports only <paramref name="firstExample"/> = 0 unless it implements this method.
    /// </summary>
    /// <param name="sequences">The piece's examples, as for <see cref="Generate"/>.</param>
    /// <param name="referenceCount">K, at least 1.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="firstExample">The index of the piece's first example in the whole input, at least 0.</param>
    /// <returns>References, shape (N, K, C, L), float32.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstExample"/> is negative.</exception>
    /// <exception cref="NotSupportedException">A generator of one's own that does not implement this method was given
    /// a <paramref name="firstExample"/> above 0.</exception>
    Tensor GenerateFrom(Tensor sequences, int referenceCount, long seed, long firstExample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstExample);
        return firstExample == 0
            ? Generate(sequences, referenceCount, seed)
            : throw new NotSupportedException($"The reference generator {GetType().Name} does not say how its references depend on an example's index; implement IReferenceGenerator.GenerateFrom to attribute an input in pieces with it.");
    }

    /// <summary>Whether the generator accepts inputs of a kind. (Di)nucleotide shuffles and other sequence-based
    /// generators need one-hot input (the default); track generators (<see cref="ConstantReference"/>,
    /// <see cref="TrackMeans"/>, <see cref="BinShuffle"/>) and fixed backgrounds (<see cref="BackgroundReferences"/>) accept both kinds. Engines reject a mismatch with an
    /// <see cref="ArgumentException"/>.</summary>
    /// <param name="kind">The model's input kind.</param>
    /// <returns>True when the generator can produce references for that kind of input.</returns>
    bool Supports(InputKind kind) => kind == InputKind.OneHot;
}
