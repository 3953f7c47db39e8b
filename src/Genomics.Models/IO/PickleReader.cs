using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Genomics.Models.IO;

/// <summary>
/// Reads a Python pickle as data, without executing anything: numpy arrays (as <see cref="PickledArray"/>) and plain
/// Python values, from pickles of protocols 0 to 5 (the DeepDifE SHAP background <c>background_100samples.pkl</c>, for
/// example).
/// </summary>
/// <remarks>
/// <para>
/// A pickle is a program for a small stack machine whose GLOBAL/STACK_GLOBAL opcodes import any Python callable and
/// whose REDUCE/BUILD/NEWOBJ opcodes call it, so loading an untrusted pickle with Python runs arbitrary code. This
/// reader interprets only the opcodes that build data. Every global is checked against a fixed list when its opcode is
/// read — numpy's array reconstruction (<c>numpy.core.multiarray._reconstruct</c>, <c>numpy.ndarray</c>,
/// <c>numpy.dtype</c>, <c>numpy.core.multiarray.scalar</c>, <c>numpy.core.numeric._frombuffer</c>, and the same names
/// under numpy 2's <c>numpy._core</c>), <c>_codecs.encode</c> (protocol 2's bytes) and <c>builtins</c>' <c>set</c>,
/// <c>frozenset</c> and <c>bytearray</c> — and anything else throws <see cref="PickleGlobalRefusedException"/> naming the
/// global and its byte offset. None of the listed names is ever called either: REDUCE and BUILD are interpreted by this
/// reader for those names only (an array's shape, dtype and bytes), and refused on anything else. INST, OBJ, NEWOBJ,
/// NEWOBJ_EX, the persistent-id, extension-registry and out-of-band buffer opcodes are refused as unsupported.
/// </para>
/// <para>
/// Values: None → null; bool → <see cref="bool"/>; int → <see cref="long"/> (<see cref="BigInteger"/> beyond 64 bits);
/// float → <see cref="double"/>; str → <see cref="string"/>; bytes and bytearray → <see cref="byte"/>[]; list →
/// <see cref="List{T}"/> of object; tuple → object[]; dict → <see cref="Dictionary{TKey, TValue}"/> of object (keys:
/// strings, numbers or booleans); set and frozenset → <see cref="HashSet{T}"/> of object; numpy array →
/// <see cref="PickledArray"/> (booleans, integers, floating point; C or Fortran order; either byte order; object,
/// string and structured dtypes are refused); numpy scalar → <see cref="bool"/>, <see cref="long"/> or <see cref="double"/>.
/// </para>
/// <para>
/// Bounded: the file is read whole up to a size limit, every opcode consumes at least one byte of it and an array's
/// elements come from bytes in the file (their count must equal the shape's product), so memory stays proportional to
/// the file. A truncated file throws <see cref="PickleFormatException"/> naming the opcode that runs past its end.
/// </para>
/// </remarks>
public static class PickleReader
{
    /// <summary>The largest file <see cref="Read(string, long)"/> accepts by default: 2,000,000,000 bytes.</summary>
    public const long DefaultMaxBytes = 2_000_000_000;

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

    /// <summary>Gets the globals a pickle may name (<c>module.name</c>); every other global is refused.</summary>
    public static IReadOnlyCollection<string> AllowedGlobals => s_allowed.Keys;

