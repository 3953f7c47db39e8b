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

    /// <summary>Whether the generator accepts inputs of a kind. (Di)nucleotide shuffles and other sequence-based
    /// generators need one-hot input (the default); track generators (<see cref="ConstantReference"/>,
    /// <see cref="TrackMeans"/>, <see cref="BinShuffle"/>) and fixed backgrounds (<see cref="BackgroundReferences"/>) accept both kinds. Engines reject a mismatch with an
    /// <see cref="ArgumentException"/>.</summary>
    /// <param name="kind">The model's input kind.</param>
    /// <returns>True when the generator can produce references for that kind of input.</returns>
    bool Supports(InputKind kind) => kind == InputKind.OneHot;
}
