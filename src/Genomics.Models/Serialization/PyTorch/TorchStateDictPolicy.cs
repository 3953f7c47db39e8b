using Genomics.Models.IO.Pickling;
using TorchSharp;

namespace Genomics.Models.Serialization.PyTorch;

/// <summary>
/// The <c>torch.save</c> policy of the shared <see cref="PickleMachine"/>, for an archive's <c>data.pkl</c>: plain
/// values (dicts, lists, tuples, strings, numbers, booleans, None, bytes) and tensor descriptions, nothing else.
/// </summary>
/// <remarks>
/// A global is checked against a fixed allow-list when the pickle names it (GLOBAL, STACK_GLOBAL; INST is always
/// refused), before anything could use it: <c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c>,
/// <c>_rebuild_tensor</c> and <c>_rebuild_parameter</c>, the typed storages (<c>torch.FloatStorage</c>, …) and PyTorch
/// Lightning's <c>AttributeDict</c> (a dict subclass, read as a dict). Any other global, numpy's included, is refused
/// with a <see cref="PyTorchWeightsException"/> naming it, the file and the entry. Nothing in a pickle is ever executed:
/// the allowed globals are interpreted here, not called. Only the binary opcodes of protocols 2 to 5 are read; persistent
/// ids must be <c>('storage', torch.XStorage, key, location, numel)</c>.
/// </remarks>
internal sealed class TorchStateDictPolicy : PicklePolicy
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

    private readonly string _file;
    private readonly string _entry;

    private TorchStateDictPolicy(string file, string entry)
    {
        _file = file;
        _entry = entry;
    }

    /// <inheritdoc />
    public override int LowestProtocol => 2;

    /// <inheritdoc />
    public override bool ReadsNewObject => true;

    /// <inheritdoc />
    public override bool ReadsPersistentIds => true;

    /// <summary>Reads one <c>data.pkl</c>.</summary>
    /// <param name="data">The pickle bytes.</param>
    /// <param name="file">The file, for messages.</param>
    /// <param name="entry">The archive entry, for messages.</param>
    /// <returns>The unpickled value: dicts as <see cref="Dictionary{TKey, TValue}"/> in insertion order, tensors as <see cref="PickleTensor"/>.</returns>
    /// <exception cref="PyTorchWeightsException">The pickle is malformed, uses an unsupported opcode or names a refused global.</exception>
    public static object? Read(byte[] data, string file, string entry) => PickleMachine.Read(data, new TorchStateDictPolicy(file, entry));

    /// <inheritdoc />
    public override object? Allow(string module, string name)
    {
        if (module == "collections" && name == "OrderedDict")
        {
            return new TorchGlobal(TorchGlobalKind.OrderedDict);
        }

        if (module == "torch._utils" && name is "_rebuild_tensor_v2" or "_rebuild_tensor")
        {
            return new TorchGlobal(TorchGlobalKind.RebuildTensor);
        }

        if (module == "torch._utils" && name == "_rebuild_parameter")
        {
            return new TorchGlobal(TorchGlobalKind.RebuildParameter);
        }

        if (module == "torch" && s_storages.TryGetValue(name, out var type))
        {
            return new TorchGlobal(TorchGlobalKind.Storage, type);
        }

        return s_attributeDicts.Contains(module + "." + name) ? new TorchGlobal(TorchGlobalKind.DictSubclass) : null;
    }

    /// <inheritdoc />
    public override Exception Error(long offset, string reason) => new PyTorchWeightsException(_file, _entry, $"byte {offset}: {reason}");

    /// <inheritdoc />
    public override Exception RefuseGlobal(long offset, string module, string name) =>
        new PyTorchWeightsException(_file, _entry, $"the pickle asks for the Python global '{module}.{name}' (byte {offset}); only tensors, storages and plain "
            + "containers are read, because unpickling any other global can run arbitrary code")
        {
            RefusedGlobal = module + "." + name,
        };

    /// <inheritdoc />
    public override string? Describe(object value) => value switch
    {
        PickleTensor => "a tensor",
        PickleStorage => "a storage",
        _ => null,
    };

    /// <inheritdoc />
    public override object? Reduce(PickleMachine machine, PickleGlobal callable, object?[] args)
    {
        switch (((TorchGlobal)callable.Meaning).Kind)
        {
            case TorchGlobalKind.OrderedDict or TorchGlobalKind.DictSubclass:
            {
                var dict = new Dictionary<object, object?>();
                if (args.Length == 1 && args[0] is List<object?> pairs)
                {
                    foreach (var pair in pairs)
                    {
                        if (pair is not object?[] { Length: 2 } kv)
                        {
                            throw machine.Error($"{callable} expects (key, value) pairs");
                        }

                        machine.SetItem(dict, kv[0], kv[1], callable.ToString());
                    }
                }
                else if (args.Length != 0)
                {
                    throw machine.Error($"{callable} is called with unsupported arguments");
                }

                return dict;
            }

            case TorchGlobalKind.RebuildTensor:
                if (args.Length < 4 || args[0] is not PickleStorage storage || args[1] is not long offset
                    || args[2] is not object?[] size || args[3] is not object?[] stride || size.Length != stride.Length)
                {
                    throw machine.Error($"{callable} expects (storage, offset, size, stride, ...)");
                }

                return new PickleTensor(storage, offset, Longs(machine, size, callable), Longs(machine, stride, callable));
            case TorchGlobalKind.RebuildParameter:
                return args.Length >= 1 && args[0] is PickleTensor tensor ? tensor : throw machine.Error($"{callable} expects a tensor");
            default:
                throw machine.Error($"{callable} cannot be called");
        }
    }

    /// <inheritdoc />
    public override object? NewObject(PickleMachine machine, PickleGlobal type, object?[] args) =>
        ((TorchGlobal)type.Meaning).Kind is TorchGlobalKind.OrderedDict or TorchGlobalKind.DictSubclass && args.Length == 0
            ? new Dictionary<object, object?>()
            : throw machine.Error($"NEWOBJ of {type} is not supported");

    /// <inheritdoc />
    /// <remarks>Object state is dropped: dicts keep their items, attributes such as an OrderedDict's <c>_metadata</c> are not kept.</remarks>
    public override void Build(PickleMachine machine, object? target, object? state)
    {
        if (target is not (Dictionary<object, object?> or PickleTensor) || state is not (null or Dictionary<object, object?> or object?[]))
        {
            throw machine.Error("BUILD is only supported on dicts and tensors");
        }
    }

    /// <inheritdoc />
    public override object? PersistentLoad(PickleMachine machine, object? id)
    {
        if (id is not object?[] { Length: 5 } parts || parts[0] is not "storage"
            || parts[1] is not PickleGlobal { Meaning: TorchGlobal { Kind: TorchGlobalKind.Storage } type }
            || parts[2] is not string key || parts[4] is not long count || count < 0)
        {
            throw machine.Error("a persistent id is not a ('storage', type, key, location, numel) tuple");
        }

        return new PickleStorage(key, type.StorageType, count);
    }

    private static long[] Longs(PickleMachine machine, object?[] values, PickleGlobal callable) =>
        values.Select(v => v is long l ? l : throw machine.Error($"{callable} expects integer sizes and strides")).ToArray();
}
