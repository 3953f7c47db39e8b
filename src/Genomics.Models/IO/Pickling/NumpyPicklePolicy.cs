using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Genomics.Models.IO.Pickling;

/// <summary>
/// The numpy policy of the shared <see cref="PickleMachine"/>, behind <see cref="PickleReader"/>: numpy arrays (as
/// <see cref="PickledArray"/>) and numpy scalars rebuilt from their reconstruction globals, protocol 2's bytes, sets and
/// bytearrays; every other global is refused with <see cref="PickleGlobalRefusedException"/>.
/// </summary>
/// <remarks>
/// The allowed names are never called: REDUCE and BUILD on them are interpreted here (an array's shape, dtype, order and
/// bytes are read out of their argument tuples). NEWOBJ and persistent ids are refused.
/// </remarks>
internal sealed class NumpyPicklePolicy(string file) : PicklePolicy
{
    private static readonly Dictionary<string, Callable> s_allowed = new(StringComparer.Ordinal)
    {
        ["numpy.core.multiarray._reconstruct"] = Callable.Reconstruct,
        ["numpy._core.multiarray._reconstruct"] = Callable.Reconstruct,
        ["numpy.ndarray"] = Callable.NdArray,
        ["numpy.dtype"] = Callable.DType,
        ["numpy.core.multiarray.scalar"] = Callable.Scalar,
        ["numpy._core.multiarray.scalar"] = Callable.Scalar,
        ["numpy.core.numeric._frombuffer"] = Callable.FromBuffer,
        ["numpy._core.numeric._frombuffer"] = Callable.FromBuffer,
        ["_codecs.encode"] = Callable.Encode,
        ["builtins.set"] = Callable.Set,
        ["builtins.frozenset"] = Callable.Set,
        ["builtins.bytearray"] = Callable.ByteArray,
    };

    private readonly List<PickledArray> _arrays = [];

    private enum Callable
    {
        Reconstruct,
        NdArray,
        DType,
        Scalar,
        FromBuffer,
        Encode,
        Set,
        ByteArray,
    }

    /// <summary>Gets the globals a pickle may name under this policy (<c>module.name</c>).</summary>
    public static IReadOnlyCollection<string> AllowedGlobals => s_allowed.Keys;

    /// <inheritdoc />
    public override object? Allow(string module, string name) =>
        s_allowed.TryGetValue(module + "." + name, out var callable) ? callable : null;

    /// <inheritdoc />
    public override Exception Error(long offset, string reason) => new PickleFormatException(file, offset, reason);

    /// <inheritdoc />
    public override Exception RefuseGlobal(long offset, string module, string name) => new PickleGlobalRefusedException(file, offset, module + "." + name);

    /// <inheritdoc />
    public override bool IsIntermediate(object value) => value is DTypeBuilder;

    /// <inheritdoc />
    public override string? Describe(object value) => value switch
    {
        DTypeBuilder => "a numpy dtype",
        PickledArray => "a numpy array",
        _ => null,
    };

    /// <inheritdoc />
    public override void Finish(PickleMachine machine, object? result)
    {
        if (_arrays.Any(array => !array.IsBuilt))
        {
            throw machine.Error("a numpy array was reconstructed but never given its data (BUILD)");
        }
    }

