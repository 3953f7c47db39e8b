using TorchSharp;

namespace Genomics.Models.Serialization.PyTorch;

/// <summary>What the bounded unpickler allows a pickle to name: nothing else is ever constructed.</summary>
internal enum PickleGlobalKind
{
    /// <summary><c>collections.OrderedDict</c>.</summary>
    OrderedDict,

    /// <summary>A <c>dict</c> subclass that holds data only (PyTorch Lightning's <c>AttributeDict</c>), read as a dict.</summary>
    DictSubclass,

    /// <summary><c>torch._utils._rebuild_tensor_v2</c> and <c>_rebuild_tensor</c>.</summary>
    RebuildTensor,

    /// <summary><c>torch._utils._rebuild_parameter</c>: the tensor it wraps.</summary>
    RebuildParameter,

    /// <summary>A typed storage class (<c>torch.FloatStorage</c>, …), only inside a persistent id.</summary>
    Storage,
}

/// <summary>A global the pickle named and the reader allowed.</summary>
internal sealed record PickleGlobal(string Module, string Name, PickleGlobalKind Kind, torch.ScalarType StorageType = torch.ScalarType.Float32)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A Python dict (or OrderedDict) in insertion order; keys are strings, integers or other plain values.</summary>
internal sealed class PickleDict
{
    private readonly Dictionary<object, int> _index = [];
    private int _nullKey = -1;

    public List<KeyValuePair<object?, object?>> Items { get; } = [];

    public void Set(object? key, object? value)
    {
        var found = key is null ? _nullKey : _index.GetValueOrDefault(key, -1);
        if (found >= 0)
        {
            Items[found] = new(key, value);
            return;
        }

        if (key is null)
        {
            _nullKey = Items.Count;
        }
        else
        {
            _index[key] = Items.Count;
        }

        Items.Add(new(key, value));
    }

    public object? Get(string key) => Items.FirstOrDefault(p => p.Key is string s && s == key).Value;

    public bool ContainsKey(string key) => Items.Any(p => p.Key is string s && s == key);
}

/// <summary>A storage named by a persistent id: <c>('storage', torch.FloatStorage, key, location, numel)</c>.</summary>
internal sealed record PickleStorage(string Key, torch.ScalarType DType, long Count);

/// <summary>A tensor to rebuild: a strided view of a storage.</summary>
internal sealed record PickleTensor(PickleStorage Storage, long Offset, long[] Size, long[] Stride);
