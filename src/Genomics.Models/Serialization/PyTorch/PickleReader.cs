using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using TorchSharp;

namespace Genomics.Models.Serialization.PyTorch;

/// <summary>
/// A bounded unpickler for <c>torch.save</c>'s <c>data.pkl</c>: it reads the binary opcodes of pickle protocols 2 to 5
/// into plain values (dicts, lists, tuples, strings, numbers, booleans, None, bytes) and tensor descriptions, and
/// constructs nothing else.
/// </summary>
/// <remarks>
/// A global is checked against a fixed allow-list when the pickle names it (opcodes GLOBAL, STACK_GLOBAL, INST), before
/// anything could use it: <c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c>,
/// <c>_rebuild_tensor</c> and <c>_rebuild_parameter</c>, the typed storages (<c>torch.FloatStorage</c>, …) and PyTorch
/// Lightning's <c>AttributeDict</c> (a dict subclass, read as a dict). Any other global is refused with a
/// <see cref="PyTorchWeightsException"/> naming it. Nothing in a pickle is ever executed: the allowed globals are
/// interpreted by this reader, not called.
/// </remarks>
internal sealed class PickleReader
{
    private static readonly Dictionary<string, torch.ScalarType> s_storages = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = torch.ScalarType.Float32,
        ["DoubleStorage"] = torch.ScalarType.Float64,
        ["HalfStorage"] = torch.ScalarType.Float16,
        ["BFloat16Storage"] = torch.ScalarType.BFloat16,
        ["LongStorage"] = torch.ScalarType.Int64,
        ["IntStorage"] = torch.ScalarType.Int32,
        ["ShortStorage"] = torch.ScalarType.Int16,
        ["CharStorage"] = torch.ScalarType.Int8,
        ["ByteStorage"] = torch.ScalarType.Byte,
        ["BoolStorage"] = torch.ScalarType.Bool,
    };

    private static readonly HashSet<string> s_attributeDicts = new(StringComparer.Ordinal)
    {
        "pytorch_lightning.utilities.parsing.AttributeDict",
        "lightning.pytorch.utilities.parsing.AttributeDict",
        "lightning.fabric.utilities.data.AttributeDict",
        "lightning_fabric.utilities.data.AttributeDict",
    };

    private readonly byte[] _data;
    private readonly string _file;
    private readonly string _entry;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _position;

    private PickleReader(byte[] data, string file, string entry)
    {
        _data = data;
        _file = file;
        _entry = entry;
    }

    /// <summary>Reads one pickle.</summary>
    /// <param name="data">The pickle bytes.</param>
    /// <param name="file">The file, for messages.</param>
    /// <param name="entry">The archive entry, for messages.</param>
    /// <returns>The unpickled value.</returns>
    /// <exception cref="PyTorchWeightsException">The pickle is malformed, uses an unsupported opcode or names a refused global.</exception>
    public static object? Read(byte[] data, string file, string entry) => new PickleReader(data, file, entry).Run();

    private object? Run()
    {
        while (true)
        {
            var opcode = ReadByte();
            switch (opcode)
            {
                case 0x80: // PROTO
                    var protocol = ReadByte();
                    if (protocol is < 2 or > 5)
                    {
                        throw Fail($"pickle protocol {protocol} is not supported (2 to 5 are)");
                    }

                    break;
                case 0x95: // FRAME
                    Take(8);
                    break;
                case (byte)'.': // STOP
                    if (_stack.Count != 1)
                    {
                        throw Fail($"the pickle stops with {_stack.Count} values on its stack instead of 1");
                    }

                    return _stack[0];
                case (byte)'(':
                    _marks.Push(_stack.Count);
                    break;
                case (byte)')':
                    Push(Array.Empty<object?>());
                    break;
                case (byte)']':
                    Push(new List<object?>());
                    break;
                case (byte)'}':
                    Push(new PickleDict());
                    break;
                case (byte)'N':
                    Push(null);
                    break;
                case 0x88:
                    Push(true);
                    break;
                case 0x89:
                    Push(false);
                    break;
                case (byte)'J': // BININT
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4)));
                    break;
                case (byte)'K': // BININT1
                    Push((long)ReadByte());
                    break;
                case (byte)'M': // BININT2
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2)));
                    break;
                case 0x8a: // LONG1
                    Push(ReadLong(ReadByte()));
                    break;
                case 0x8b: // LONG4
                    Push(ReadLong(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))));
                    break;
                case (byte)'G': // BINFLOAT
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8)));
                    break;
                case (byte)'X': // BINUNICODE
                    Push(ReadString(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    Push(ReadString(ReadByte()));
                    break;
                case 0x8d: // BINUNICODE8
                    Push(ReadString(BinaryPrimitives.ReadUInt64LittleEndian(Take(8))));
                    break;
                case (byte)'C': // SHORT_BINBYTES
                    Push(Take(ReadByte()).ToArray());
                    break;
                case (byte)'B': // BINBYTES
                    Push(Take(Length(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))).ToArray());
                    break;
                case 0x8e: // BINBYTES8
                    Push(Take(Length(BinaryPrimitives.ReadUInt64LittleEndian(Take(8)))).ToArray());
                    break;
                case (byte)'c': // GLOBAL
                    Push(Allow(ReadLine(), ReadLine()));
                    break;
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop() as string;
                    var module = Pop() as string;
                    if (name is null || module is null)
                    {
                        throw Fail("STACK_GLOBAL expects a module and a name");
                    }

                    Push(Allow(module, name));
                    break;
                }

                case (byte)'i': // INST: names a class to call; no allowed global is built this way
                    throw Refuse(ReadLine(), ReadLine());
                case (byte)'t':
                    Push(PopMark().ToArray());
                    break;
                case 0x85:
                    Push(new[] { Pop() });
                    break;
                case 0x86:
                {
                    var b = Pop();
                    var a = Pop();
                    Push(new[] { a, b });
                    break;
                }

                case 0x87:
                {
                    var c = Pop();
                    var b = Pop();
                    var a = Pop();
                    Push(new[] { a, b, c });
                    break;
                }

                case (byte)'l': // LIST
                    Push(PopMark());
                    break;
                case (byte)'d': // DICT
                {
                    var items = PopMark();
                    var dict = new PickleDict();
                    AddPairs(dict, items);
                    Push(dict);
                    break;
                }

                case (byte)'a': // APPEND
                {
                    var value = Pop();
                    Peek<List<object?>>("APPEND").Add(value);
                    break;
                }

                case (byte)'e': // APPENDS
                {
                    var values = PopMark();
                    Peek<List<object?>>("APPENDS").AddRange(values);
                    break;
                }

                case (byte)'s': // SETITEM
                {
                    var value = Pop();
                    var key = Pop();
                    Peek<PickleDict>("SETITEM").Set(key, value);
                    break;
                }

                case (byte)'u': // SETITEMS
                {
                    var items = PopMark();
                    AddPairs(Peek<PickleDict>("SETITEMS"), items);
                    break;
                }

                case (byte)'R': // REDUCE
                {
                    var args = Pop() as object?[] ?? throw Fail("REDUCE expects a tuple of arguments");
                    var callable = Pop() as PickleGlobal ?? throw Fail("REDUCE expects an allowed global to call");
                    Push(Reduce(callable, args));
                    break;
                }

                case 0x81: // NEWOBJ
                {
                    var args = Pop() as object?[] ?? throw Fail("NEWOBJ expects a tuple of arguments");
                    var type = Pop() as PickleGlobal ?? throw Fail("NEWOBJ expects an allowed class");
                    if (type.Kind is not (PickleGlobalKind.OrderedDict or PickleGlobalKind.DictSubclass) || args.Length != 0)
                    {
                        throw Fail($"NEWOBJ of {type} is not supported");
                    }

                    Push(new PickleDict());
                    break;
                }

                case (byte)'b': // BUILD: object state; dicts keep their items, attributes such as _metadata are dropped
                {
                    var state = Pop();
                    var target = _stack.Count > 0 ? _stack[^1] : throw Fail("BUILD on an empty stack");
                    if (target is not (PickleDict or PickleTensor) || state is not (null or PickleDict or object?[]))
                    {
                        throw Fail("BUILD is only supported on dicts and tensors");
                    }

                    break;
                }

                case (byte)'Q': // BINPERSID
                    Push(PersistentLoad(Pop()));
                    break;
                case (byte)'q': // BINPUT
                    _memo[ReadByte()] = Top();
                    break;
                case (byte)'r': // LONG_BINPUT
                    _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Top();
                    break;
                case 0x94: // MEMOIZE
                    _memo[_memo.Count] = Top();
                    break;
                case (byte)'h': // BINGET
                    Push(Memo(ReadByte()));
                    break;
                case (byte)'j': // LONG_BINGET
                    Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))));
                    break;
                case (byte)'0': // POP
                    Pop();
                    break;
                case (byte)'1': // POP_MARK
                    PopMark();
                    break;
                case (byte)'2': // DUP
                    Push(Top());
                    break;
                default:
                    throw Fail(string.Create(CultureInfo.InvariantCulture, $"opcode 0x{opcode:x2} at byte {_position - 1} is not supported"));
            }
        }
    }

    private PickleGlobal Allow(string module, string name)
    {
        var full = module + "." + name;
        if (module == "collections" && name == "OrderedDict")
        {
            return new PickleGlobal(module, name, PickleGlobalKind.OrderedDict);
        }

        if (module == "torch._utils" && name is "_rebuild_tensor_v2" or "_rebuild_tensor")
        {
            return new PickleGlobal(module, name, PickleGlobalKind.RebuildTensor);
        }

        if (module == "torch._utils" && name == "_rebuild_parameter")
        {
            return new PickleGlobal(module, name, PickleGlobalKind.RebuildParameter);
        }

        if (module == "torch" && s_storages.TryGetValue(name, out var type))
        {
            return new PickleGlobal(module, name, PickleGlobalKind.Storage, type);
        }

        if (s_attributeDicts.Contains(full))
        {
            return new PickleGlobal(module, name, PickleGlobalKind.DictSubclass);
        }

        throw Refuse(module, name);
    }

    private PyTorchWeightsException Refuse(string module, string name) =>
        new(_file, _entry, $"the pickle asks for the Python global '{module}.{name}'; only tensors, storages and plain containers "
            + "are read, because unpickling any other global can run arbitrary code")
        {
            RefusedGlobal = module + "." + name,
        };

    private object? Reduce(PickleGlobal callable, object?[] args)
    {
        switch (callable.Kind)
        {
            case PickleGlobalKind.OrderedDict or PickleGlobalKind.DictSubclass:
            {
                var dict = new PickleDict();
                if (args.Length == 1 && args[0] is List<object?> pairs)
                {
                    foreach (var pair in pairs)
                    {
                        if (pair is not object?[] { Length: 2 } kv)
                        {
                            throw Fail($"{callable} expects (key, value) pairs");
                        }

                        dict.Set(kv[0], kv[1]);
                    }
                }
                else if (args.Length != 0)
                {
                    throw Fail($"{callable} is called with unsupported arguments");
                }

                return dict;
            }

            case PickleGlobalKind.RebuildTensor:
                if (args.Length < 4 || args[0] is not PickleStorage storage || args[1] is not long offset
                    || args[2] is not object?[] size || args[3] is not object?[] stride || size.Length != stride.Length)
                {
                    throw Fail($"{callable} expects (storage, offset, size, stride, ...)");
                }

                return new PickleTensor(storage, offset, Longs(size, callable), Longs(stride, callable));
            case PickleGlobalKind.RebuildParameter:
                return args.Length >= 1 && args[0] is PickleTensor tensor ? tensor : throw Fail($"{callable} expects a tensor");
            default:
                throw Fail($"{callable} cannot be called");
        }
    }

    private long[] Longs(object?[] values, PickleGlobal callable) =>
        values.Select(v => v is long l ? l : throw Fail($"{callable} expects integer sizes and strides")).ToArray();

    private PickleStorage PersistentLoad(object? id)
    {
        if (id is not object?[] { Length: 5 } parts || parts[0] is not "storage" || parts[1] is not PickleGlobal { Kind: PickleGlobalKind.Storage } type
            || parts[2] is not string key || parts[4] is not long count || count < 0)
        {
            throw Fail("a persistent id is not a ('storage', type, key, location, numel) tuple");
        }

        return new PickleStorage(key, type.StorageType, count);
    }

    private void AddPairs(PickleDict dict, List<object?> items)
    {
        if (items.Count % 2 != 0)
        {
            throw Fail("a dict is given an odd number of keys and values");
        }

        for (var i = 0; i < items.Count; i += 2)
        {
            dict.Set(items[i], items[i + 1]);
        }
    }

    private T Peek<T>(string opcode)
        where T : class =>
        (_stack.Count > 0 ? _stack[^1] as T : null) ?? throw Fail($"{opcode} is applied to a value of the wrong kind");

    private object? Memo(long index) => _memo.TryGetValue(index, out var value) ? value : throw Fail($"memo entry {index} is read before it is written");

    private void Push(object? value) => _stack.Add(value);

    private object? Top() => _stack.Count > 0 ? _stack[^1] : throw Fail("the pickle reads an empty stack");

    private object? Pop()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks.Peek() == _stack.Count))
        {
            throw Fail("the pickle pops an empty stack");
        }

        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private List<object?> PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Fail("the pickle uses a mark it never set");
        }

        var start = _marks.Pop();
        var items = _stack.GetRange(start, _stack.Count - start);
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private byte ReadByte() => Take(1)[0];

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position > _data.Length - count)
        {
            throw Fail("the pickle ends early (truncated)");
        }

        var span = _data.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private int Length(ulong length) => length > (ulong)(_data.Length - _position) ? throw Fail("the pickle ends early (truncated)") : (int)length;

    private string ReadString(ulong length) => System.Text.Encoding.UTF8.GetString(Take(Length(length)));

    private string ReadLine()
    {
        var end = Array.IndexOf(_data, (byte)'\n', _position);
        if (end < 0)
        {
            throw Fail("the pickle ends early (truncated)");
        }

        var text = System.Text.Encoding.UTF8.GetString(_data, _position, end - _position);
        _position = end + 1;
        return text;
    }

    private long ReadLong(int length)
    {
        if (length > 8)
        {
            throw Fail("an integer does not fit in 64 bits");
        }

        var bytes = Take(length);
        long value = 0;
        for (var i = length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        if (length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0)
        {
            value -= 1L << (8 * length);
        }

        return value;
    }

    private PyTorchWeightsException Fail(string problem) => new(_file, _entry, problem);
}
