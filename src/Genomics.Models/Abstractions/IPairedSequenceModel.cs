using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Abstractions;

/// <summary>A model of two aligned inputs (e.g. the two alleles of a locus), each (N, C, L).</summary>
/// <remarks>Use <see cref="Adapters.PairedAlleleView"/> to turn it into an <see cref="ISequenceModel"/> for any engine.</remarks>
public interface IPairedSequenceModel
{
    /// <summary>The expected input of each side.</summary>
    SequenceInputSpec Input { get; }

    /// <summary>The produced output (N, T).</summary>
    SequenceOutputSpec Output { get; }

    /// <summary>The layers of the shared trunk and heads.</summary>
    IReadOnlyList<LayerInfo> Layers { get; }

    /// <summary>The underlying TorchSharp module.</summary>
    nn.Module Module { get; }

    /// <summary>Runs the model on a pair of inputs.</summary>
    /// <param name="first">First inputs (N, C, L), float32 (e.g. the reference allele).</param>
    /// <param name="second">Second inputs (N, C, L), float32 (e.g. the alternative allele).</param>
    /// <returns>Outputs (N, T), float32, pre-activation.</returns>
    Tensor Evaluate(Tensor first, Tensor second);
}
