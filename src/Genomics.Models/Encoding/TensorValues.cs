using static TorchSharp.torch;

namespace Genomics.Models.Encoding;

/// <summary>Copies tensor contents into managed arrays.</summary>
internal static class TensorValues
{
    /// <summary>Copies a tensor of any numeric dtype and device into a float array in row-major order.</summary>
    public static float[] ToFloatArray(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return cpu.data<float>().ToArray();
    }

    /// <summary>Copies a tensor of any integer or floating dtype and device into a long array in row-major order.</summary>
    public static long[] ToInt64Array(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().cpu().to_type(ScalarType.Int64).contiguous();
        return cpu.data<long>().ToArray();
    }
}
