using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Genomics.Models.IO;

/// <summary>
/// An n-dimensional array in C (row-major) order as NumPy's <c>.npy</c> format stores it: a shape and float32 or float64
/// values. <see cref="NpyFile"/> and <see cref="NpzFile"/> read and write it; integer and boolean files (one-hot
/// sequences saved as <c>int8</c> or <c>bool</c>) are read as float32.
/// </summary>
public sealed class NumpyArray
{
    private readonly float[]? _single;
    private readonly double[]? _double;
    private readonly int[] _shape;
    private readonly string? _sourceType;

    /// <summary>Wraps float32 values (not copied) in a shape.</summary>
    /// <param name="values">The values in C order.</param>
    /// <param name="shape">The shape; its product must equal the number of values. An empty shape is a 0-d array of one value.</param>
    /// <exception cref="ArgumentException">The shape has a negative dimension or does not match the number of values.</exception>
    public NumpyArray(float[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        _shape = CheckShape(shape, values.LongLength);
        _single = values;
    }

    /// <summary>Wraps float64 values (not copied) in a shape.</summary>
    /// <param name="values">The values in C order.</param>
    /// <param name="shape">The shape; its product must equal the number of values.</param>
    /// <exception cref="ArgumentException">The shape has a negative dimension or does not match the number of values.</exception>
    public NumpyArray(double[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        _shape = CheckShape(shape, values.LongLength);
        _double = values;
    }

    /// <summary>Gets the shape (a copy).</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>Gets the number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Gets the number of values.</summary>
    public int Length => _single?.Length ?? _double!.Length;

    /// <summary>Gets the element type held and written.</summary>
    public NumpyDataType DataType => _single is null ? NumpyDataType.Float64 : NumpyDataType.Float32;

    /// <summary>Gets the NumPy type the values were read from (for example <c>'&lt;f4'</c>, <c>'|i1'</c>, <c>'&gt;f8'</c>); for an array made in memory, the type it is written as.</summary>
    public string SourceType
    {
        get => _sourceType ?? (DataType == NumpyDataType.Float32 ? "<f4" : "<f8");
        private init => _sourceType = value;
    }

    /// <summary>Gets the file it was read from, or null for an array made in memory.</summary>
    public string? File { get; private init; }

    /// <summary>Gets the <c>.npz</c> key it was read from, or null.</summary>
    public string? Entry { get; private init; }

    /// <summary>The values as float32 in C order: the held array itself when <see cref="DataType"/> is float32, a converted copy otherwise.</summary>
    /// <returns>The values.</returns>
    public float[] ToSingleArray()
    {
        if (_single is not null)
        {
            return _single;
        }

        var result = new float[_double!.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)_double[i];
        }

        return result;
    }

    /// <summary>The values as float64 in C order: the held array itself when <see cref="DataType"/> is float64, a converted copy otherwise.</summary>
    /// <returns>The values.</returns>
    public double[] ToDoubleArray()
    {
        if (_double is not null)
        {
            return _double;
        }

        var result = new double[_single!.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = _single[i];
        }

        return result;
    }

    /// <summary>Makes a float32 array of genomic data (N, C, L) in the layout a file should have.</summary>
    /// <param name="values">(N, C, L) values, the library's layout.</param>
    /// <param name="layout"><see cref="GenomicArrayLayout.ChannelsFirst"/> keeps (N, C, L); <see cref="GenomicArrayLayout.ChannelsLast"/> writes (N, L, C).</param>
    /// <returns>The array.</returns>
    /// <exception cref="ArgumentException"><paramref name="layout"/> is <see cref="GenomicArrayLayout.Auto"/>: a writer must say which layout it writes.</exception>
    public static NumpyArray FromGenomic(float[,,] values, GenomicArrayLayout layout = GenomicArrayLayout.ChannelsFirst)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.GetLength(0), c = values.GetLength(1), l = values.GetLength(2);
        var flat = new float[values.Length];
        switch (layout)
        {
            case GenomicArrayLayout.ChannelsFirst:
                Flat(values).CopyTo(flat);
                return new NumpyArray(flat, n, c, l);
            case GenomicArrayLayout.ChannelsLast:
                var k = 0;
                for (var i = 0; i < n; i++)
                {
                    for (var p = 0; p < l; p++)
                    {
                        for (var ch = 0; ch < c; ch++)
                        {
                            flat[k++] = values[i, ch, p];
                        }
                    }
                }

                return new NumpyArray(flat, n, l, c);
            default:
                throw new ArgumentException($"Give the layout to write (ChannelsFirst or ChannelsLast), not {layout}.", nameof(layout));
        }
    }

