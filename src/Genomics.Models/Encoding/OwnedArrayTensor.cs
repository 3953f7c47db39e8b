using static TorchSharp.torch;

namespace Genomics.Models.Encoding;

/// <summary>
/// Turns a freshly filled managed array into a CPU tensor without copying it: the tensor takes the (pinned) array
/// as its storage. Only for arrays that nothing else keeps; <c>torch.tensor(array, shape)</c> would clone it first.
/// </summary>
internal static class OwnedArrayTensor
{
    /// <summary>Wraps <paramref name="values"/> (row-major) as a tensor of <paramref name="shape"/>.</summary>
    public static Tensor Wrap(Array values, ReadOnlySpan<long> shape)
    {
        using var flat = from_array(values);
        return flat.view(shape.ToArray());
    }
}