    /// <inheritdoc />
    public override object? Reduce(PickleMachine machine, PickleGlobal callable, object?[] args)
    {
        var a = args;
        switch ((Callable)callable.Meaning)
        {
            case Callable.Reconstruct:
                if (a.Length != 3 || a[0] is not PickleGlobal { Meaning: Callable.NdArray })
                {
                    throw machine.Error($"'{callable}' is read only as _reconstruct(numpy.ndarray, shape, dtype) (plain arrays, not subclasses)");
                }

                var array = new PickledArray();
                _arrays.Add(array);
                return array;
            case Callable.DType:
                if (a.Length < 1 || a[0] is not string typeString)
                {
                    throw machine.Error("numpy.dtype needs a type string such as 'f4'");
                }

                return ParseDType(machine, typeString);
            case Callable.FromBuffer:
                if (a.Length != 4 || a[0] is not byte[] buffer || a[1] is not DTypeBuilder dtype || a[3] is not string order)
                {
                    throw machine.Error("numpy _frombuffer needs (buffer, dtype, shape, order)");
                }

                var built = new PickledArray();
                Fill(machine, built, Shape(machine, a[2]), dtype, order == "F", buffer);
                return built;
            case Callable.Scalar:
                if (a.Length != 2 || a[0] is not DTypeBuilder scalarType || Bytes(machine, a[1]) is not { } scalarBytes)
                {
                    throw machine.Error("numpy scalar needs (dtype, bytes)");
                }

                var one = new PickledArray();
                Fill(machine, one, [], scalarType, false, scalarBytes);
                return one.Values.GetValue(0) switch
                {
                    bool b => b,
                    float f => (double)f,
                    Half h => (double)h,
                    double d => d,
                    ulong u => u > long.MaxValue ? new BigInteger(u) : (long)u,
                    var v => Convert.ToInt64(v, CultureInfo.InvariantCulture),
                };
            case Callable.Encode:
                if (a.Length != 2 || a[0] is not string latin || a[1] is not ("latin1" or "latin-1"))
                {
                    throw machine.Error("_codecs.encode is read only as encode(str, 'latin1'), the form protocol 2 gives bytes");
                }

                return machine.Latin1(latin);
            case Callable.ByteArray:
                return a switch
                {
                    [] => Array.Empty<byte>(),
                    [byte[] bytes] => bytes,
                    [string s, "latin1" or "latin-1"] => machine.Latin1(s),
                    _ => throw machine.Error("builtins.bytearray is read only from bytes or (str, 'latin1')"),
                };
            case Callable.Set:
                if (a.Length > 1 || (a.Length == 1 && a[0] is not List<object?>))
                {
                    throw machine.Error($"'{callable}' is read only from a list");
                }

                var result = new HashSet<object>();
                machine.AddAll(result, a.Length == 0 ? [] : (List<object?>)a[0]!, "REDUCE");
                return result;
            default:
                throw machine.Error($"'{callable}' cannot be called by REDUCE");
        }
    }

    /// <inheritdoc />
    public override void Build(PickleMachine machine, object? target, object? state)
    {
        if (state is not object?[] s)
        {
            throw machine.Error($"BUILD state must be a tuple, not {machine.Describe(state)}");
        }

        switch (target)
        {
            case DTypeBuilder dtype:
                // (version, byte order, subarray, names, fields, element size, alignment, flags[, metadata])
                if (s.Length < 5 || s[1] is not string byteOrder)
                {
                    throw machine.Error("numpy dtype state must be (version, byte order, subarray, names, fields, ...)");
                }

                if (s[2] is not null || s[3] is not null || s[4] is not null)
                {
                    throw machine.Error("structured and sub-array numpy dtypes are not read");
                }

                dtype.BigEndian = byteOrder == ">";
                break;
            case PickledArray { IsBuilt: false } array:
                // (version, shape, dtype, is_fortran, data) or, from old numpy, (shape, dtype, is_fortran, data)
                var offset = s.Length == 5 ? 1 : 0;
                if (s.Length is not (4 or 5) || s[offset + 1] is not DTypeBuilder arrayType || s[offset + 2] is not bool fortran)
                {
                    throw machine.Error("numpy array state must be (version, shape, dtype, is_fortran, data)");
                }

                var raw = Bytes(machine, s[offset + 3]) ?? throw machine.Error($"numpy array data must be bytes, not {machine.Describe(s[offset + 3])}");
                Fill(machine, array, Shape(machine, s[offset]), arrayType, fortran, raw);
                break;
            default:
                throw machine.Error($"BUILD sets the state of {machine.Describe(target)}; only numpy arrays and dtypes are built");
        }
    }

    private static byte[]? Bytes(PickleMachine machine, object? value) => value switch
    {
        byte[] b => b,
        string s => machine.Latin1(s),
        _ => null,
    };