    /// <summary>
    /// The values as genomic data (N, C, L) float32, the library's layout, from a 3-D array saved channels-first
    /// (N, C, L) or channels-last (N, L, C).
    /// </summary>
    /// <param name="layout">How the array is laid out; <see cref="GenomicArrayLayout.Auto"/> decides from the shape when exactly one of axes 1 and 2 has <paramref name="channels"/> entries.</param>
    /// <param name="channels">The alphabet size (4 for DNA).</param>
    /// <returns>A new (N, C, L) array.</returns>
    /// <exception cref="NumpyFormatException">The array is not 3-D, its channel axis does not have <paramref name="channels"/> entries, or <see cref="GenomicArrayLayout.Auto"/> cannot decide; the message names the file and entry.</exception>
    public float[,,] ToGenomic(GenomicArrayLayout layout = GenomicArrayLayout.Auto, int channels = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (Rank != 3)
        {
            throw Problem($"expected a 3-D array of sequences (N, {channels}, L) or (N, L, {channels}), got shape {FormatShape(_shape)}.");
        }

        int n = _shape[0], a = _shape[1], b = _shape[2];
        var resolved = layout;
        if (layout == GenomicArrayLayout.Auto)
        {
            resolved = (a == channels, b == channels) switch
            {
                (true, false) => GenomicArrayLayout.ChannelsFirst,
                (false, true) => GenomicArrayLayout.ChannelsLast,
                (true, true) => throw Problem($"shape {FormatShape(_shape)} is ambiguous: both axis 1 and axis 2 have {channels} entries; give the layout (channels-first (N, {channels}, L) or channels-last (N, L, {channels})."),
                _ => throw Problem($"shape {FormatShape(_shape)} has no axis of {channels} channels at position 1 or 2; expected (N, {channels}, L) or (N, L, {channels})."),
            };
        }

        var channelAxis = resolved == GenomicArrayLayout.ChannelsFirst ? a : b;
        if (channelAxis != channels)
        {
            var name = resolved == GenomicArrayLayout.ChannelsFirst ? $"channels-first (N, {channels}, L)" : $"channels-last (N, L, {channels})";
            throw Problem($"shape {FormatShape(_shape)} is not {name}: axis {(resolved == GenomicArrayLayout.ChannelsFirst ? 1 : 2)} has {channelAxis} entries, not {channels}.");
        }

        var length = resolved == GenomicArrayLayout.ChannelsFirst ? b : a;
        var result = new float[n, channels, length];
        var source = ToSingleArray();
        if (resolved == GenomicArrayLayout.ChannelsFirst)
        {
            source.AsSpan().CopyTo(Flat(result));
            return result;
        }

        var k = 0;
        for (var i = 0; i < n; i++)
        {
            for (var p = 0; p < length; p++)
            {
                for (var c = 0; c < channels; c++)
                {
                    result[i, c, p] = source[k++];
                }
            }
        }

        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"{DataType} {FormatShape(_shape)}";

    /// <summary>This array with where it was read from.</summary>
    internal NumpyArray WithSource(string sourceType, string? file, string? entry) =>
        _single is not null
            ? new NumpyArray(_single, _shape) { SourceType = sourceType, File = file, Entry = entry }
            : new NumpyArray(_double!, _shape) { SourceType = sourceType, File = file, Entry = entry };

    /// <summary>The shape as NumPy prints it: (2, 4, 5), (3,), ().</summary>
    internal static string FormatShape(IReadOnlyList<int> shape) => shape.Count switch
    {
        0 => "()",
        1 => string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)"),
        _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
    };

    /// <summary>The values of an (N, C, L) array in memory (C) order, without copying (Buffer.BlockCopy counts bytes in an int).</summary>
    private static Span<float> Flat(float[,,] values) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(values)), values.Length);

    private NumpyFormatException Problem(string reason) => new(File ?? "<array>", Entry, reason);

    private static int[] CheckShape(int[] shape, long count)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long product = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape {FormatShape(shape)} has a negative dimension.", nameof(shape));
            }

            product = Math.Min(product * d, 1L << 32);   // capped: no array holds that many values, and the cap cannot overflow
        }

        return product == count
            ? (int[])shape.Clone()
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Shape {FormatShape(shape)} holds {product} values, not {count}."), nameof(shape));
    }
}
