using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Genomics.Models.IO.Pickling;

/// <summary>
/// The one interpreter of Python's pickle opcodes (protocols 0 to 5) in the library: stack, marks, memo, frames and the
/// data-building opcodes, over a pickle held whole in memory. What globals a pickle may name and what REDUCE, NEWOBJ,
/// BUILD and persistent ids build is decided by a <see cref="PicklePolicy"/>; nothing is ever imported or called.
/// </summary>
/// <remarks>
/// <para>
/// A global is put to the policy when GLOBAL or STACK_GLOBAL names it, before anything after it is read; a refused one
/// throws the policy's <see cref="PicklePolicy.RefuseGlobal"/> exception at that opcode. INST (which names and calls a
/// class in one opcode) is always refused that way. OBJ, NEWOBJ_EX, the extension-registry and out-of-band buffer
/// opcodes are never read; NEWOBJ and BINPERSID only when the policy says so.
/// </para>
/// <para>
/// Values: None → null; bool → <see cref="bool"/>; int → <see cref="long"/> (<see cref="BigInteger"/> beyond 64 bits);
/// float → <see cref="double"/>; str → <see cref="string"/>; bytes and bytearray → <see cref="byte"/>[]; list →
/// <see cref="List{T}"/> of object; tuple → object[]; dict → <see cref="Dictionary{TKey, TValue}"/> of object, in insertion
/// order (keys: strings, numbers or booleans); set and frozenset → <see cref="HashSet{T}"/> of object; anything else is
/// what the policy builds.
/// </para>
/// <para>
/// Bounded: every opcode consumes at least one byte, a length field is checked against the bytes left in the pickle
/// before anything is allocated for it, and nothing recurses (the final check walks the result with an explicit stack),
/// so memory and time stay proportional to the pickle's size.
/// </para>
/// </remarks>
internal sealed class PickleMachine
{
    private const int HighestProtocol = 5;
    private readonly byte[] _data;
    private readonly PicklePolicy _policy;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];
    private int _pos;
    private int _op;
    private string _opName = string.Empty;

    private PickleMachine(byte[] data, PicklePolicy policy)
    {
        _data = data;
        _policy = policy;
    }

    /// <summary>Reads one pickle under a policy.</summary>
    /// <param name="data">The pickle's bytes.</param>
    /// <param name="policy">What the pickle may name and how it is built; one instance per read.</param>
    /// <returns>The unpickled value.</returns>
    /// <exception cref="Exception">The policy's exception types: see <see cref="PicklePolicy.Error"/> and <see cref="PicklePolicy.RefuseGlobal"/>.</exception>
    public static object? Read(byte[] data, PicklePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(policy);
        return new PickleMachine(data, policy).Run();
    }

    /// <summary>Creates the policy's error for the opcode being interpreted.</summary>
    /// <param name="reason">What is wrong.</param>
    /// <returns>The exception to throw.</returns>
    public Exception Error(string reason) => _policy.Error(_op, reason);

    /// <summary>Adds a key and a value to a dict, checking that the key is plain data.</summary>
    /// <param name="dict">The dict.</param>
    /// <param name="key">The key: a string, number or boolean.</param>
    /// <param name="value">The value.</param>
    /// <param name="op">The opcode or global doing it, for messages.</param>
    public void SetItem(Dictionary<object, object?> dict, object? key, object? value, string op) => dict[Key(key, op)] = value;

    /// <summary>Adds items to a set, checking that each is plain data.</summary>
    /// <param name="set">The set.</param>
    /// <param name="items">The items: strings, numbers or booleans.</param>
    /// <param name="op">The opcode or global doing it, for messages.</param>
    public void AddAll(HashSet<object> set, IEnumerable<object?> items, string op)
    {
        foreach (var item in items)
        {
            set.Add(Key(item, op));
        }
    }

    /// <summary>Encodes a string whose characters are bytes (Python's latin-1), as protocol 2 writes bytes.</summary>
    /// <param name="text">The string.</param>
    /// <returns>Its bytes.</returns>
    public byte[] Latin1(string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = text[i] <= 0xff ? (byte)text[i] : throw Error("a latin-1 string holds a character above U+00FF");
        }

        return bytes;
    }

    /// <summary>Describes a value for messages: "a list", "the global 'os.system'", ….</summary>
    /// <param name="value">The value.</param>
    /// <returns>A short phrase.</returns>
    public string Describe(object? value) => value switch
    {
        null => "None",
        PickleGlobal g => $"the global '{g}'",
        string => "a string",
        long or BigInteger => "an integer",
        double => "a float",
        bool => "a boolean",
        byte[] => "bytes",
        List<object?> => "a list",
        object?[] => "a tuple",
        Dictionary<object, object?> => "a dict",
        HashSet<object> => "a set",
        _ => _policy.Describe(value) ?? value.GetType().Name,
    };

    private object? Run()
    {
        if (_data.Length == 0)
        {
            throw _policy.Error(0, "the file is empty");
        }

        while (true)
        {
            if (_pos >= _data.Length)
            {
                throw _policy.Error(_pos, "truncated: the pickle ends without its STOP opcode");
            }

            _op = _pos;
            var code = _data[_pos++];
            if (code == (byte)'.')
            {
                _opName = "STOP";
                var result = Pop("STOP");
                if (_stack.Count != 0)
                {
                    throw Error($"the pickle stops with {_stack.Count + 1} values on its stack instead of 1");
                }

                Finish(result);
                return result;
            }

            if (_policy.LowestProtocol >= 2 && IsTextOpcode(code))
            {
                throw Error(string.Create(CultureInfo.InvariantCulture,
                    $"opcode 0x{code:x2} ('{(char)code}', of the text protocols 0 and 1) is not supported: only protocols {_policy.LowestProtocol} to {HighestProtocol} are read"));
            }

            Step(code);
        }
    }

    private static bool IsTextOpcode(byte code) => code is (byte)'I' or (byte)'L' or (byte)'F' or (byte)'S' or (byte)'T' or (byte)'U'
        or (byte)'V' or (byte)'p' or (byte)'g' or (byte)'P';

    private void Step(byte code)
    {
        switch (code)
        {
            case 0x80:
                _opName = "PROTO";
                var protocol = ReadByte();
                if (protocol > HighestProtocol || protocol < _policy.LowestProtocol)
                {
                    throw Error($"pickle protocol {protocol} is not supported ({_policy.LowestProtocol} to {HighestProtocol} are)");
                }

                break;
            case 0x95:
                _opName = "FRAME";
                Take(8);
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
                    throw Error("LONG4 has a negative length");
                }

                PushInteger(new BigInteger(Take(longLength), isUnsigned: false, isBigEndian: false));
                break;
            case (byte)'F':
                _opName = "FLOAT";
                var floatText = ReadLine();
                _stack.Add(double.TryParse(floatText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw Error($"FLOAT '{floatText}' is not a number"));
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
                SetItem(AsDict(Peek("SETITEM"), "SETITEM"), key, value, "SETITEM");
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
                    throw Error("ADDITEMS on something other than a set");
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
                    throw Error("STACK_GLOBAL needs a module name and a global name (strings)");
                }

                _stack.Add(Global(moduleName, globalName));
                break;
            case (byte)'i':
                // INST names a class and calls it in one opcode: refused whatever the policy allows.
                _opName = "INST";
                var instModule = ReadLine();
                throw _policy.RefuseGlobal(_op, instModule, ReadLine());
            case (byte)'R':
                var args = Pop("REDUCE");
                var callable = Pop("REDUCE");
                if (callable is not PickleGlobal function)
                {
                    throw Error($"REDUCE calls {Describe(callable)}; only the globals this reader allows are interpreted");
                }

                _stack.Add(_policy.Reduce(this, function, args as object?[] ?? throw Error($"REDUCE on '{function}' needs an argument tuple, not {Describe(args)}")));
                break;
            case 0x81 when _policy.ReadsNewObject:
                var newArgs = Pop("NEWOBJ");
                var type = Pop("NEWOBJ");
                if (type is not PickleGlobal newType)
                {
                    throw Error($"NEWOBJ builds {Describe(type)}; only the globals this reader allows are interpreted");
                }

                _stack.Add(_policy.NewObject(this, newType, newArgs as object?[] ?? throw Error($"NEWOBJ of '{newType}' needs an argument tuple, not {Describe(newArgs)}")));
                break;
            case (byte)'Q' when _policy.ReadsPersistentIds:
                _opName = "BINPERSID";
                _stack.Add(_policy.PersistentLoad(this, Pop("BINPERSID")));
                break;
            case (byte)'b':
                var state = Pop("BUILD");
                _policy.Build(this, Peek("BUILD"), state);
                break;
            default:
                throw Error(Refused(code));
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

    private PickleGlobal Global(string module, string name) =>
        _policy.Allow(module, name) is { } meaning ? new PickleGlobal(module, name, meaning) : throw _policy.RefuseGlobal(_op, module, name);

    private void Finish(object? result)
    {
        _policy.Finish(this, result);

        // No interpreter object (a bare global, or what the policy calls intermediate) may escape as a value.
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

            if (item is PickleGlobal || _policy.IsIntermediate(item))
            {
                throw Error($"the pickle holds {Describe(item)} as a value; only data is read");
            }

            switch (item)
            {
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
            throw Error($"{op} needs key-value pairs but got {items.Length} items");
        }

        for (var i = 0; i < items.Length; i += 2)
        {
            SetItem(dict, items[i], items[i + 1], op);
        }
    }

    private object Key(object? key, string op) => key switch
    {
        string or long or BigInteger or double or bool => key,
        _ => throw Error($"{op}: a dict key or set item must be a string, number or boolean here, not {Describe(key)}"),
    };

    private List<object?> AsList(object? target, string op) =>
        target as List<object?> ?? throw Error($"{op} on {Describe(target)}, not a list");

    private Dictionary<object, object?> AsDict(object? target, string op) =>
        target as Dictionary<object, object?> ?? throw Error($"{op} on {Describe(target)}, not a dict");

    private void Memoize(long key) => _memo[key] = Peek(_opName);

    private void Recall(long key) =>
        _stack.Add(_memo.TryGetValue(key, out var value) ? value : throw Error($"{_opName} {key} refers to nothing stored"));

    private object? Pop(string op)
    {
        var floor = _marks.Count > 0 ? _marks[^1] : 0;
        if (_stack.Count <= floor)
        {
            throw Error($"{op} finds no value on the stack");
        }

        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek(string op)
    {
        var floor = _marks.Count > 0 ? _marks[^1] : 0;
        return _stack.Count > floor ? _stack[^1] : throw Error($"{op} finds no value on the stack");
    }

    private object?[] PopMark(string op)
    {
        if (_marks.Count == 0)
        {
            throw Error($"{op} finds no MARK");
        }

        var mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(mark, _stack.Count - mark).ToArray();
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    /// <summary>Takes bytes after the opcode; a length past the end of the pickle is refused before anything is allocated.</summary>
    private ReadOnlySpan<byte> Take(long count)
    {
        if (count > _data.Length - _pos)
        {
            throw Error(string.Create(CultureInfo.InvariantCulture,
                $"truncated: {_opName} needs {count} more byte(s) from byte {_pos} but the file ends at byte {_data.Length}"));
        }

        var span = _data.AsSpan(_pos, (int)count);
        _pos += (int)count;
        return span;
    }

    private byte ReadByte() => Take(1)[0];

    private long ReadLength32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    private long ReadLength64()
    {
        var length = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        return length > int.MaxValue ? throw Error($"{_opName} declares {length} bytes, more than one array can hold") : (long)length;
    }

    private string ReadLine()
    {
        var end = Array.IndexOf(_data, (byte)'\n', _pos);
        if (end < 0)
        {
            throw Error($"truncated: {_opName}'s text argument has no end of line before the end of the file");
        }

        var line = System.Text.Encoding.Latin1.GetString(_data, _pos, end - _pos);
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
            throw Error($"{_opName} is not valid UTF-8 ({e.Message})");
        }
    }

    private BigInteger ParseInteger(string text) =>
        BigInteger.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"{_opName} '{text}' is not an integer");

    private long ParseMemoKey(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var key) ? key : throw Error($"{_opName} '{text}' is not a memo index");

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
            throw Error("STRING's argument is not a quoted string");
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
}