    private static DTypeBuilder ParseDType(PickleMachine machine, string typeString)
    {
        var s = typeString.AsSpan();
        var bigEndian = false;
        if (s.Length > 0 && s[0] is '<' or '>' or '|' or '=')
        {
            bigEndian = s[0] == '>';
            s = s[1..];
        }

        var ok = s.Length >= 2 && int.TryParse(s[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var size);
        size = ok ? int.Parse(s[1..], NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        PickledElementType? type = ok ? (s[0], size) switch
        {
            ('b', 1) => PickledElementType.Boolean,
            ('i', 1) => PickledElementType.Int8,
            ('i', 2) => PickledElementType.Int16,
            ('i', 4) => PickledElementType.Int32,
            ('i', 8) => PickledElementType.Int64,
            ('u', 1) => PickledElementType.UInt8,
            ('u', 2) => PickledElementType.UInt16,
            ('u', 4) => PickledElementType.UInt32,
            ('u', 8) => PickledElementType.UInt64,
            ('f', 2) => PickledElementType.Float16,
            ('f', 4) => PickledElementType.Float32,
            ('f', 8) => PickledElementType.Float64,
            _ => null,
        } : null;
        if (type is null)
        {
            var why = s.Length > 0 && s[0] == 'O' ? " (an object array's items are pickled Python objects)" : string.Empty;
            throw machine.Error($"numpy dtype '{typeString}' is not read{why}: only booleans, integers and floating-point numbers are");
        }

        return new DTypeBuilder(type.Value, size) { BigEndian = bigEndian };
    }

    private static long[] Shape(PickleMachine machine, object? value)
    {
        if (value is not object?[] items)
        {
            throw machine.Error($"a numpy shape must be a tuple of integers, not {machine.Describe(value)}");
        }

        var shape = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            shape[i] = items[i] is long d && d >= 0 ? d : throw machine.Error($"a numpy shape holds {machine.Describe(items[i])}, not a non-negative integer");
        }

        return shape;
    }

    /// <summary>Gives an array its values from bytes in the pickle: their count must equal the shape's product, so nothing is sized by the shape alone.</summary>
    private static void Fill(PickleMachine machine, PickledArray array, long[] shape, DTypeBuilder dtype, bool fortran, byte[] raw)
    {
        long count = 1;
        try
        {
            foreach (var d in shape)
            {
                count = checked(count * d);
            }

            _ = checked(count * dtype.Size);
        }
        catch (OverflowException)
        {
            throw machine.Error($"the array shape ({string.Join(", ", shape)}) is too large");
        }

        if (count * dtype.Size != raw.LongLength)
        {
            throw machine.Error(string.Create(CultureInfo.InvariantCulture,
                $"the array's data holds {raw.LongLength} bytes but shape ({string.Join(", ", shape)}) of {dtype.Size}-byte elements needs {count * dtype.Size}"));
        }

        if (dtype.BigEndian && dtype.Size > 1)
        {
            // The bytes may be a memoised value that other parts of the pickle refer to: swap a copy.
            raw = (byte[])raw.Clone();
            for (var i = 0; i < raw.Length; i += dtype.Size)
            {
                raw.AsSpan(i, dtype.Size).Reverse();
            }
        }

        Array values = dtype.Type switch
        {
            PickledElementType.Boolean => Array.ConvertAll(raw, b => b != 0),
            PickledElementType.Int8 => MemoryMarshal.Cast<byte, sbyte>(raw).ToArray(),
            PickledElementType.UInt8 => (byte[])raw.Clone(),
            PickledElementType.Int16 => MemoryMarshal.Cast<byte, short>(raw).ToArray(),
            PickledElementType.UInt16 => MemoryMarshal.Cast<byte, ushort>(raw).ToArray(),
            PickledElementType.Int32 => MemoryMarshal.Cast<byte, int>(raw).ToArray(),
            PickledElementType.UInt32 => MemoryMarshal.Cast<byte, uint>(raw).ToArray(),
            PickledElementType.Int64 => MemoryMarshal.Cast<byte, long>(raw).ToArray(),
            PickledElementType.UInt64 => MemoryMarshal.Cast<byte, ulong>(raw).ToArray(),
            PickledElementType.Float16 => MemoryMarshal.Cast<byte, Half>(raw).ToArray(),
            PickledElementType.Float32 => MemoryMarshal.Cast<byte, float>(raw).ToArray(),
            _ => MemoryMarshal.Cast<byte, double>(raw).ToArray(),
        };
        if (fortran && shape.Length > 1)
        {
            values = ToRowMajor(values, shape);
        }

        array.Set(shape, dtype.Type, values);
    }

    /// <summary>Reorders column-major (Fortran) values into row-major (C) order.</summary>
    private static Array ToRowMajor(Array source, long[] shape)
    {
        var n = source.Length;
        var result = Array.CreateInstance(source.GetType().GetElementType()!, n);
        var strides = new long[shape.Length];
        long stride = 1;
        for (var d = 0; d < shape.Length; d++)
        {
            strides[d] = stride;
            stride *= shape[d];
        }

        var index = new long[shape.Length];
        for (var i = 0; i < n; i++)
        {
            long from = 0;
            for (var d = 0; d < shape.Length; d++)
            {
                from += index[d] * strides[d];
            }

            Array.Copy(source, from, result, i, 1);
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return result;
    }

    /// <summary>A numpy dtype while the pickle builds it; never returned as a value.</summary>
    private sealed class DTypeBuilder(PickledElementType type, int size)
    {
        public PickledElementType Type { get; } = type;

        public int Size { get; } = size;

        public bool BigEndian { get; set; }
    }
}
