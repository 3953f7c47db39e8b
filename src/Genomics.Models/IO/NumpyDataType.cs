using System.Diagnostics.CodeAnalysis;

namespace Genomics.Models.IO;

/// <summary>The element type a <see cref="NumpyArray"/> holds (and writes): NumPy's <c>float32</c> or <c>float64</c>.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "NumPy's dtype names, which users of .npy files know.")]
public enum NumpyDataType
{
    /// <summary>32-bit floats, <c>'&lt;f4'</c>.</summary>
    Float32 = 0,

    /// <summary>64-bit floats, <c>'&lt;f8'</c>.</summary>
    Float64 = 1,
}
