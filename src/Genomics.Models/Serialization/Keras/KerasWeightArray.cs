using static TorchSharp.torch;

namespace Genomics.Models.Serialization.Keras;

/// <summary>One weight array of a Keras layer, in Keras layout (e.g. a Conv1D kernel is (k, in, out)).</summary>
/// <remarks>Values are held as float32 in row-major (C) order; float64 and float16 files are converted on reading.</remarks>
public sealed class KerasWeightArray
{
    private readonly float[] _values;

    internal KerasWeightArray(string name, IReadOnlyList<int> shape, float[] values)
    {
        Name = name;
        ShortName = ShortNameOf(name);
        Shape = shape.ToArray();
        _values = values;
    }

    /// <summary>The full weight name as stored in the layer's <c>weight_names</c> attribute, e.g. <c>conv2d/kernel:0</c>.</summary>
    public string Name { get; }

    /// <summary>The last path segment of <see cref="Name"/> without the <c>:0</c> suffix, e.g. <c>kernel</c>, <c>moving_mean</c>.</summary>
    public string ShortName { get; }

    /// <summary>The array shape in Keras layout (empty for a scalar).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The values in row-major order.</summary>
    public IReadOnlyList<float> Values => _values;

    /// <summary>Copies the array into a new tensor.</summary>
    /// <returns>A float32 CPU tensor of shape <see cref="Shape"/> (Keras layout). The caller owns it.</returns>
    public Tensor ToTensor() => tensor(_values, Shape.Select(d => (long)d).ToArray(), ScalarType.Float32);

    /// <summary>Formats the shape as <c>[a, b, c]</c> for messages.</summary>
    /// <returns>The formatted shape.</returns>
    public string FormatShape() => FormatShape(Shape);

    internal static string FormatShape(IEnumerable<int> shape) => $"[{string.Join(", ", shape)}]";

    internal static string FormatShape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";

    private static string ShortNameOf(string name)
    {
        var slash = name.LastIndexOf('/');
        var last = slash < 0 ? name : name[(slash + 1)..];
        var colon = last.LastIndexOf(':');
        return colon < 0 ? last : last[..colon];
    }
}