    /// <summary>Reads a pickle file as data.</summary>
    /// <param name="path">The pickle file.</param>
    /// <param name="maxBytes">The largest file accepted, ≥ 1. Default <see cref="DefaultMaxBytes"/>.</param>
    /// <returns>The pickled value (see <see cref="PickleReader"/> for the types).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is less than 1.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="PickleGlobalRefusedException">The pickle names a global outside <see cref="AllowedGlobals"/>.</exception>
    /// <exception cref="PickleFormatException">
    /// The file is larger than <paramref name="maxBytes"/>, truncated or malformed, uses a refused opcode, or holds a value
    /// this reader does not build; the message names the file and the byte offset.
    /// </exception>
    public static object? Read(string path, long maxBytes = DefaultMaxBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"Pickle file '{path}' does not exist.", path);
        }

        if (info.Length > maxBytes || info.Length > Array.MaxLength)
        {
            throw new PickleFormatException(path, 0, string.Create(CultureInfo.InvariantCulture, $"the file holds {info.Length} bytes, more than the limit of {Math.Min(maxBytes, Array.MaxLength)}"));
        }

        return new Machine(File.ReadAllBytes(path), path).Run();
    }

    /// <summary>Reads a pickle held in memory as data.</summary>
    /// <param name="data">The pickle's bytes.</param>
    /// <param name="sourceName">The name used in error messages. Default <c>&lt;bytes&gt;</c>.</param>
    /// <returns>The pickled value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="PickleGlobalRefusedException">The pickle names a global outside <see cref="AllowedGlobals"/>.</exception>
    /// <exception cref="PickleFormatException">The pickle is truncated or malformed, or uses a refused opcode.</exception>
    public static object? Read(byte[] data, string sourceName = "<bytes>")
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Machine(data, sourceName ?? "<bytes>").Run();
    }

    private sealed class DTypeBuilder(PickledElementType type, int size)
    {
        public PickledElementType Type { get; } = type;

        public int Size { get; } = size;

        public bool BigEndian { get; set; }
    }

    private sealed class GlobalRef(Callable callable, string name)
    {
        public Callable Callable { get; } = callable;

        public string Name { get; } = name;
    }

    private sealed class Machine(byte[] data, string file)
    {
        private const int HighestProtocol = 5;
        private readonly List<object?> _stack = [];
        private readonly List<int> _marks = [];
        private readonly Dictionary<long, object?> _memo = [];
        private readonly List<PickledArray> _arrays = [];
        private int _pos;
        private int _op;
        private string _opName = string.Empty;

        public object? Run()
        {
            if (data.Length == 0)
            {
                throw Error(0, "the file is empty");
            }

            while (true)
            {
                if (_pos >= data.Length)
                {
                    throw Error(_pos, "truncated: the pickle ends without its STOP opcode");
                }

                _op = _pos;
                var code = data[_pos++];
                if (code == (byte)'.')
                {
                    var result = Pop("STOP");
                    Finish(result);
                    return result;
                }

                Step(code);
            }
        }

        private void Step(byte code)
        {
            switch (code)
            {
                case 0x80:
                    _opName = "PROTO";
                    var protocol = ReadByte();
                    if (protocol > HighestProtocol)
                    {
                        throw Error(_op, $"pickle protocol {protocol} is not supported (0 to {HighestProtocol} are)");
                    }

                    break;
                case 0x95:
                    _opName = "FRAME";
                    ReadInt64();
                    break;
                case (byte)'(': _marks.Add(_stack.Count); break;
                case (byte)'0':
                    _opName = "POP";
                    if (_marks.Count > 0 && _marks[^1] == _stack.Count)
                    {
                        _marks.RemoveAt(_marks.Count - 1);
                    }
                    else
                    {
                        Pop("POP");
                    }

                    break;
                case (byte)'1': PopMark("POP_MARK"); break;
                case (byte)'2': _stack.Add(Peek("DUP")); break;
                case (byte)'N': _stack.Add(null); break;
                case 0x88: _stack.Add(true); break;
                case 0x89: _stack.Add(false); break;
                case (byte)'I':
                    _opName = "INT";
                    var text = ReadLine();
                    if (text is "00" or "01")
                    {
                        _stack.Add(text == "01");
                    }
                    else
                    {
                        PushInteger(ParseInteger(text));
                    }

                    break;
                case (byte)'J': _opName = "BININT"; _stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                case (byte)'K': _opName = "BININT1"; _stack.Add((long)ReadByte()); break;
                case (byte)'M': _opName = "BININT2"; _stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                case (byte)'L': _opName = "LONG"; PushInteger(ParseInteger(ReadLine().TrimEnd('L'))); break;
                case 0x8a: _opName = "LONG1"; PushInteger(new BigInteger(Take(ReadByte()), isUnsigned: false, isBigEndian: false)); break;
                case 0x8b:
                    _opName = "LONG4";
                    var longLength = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
                    if (longLength < 0)
                    {
                        throw Error(_op, "LONG4 has a negative length");
                    }

                    PushInteger(new BigInteger(Take(longLength), isUnsigned: false, isBigEndian: false));
                    break;
                case (byte)'F':
                    _opName = "FLOAT";
                    var floatText = ReadLine();
                    _stack.Add(double.TryParse(floatText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                        ? parsed
                        : throw Error(_op, $"FLOAT '{floatText}' is not a number"));
                    break;
                case (byte)'G': _opName = "BINFLOAT"; _stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
                case (byte)'S': _opName = "STRING"; _stack.Add(ParseQuoted(ReadLine())); break;
                case (byte)'T': _opName = "BINSTRING"; _stack.Add(System.Text.Encoding.Latin1.GetString(Take(ReadLength32()))); break;
                case (byte)'U': _opName = "SHORT_BINSTRING"; _stack.Add(System.Text.Encoding.Latin1.GetString(Take(ReadByte()))); break;
                case (byte)'V': _opName = "UNICODE"; _stack.Add(ParseRawUnicode(ReadLine())); break;
                case (byte)'X': _opName = "BINUNICODE"; _stack.Add(Utf8(Take(ReadLength32()))); break;
                case 0x8c: _opName = "SHORT_BINUNICODE"; _stack.Add(Utf8(Take(ReadByte()))); break;
                case 0x8d: _opName = "BINUNICODE8"; _stack.Add(Utf8(Take(ReadLength64()))); break;
                case (byte)'B': _opName = "BINBYTES"; _stack.Add(Take(ReadLength32()).ToArray()); break;
                case (byte)'C': _opName = "SHORT_BINBYTES"; _stack.Add(Take(ReadByte()).ToArray()); break;
                case 0x8e: _opName = "BINBYTES8"; _stack.Add(Take(ReadLength64()).ToArray()); break;
                case 0x96: _opName = "BYTEARRAY8"; _stack.Add(Take(ReadLength64()).ToArray()); break;
                case (byte)']': _stack.Add(new List<object?>()); break;
                case (byte)'l': _stack.Add(new List<object?>(PopMark("LIST"))); break;
                case (byte)'a':
                    var item = Pop("APPEND");
                    AsList(Peek("APPEND"), "APPEND").Add(item);
                    break;
                case (byte)'e':
                    var items = PopMark("APPENDS");
                    AsList(Peek("APPENDS"), "APPENDS").AddRange(items);
                    break;
                case (byte)')': _stack.Add(Array.Empty<object?>()); break;
                case (byte)'t': _stack.Add(PopMark("TUPLE")); break;
                case 0x85: _stack.Add(new[] { Pop("TUPLE1") }); break;
                case 0x86:
                    var second = Pop("TUPLE2");
                    _stack.Add(new[] { Pop("TUPLE2"), second });
                    break;
                case 0x87:
                    var third = Pop("TUPLE3");
                    var middle = Pop("TUPLE3");
                    _stack.Add(new[] { Pop("TUPLE3"), middle, third });
                    break;
                case (byte)'}': _stack.Add(new Dictionary<object, object?>()); break;
                case (byte)'d':
                    var dict = new Dictionary<object, object?>();
                    AddPairs(dict, PopMark("DICT"), "DICT");
                    _stack.Add(dict);
                    break;
                case (byte)'s':
                    var value = Pop("SETITEM");
                    var key = Pop("SETITEM");
                    AddPairs(AsDict(Peek("SETITEM"), "SETITEM"), [key, value], "SETITEM");
                    break;
                case (byte)'u':
                    var pairs = PopMark("SETITEMS");
                    AddPairs(AsDict(Peek("SETITEMS"), "SETITEMS"), pairs, "SETITEMS");
                    break;
                case 0x8f: _stack.Add(new HashSet<object>()); break;
                case 0x90:
                    var added = PopMark("ADDITEMS");
                    if (Peek("ADDITEMS") is not HashSet<object> set)
                    {
                        throw Error(_op, "ADDITEMS on something other than a set");
                    }

                    AddAll(set, added, "ADDITEMS");
                    break;
                case 0x91:
                    var frozen = new HashSet<object>();
                    AddAll(frozen, PopMark("FROZENSET"), "FROZENSET");
                    _stack.Add(frozen);
                    break;
                case (byte)'p': _opName = "PUT"; Memoize(ParseMemoKey(ReadLine())); break;
                case (byte)'q': _opName = "BINPUT"; Memoize(ReadByte()); break;
                case (byte)'r': _opName = "LONG_BINPUT"; Memoize(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))); break;
                case 0x94: _opName = "MEMOIZE"; Memoize(_memo.Count); break;
                case (byte)'g': _opName = "GET"; Recall(ParseMemoKey(ReadLine())); break;
                case (byte)'h': _opName = "BINGET"; Recall(ReadByte()); break;
                case (byte)'j': _opName = "LONG_BINGET"; Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))); break;
                case (byte)'c':
                    _opName = "GLOBAL";
                    var module = ReadLine();
                    _stack.Add(Global(module, ReadLine()));
                    break;
                case 0x93:
                    var name = Pop("STACK_GLOBAL");
                    var owner = Pop("STACK_GLOBAL");
                    if (owner is not string moduleName || name is not string globalName)
                    {
                        throw Error(_op, "STACK_GLOBAL needs a module name and a global name (strings)");
                    }

                    _stack.Add(Global(moduleName, globalName));
                    break;
                case (byte)'i':
                    _opName = "INST";
                    var instModule = ReadLine();
                    throw new PickleGlobalRefusedException(file, _op, instModule + "." + ReadLine());
                case (byte)'R':
                    var args = Pop("REDUCE");
                    var callable = Pop("REDUCE");
                    _stack.Add(Reduce(callable, args));
                    break;
                case (byte)'b':
                    var state = Pop("BUILD");
                    Build(Peek("BUILD"), state);
                    break;
                default:
                    throw Error(_op, Refused(code));
            }
        }

        private static string Refused(byte code) => code switch
        {
            (byte)'o' => "opcode OBJ (build a class instance) is not read",
            0x81 => "opcode NEWOBJ (build a class instance) is not read",
            0x92 => "opcode NEWOBJ_EX (build a class instance) is not read",
            (byte)'P' => "opcode PERSID (a persistent reference to an outside object) is not read",
            (byte)'Q' => "opcode BINPERSID (a persistent reference to an outside object) is not read",
            0x82 or 0x83 or 0x84 => "extension-registry opcodes (EXT1, EXT2, EXT4: a registered global) are not read",
            0x97 => "opcode NEXT_BUFFER (an out-of-band buffer) is not read; pickle the data in band",
            0x98 => "opcode READONLY_BUFFER (an out-of-band buffer) is not read; pickle the data in band",
            _ => string.Create(CultureInfo.InvariantCulture, $"unknown opcode 0x{code:x2}"),
        };

        private GlobalRef Global(string module, string name)
        {
            var full = module + "." + name;
            return s_allowed.TryGetValue(full, out var callable)
                ? new GlobalRef(callable, full)
                : throw new PickleGlobalRefusedException(file, _op, full);
        }

        private object? Reduce(object? target, object? args)
        {
            if (target is not GlobalRef global)
            {
                throw Error(_op, $"REDUCE calls {Describe(target)}; only numpy's array reconstruction and plain-data helpers are interpreted");
            }

            if (args is not object?[] a)
            {
                throw Error(_op, $"REDUCE on '{global.Name}' needs an argument tuple, not {Describe(args)}");
            }

            switch (global.Callable)
            {
                case Callable.Reconstruct:
                    if (a.Length != 3 || a[0] is not GlobalRef { Callable: Callable.NdArray })
                    {
                        throw Error(_op, $"'{global.Name}' is read only as _reconstruct(numpy.ndarray, shape, dtype) (plain arrays, not subclasses)");
                    }

                    var array = new PickledArray();
                    _arrays.Add(array);
                    return array;
                case Callable.DType:
                    if (a.Length < 1 || a[0] is not string typeString)
                    {
                        throw Error(_op, "numpy.dtype needs a type string such as 'f4'");
                    }

                    return ParseDType(typeString);
                case Callable.FromBuffer:
                    if (a.Length != 4 || a[0] is not byte[] buffer || a[1] is not DTypeBuilder dtype || a[3] is not string order)
                    {
                        throw Error(_op, "numpy _frombuffer needs (buffer, dtype, shape, order)");
                    }

                    var built = new PickledArray();
                    Fill(built, Shape(a[2]), dtype, order == "F", buffer);
                    return built;
                case Callable.Scalar:
                    if (a.Length != 2 || a[0] is not DTypeBuilder scalarType || Bytes(a[1]) is not { } scalarBytes)
                    {
                        throw Error(_op, "numpy scalar needs (dtype, bytes)");
                    }

                    var one = new PickledArray();
                    Fill(one, [], scalarType, false, scalarBytes);
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
                        throw Error(_op, "_codecs.encode is read only as encode(str, 'latin1'), the form protocol 2 gives bytes");
                    }

                    return Latin1(latin);
                case Callable.ByteArray:
                    return a switch
                    {
                        [] => Array.Empty<byte>(),
                        [byte[] bytes] => bytes,
                        [string s, "latin1" or "latin-1"] => Latin1(s),
                        _ => throw Error(_op, "builtins.bytearray is read only from bytes or (str, 'latin1')"),
                    };
                case Callable.Set:
                    if (a.Length > 1 || (a.Length == 1 && a[0] is not List<object?>))
                    {
                        throw Error(_op, $"'{global.Name}' is read only from a list");
                    }

                    var result = new HashSet<object>();
                    AddAll(result, a.Length == 0 ? [] : [.. (List<object?>)a[0]!], "REDUCE");
                    return result;
                default:
                    throw Error(_op, $"'{global.Name}' cannot be called by REDUCE");
            }
        }

        private byte[] Latin1(string text)
        {
            var bytes = new byte[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                bytes[i] = text[i] <= 0xff ? (byte)text[i] : throw Error(_op, "a latin-1 string holds a character above U+00FF");
            }

            return bytes;
        }

        private byte[]? Bytes(object? value) => value switch
        {
            byte[] b => b,
            string s => Latin1(s),
            _ => null,
        };

        private DTypeBuilder ParseDType(string typeString)
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
                throw Error(_op, $"numpy dtype '{typeString}' is not read{why}: only booleans, integers and floating-point numbers are");
            }

            return new DTypeBuilder(type.Value, size) { BigEndian = bigEndian };
        }

        private void Build(object? target, object? state)
        {
            if (state is not object?[] s)
            {
                throw Error(_op, $"BUILD state must be a tuple, not {Describe(state)}");
            }

            switch (target)
            {
                case DTypeBuilder dtype:
                    // (version, byte order, subarray, names, fields, element size, alignment, flags[, metadata])
                    if (s.Length < 5 || s[1] is not string byteOrder)
                    {
                        throw Error(_op, "numpy dtype state must be (version, byte order, subarray, names, fields, ...)");
                    }

                    if (s[2] is not null || s[3] is not null || s[4] is not null)
                    {
                        throw Error(_op, "structured and sub-array numpy dtypes are not read");
                    }

                    dtype.BigEndian = byteOrder == ">";
                    break;
                case PickledArray { IsBuilt: false } array:
                    // (version, shape, dtype, is_fortran, data) or, from old numpy, (shape, dtype, is_fortran, data)
                    var offset = s.Length == 5 ? 1 : 0;
                    if (s.Length is not (4 or 5) || s[offset + 1] is not DTypeBuilder arrayType || s[offset + 2] is not bool fortran)
                    {
                        throw Error(_op, "numpy array state must be (version, shape, dtype, is_fortran, data)");
                    }

                    var raw = Bytes(s[offset + 3]) ?? throw Error(_op, $"numpy array data must be bytes, not {Describe(s[offset + 3])}");
                    Fill(array, Shape(s[offset]), arrayType, fortran, raw);
                    break;
                default:
                    throw Error(_op, $"BUILD sets the state of {Describe(target)}; only numpy arrays and dtypes are built");
            }
        }

        private long[] Shape(object? value)
        {
            if (value is not object?[] items)
            {
                throw Error(_op, $"a numpy shape must be a tuple of integers, not {Describe(value)}");
            }

            var shape = new long[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                shape[i] = items[i] is long d && d >= 0 ? d : throw Error(_op, $"a numpy shape holds {Describe(items[i])}, not a non-negative integer");
            }

            return shape;
        }

        private void Fill(PickledArray array, long[] shape, DTypeBuilder dtype, bool fortran, byte[] raw)
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
                throw Error(_op, $"the array shape ({string.Join(", ", shape)}) is too large");
            }

            if (count * dtype.Size != raw.LongLength)
            {
                throw Error(_op, string.Create(CultureInfo.InvariantCulture,
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

        private void Finish(object? result)
        {
            foreach (var array in _arrays)
            {
                if (!array.IsBuilt)
                {
                    throw Error(_op, "a numpy array was reconstructed but never given its data (BUILD)");
                }
            }

            // No interpreter object (a global or a bare dtype) may escape as a value.
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<object?>();
            pending.Push(result);
            while (pending.Count > 0)
            {
                var item = pending.Pop();
                if (item is null || !seen.Add(item))
                {
                    continue;
                }

                switch (item)
                {
                    case GlobalRef or DTypeBuilder:
                        throw Error(_op, $"the pickle holds {Describe(item)} as a value; only data is read");
                    case List<object?> list: list.ForEach(pending.Push); break;
                    case object?[] tuple: Array.ForEach(tuple, pending.Push); break;
                    case Dictionary<object, object?> dict:
                        foreach (var v in dict.Values)
                        {
                            pending.Push(v);
                        }

                        break;
                }
            }
        }

        private void AddPairs(Dictionary<object, object?> dict, object?[] items, string op)
        {
            if (items.Length % 2 != 0)
            {
                throw Error(_op, $"{op} needs key-value pairs but got {items.Length} items");
            }

            for (var i = 0; i < items.Length; i += 2)
            {
                dict[Key(items[i], op)] = items[i + 1];
            }
        }

        private void AddAll(HashSet<object> set, object?[] items, string op)
        {
            foreach (var item in items)
            {
                set.Add(Key(item, op));
            }
        }

        private object Key(object? key, string op) => key switch
        {
            string or long or BigInteger or double or bool => key,
            _ => throw Error(_op, $"{op}: a dict key or set item must be a string, number or boolean here, not {Describe(key)}"),
        };

        private List<object?> AsList(object? target, string op) =>
            target as List<object?> ?? throw Error(_op, $"{op} on {Describe(target)}, not a list");

        private Dictionary<object, object?> AsDict(object? target, string op) =>
            target as Dictionary<object, object?> ?? throw Error(_op, $"{op} on {Describe(target)}, not a dict");

        private void Memoize(long key) => _memo[key] = Peek(_opName);

        private void Recall(long key) =>
            _stack.Add(_memo.TryGetValue(key, out var value) ? value : throw Error(_op, $"{_opName} {key} refers to nothing stored"));

        private object? Pop(string op)
        {
            var floor = _marks.Count > 0 ? _marks[^1] : 0;
            if (_stack.Count <= floor)
            {
                throw Error(_op, $"{op} finds no value on the stack");
            }

            var value = _stack[^1];
            _stack.RemoveAt(_stack.Count - 1);
            return value;
        }

        private object? Peek(string op)
        {
            var floor = _marks.Count > 0 ? _marks[^1] : 0;
            return _stack.Count > floor ? _stack[^1] : throw Error(_op, $"{op} finds no value on the stack");
        }

        private object?[] PopMark(string op)
        {
            if (_marks.Count == 0)
            {
                throw Error(_op, $"{op} finds no MARK");
            }

            var mark = _marks[^1];
            _marks.RemoveAt(_marks.Count - 1);
            var items = _stack.GetRange(mark, _stack.Count - mark).ToArray();
            _stack.RemoveRange(mark, _stack.Count - mark);
            return items;
        }

        private ReadOnlySpan<byte> Take(long count)
        {
            if (count > data.Length - _pos)
            {
                throw Error(_op, string.Create(CultureInfo.InvariantCulture,
                    $"truncated: {_opName} needs {count} more byte(s) from byte {_pos} but the file ends at byte {data.Length}"));
            }

            var span = data.AsSpan(_pos, (int)count);
            _pos += (int)count;
            return span;
        }

        private byte ReadByte() => Take(1)[0];

        private long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        private long ReadLength32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        private long ReadLength64()
        {
            var length = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
            return length > int.MaxValue ? throw Error(_op, $"{_opName} declares {length} bytes, more than one array can hold") : (long)length;
        }

        private string ReadLine()
        {
            var end = Array.IndexOf(data, (byte)'\n', _pos);
            if (end < 0)
            {
                throw Error(_op, $"truncated: {_opName}'s text argument has no end of line before the end of the file");
            }

            var line = System.Text.Encoding.Latin1.GetString(data, _pos, end - _pos);
            _pos = end + 1;
            return line;
        }

        private string Utf8(ReadOnlySpan<byte> bytes)
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw Error(_op, $"{_opName} is not valid UTF-8 ({e.Message})");
            }
        }

        private BigInteger ParseInteger(string text) =>
            BigInteger.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Error(_op, $"{_opName} '{text}' is not an integer");

        private long ParseMemoKey(string text) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var key) ? key : throw Error(_op, $"{_opName} '{text}' is not a memo index");

        private void PushInteger(BigInteger value)
        {
            if (value >= long.MinValue && value <= long.MaxValue)
            {
                _stack.Add((long)value);
            }
            else
            {
                _stack.Add(value);
            }
        }

        private string ParseQuoted(string text)
        {
            if (text.Length < 2 || text[0] != text[^1] || text[0] is not ('\'' or '"'))
            {
                throw Error(_op, "STRING's argument is not a quoted string");
            }

            var body = text[1..^1];
            var sb = new StringBuilder(body.Length);
            for (var i = 0; i < body.Length; i++)
            {
                if (body[i] != '\\' || i + 1 == body.Length)
                {
                    sb.Append(body[i]);
                    continue;
                }

                var c = body[++i];
                switch (c)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'x' when i + 2 < body.Length && byte.TryParse(body.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b):
                        sb.Append((char)b);
                        i += 2;
                        break;
                    default: sb.Append(c); break;
                }
            }

            return sb.ToString();
        }

        private static string ParseRawUnicode(string text)
        {
            var sb = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var width = i + 1 < text.Length && text[i] == '\\' ? text[i + 1] switch { 'u' => 4, 'U' => 8, _ => 0 } : 0;
                if (width > 0 && i + 2 + width <= text.Length
                    && int.TryParse(text.AsSpan(i + 2, width), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) && code <= 0x10FFFF)
                {
                    sb.Append(char.ConvertFromUtf32(code));
                    i += 1 + width;
                }
                else
                {
                    sb.Append(text[i]);
                }
            }

            return sb.ToString();
        }

        private static string Describe(object? value) => value switch
        {
            null => "None",
            GlobalRef g => $"the global '{g.Name}'",
            DTypeBuilder => "a numpy dtype",
            PickledArray => "a numpy array",
            string => "a string",
            long or BigInteger => "an integer",
            double => "a float",
            bool => "a boolean",
            byte[] => "bytes",
            List<object?> => "a list",
            object?[] => "a tuple",
            Dictionary<object, object?> => "a dict",
            HashSet<object> => "a set",
            _ => value.GetType().Name,
        };

        private PickleFormatException Error(long offset, string reason) => new(file, offset, reason);
    }
}
