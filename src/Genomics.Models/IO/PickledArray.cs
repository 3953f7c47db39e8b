using System.Globalization;
using static TorchSharp.torch;

namespace Genomics.Models.IO;

/// <summary>The element type of a <see cref="PickledArray"/>: numpy's booleans, integers and floating-point numbers.</summary>
#pragma warning disable CA1720 // the members are numpy's dtype names
public enum PickledElementType
{
    /// <summary>numpy <c>bool</c> (<c>|b1</c>), held as <see cref="bool"/>.</summary>
    Boolean,

    /// <summary>numpy <c>int8</c>, held as <see cref="sbyte"/>.</summary>
    Int8,

    /// <summary>numpy <c>uint8</c>, held as <see cref="byte"/>.</summary>
    UInt8,

    /// <summary>numpy <c>int16</c>, held as <see cref="short"/>.</summary>
    Int16,

    /// <summary>numpy <c>uint16</c>, held as <see cref="ushort"/>.</summary>
    UInt16,

    /// <summary>numpy <c>int32</c>, held as <see cref="int"/>.</summary>
    Int32,

    /// <summary>numpy <c>uint32</c>, held as <see cref="uint"/>.</summary>
    UInt32,

    /// <summary>numpy <c>int64</c>, held as <see cref="long"/>.</summary>
    Int64,

    /// <summary>numpy <c>uint64</c>, held as <see cref="ulong"/>.</summary>
    UInt64,

    /// <summary>numpy <c>float16</c>, held as <see cref="Half"/>.</summary>
    Float16,

    /// <summary>numpy <c>float32</c>, held as <see cref="float"/>.</summary>
    Float32,

    /// <summary>numpy <c>float64</c>, held as <see cref="double"/>.</summary>
    Float64,
}
#pragma warning restore CA1720

/// <summary>
/// A numpy array read from a pickle by <see cref="PickleReader"/>: its shape, element type and values in C (row-major)
/// order, whatever the order and byte order it was pickled in.
/// </summary>
public sealed class PickledArray
{
    internal PickledArray()
    {
        Shape = [];
        Values = Array.Empty<double>();
    }

    /// <summary>Gets the shape; empty for a 0-dimensional array.</summary>
    public IReadOnlyList<long> Shape { get; private set; }

    /// <summary>Gets the element type.</summary>
    public PickledElementType ElementType { get; private set; }

    /// <summary>
    /// Gets the values in C order as a typed array (<see cref="bool"/>[], <see cref="long"/>[], <see cref="float"/>[], …, as
    /// <see cref="ElementType"/> says), in the machine's byte order. Shared, not copied: do not modify.
    /// </summary>
    public Array Values { get; private set; }

    /// <summary>Gets the number of elements (the product of <see cref="Shape"/>).</summary>
    public long Count => Values.LongLength;

    internal bool IsBuilt { get; private set; }

    /// <summary>Gets the numpy dtype name, e.g. <c>float32</c> or <c>int64</c>.</summary>
    public string DTypeName => ElementType switch
    {
        PickledElementType.Boolean => "bool",
        _ => ElementType.ToString().ToLowerInvariant(),
    };

    /// <summary>The values converted to float32 (booleans as 0 and 1), in C order.</summary>
    /// <returns>A new array.</returns>
    public float[] ToSingles()
    {
        var n = Values.Length;
        var result = new float[n];
        switch (Values)
        {
            case float[] f: Array.Copy(f, result, n); break;
            case double[] d: for (var i = 0; i < n; i++) { result[i] = (float)d[i]; } break;
            case Half[] h: for (var i = 0; i < n; i++) { result[i] = (float)h[i]; } break;
            case bool[] b: for (var i = 0; i < n; i++) { result[i] = b[i] ? 1f : 0f; } break;
            default: for (var i = 0; i < n; i++) { result[i] = Convert.ToSingle(Values.GetValue(i), CultureInfo.InvariantCulture); } break;
        }

        return result;
    }

    /// <summary>The values converted to float64 (booleans as 0 and 1), in C order.</summary>
    /// <returns>A new array.</returns>
    public double[] ToDoubles()
    {
        var n = Values.Length;
        var result = new double[n];
        switch (Values)
        {
            case double[] d: Array.Copy(d, result, n); break;
            case float[] f: for (var i = 0; i < n; i++) { result[i] = f[i]; } break;
            case Half[] h: for (var i = 0; i < n; i++) { result[i] = (double)h[i]; } break;
            case bool[] b: for (var i = 0; i < n; i++) { result[i] = b[i] ? 1d : 0d; } break;
            default: for (var i = 0; i < n; i++) { result[i] = Convert.ToDouble(Values.GetValue(i), CultureInfo.InvariantCulture); } break;
        }

        return result;
    }

    /// <summary>The values as a float32 tensor of <see cref="Shape"/> on the CPU.</summary>
    /// <returns>A new tensor; the caller disposes it.</returns>
    public Tensor ToTensor() => tensor(ToSingles(), [.. Shape]);

    /// <inheritdoc />
    public override string ToString() =>
        $"array({DTypeName}, shape ({string.Join(", ", Shape)}{(Shape.Count == 1 ? "," : string.Empty)}))";

    internal void Set(long[] shape, PickledElementType type, Array values)
    {
        Shape = shape;
        ElementType = type;
        Values = values;
        IsBuilt = true;
    }
}
