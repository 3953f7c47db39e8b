using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Serialization;

/// <summary>Copies tensor contents into arrays so NUnit can compare them element by element.</summary>
internal static class TensorValues
{
    /// <summary>The tensor's float32 values in row-major order (converted when the dtype differs).</summary>
    public static float[] Floats(Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        return tensor.detach().cpu().to(float32).contiguous().data<float>().ToArray();
    }

    /// <summary>The tensor's raw bytes in row-major order, for bit-exact comparisons.</summary>
    public static byte[] Bytes(Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        return tensor.detach().cpu().contiguous().bytes.ToArray();
    }
}
