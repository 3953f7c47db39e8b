using TorchSharp;

namespace Genomics.Models.Serialization.PyTorch;

/// <summary>What <see cref="TorchStateDictPolicy"/> allows a pickle to name: nothing else is ever constructed.</summary>
internal enum TorchGlobalKind
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

/// <summary>What an allowed global means to <see cref="TorchStateDictPolicy"/>.</summary>
/// <param name="Kind">Which of the allowed globals it is.</param>
/// <param name="StorageType">The element type, for a typed storage.</param>
internal sealed record TorchGlobal(TorchGlobalKind Kind, torch.ScalarType StorageType = torch.ScalarType.Float32);

/// <summary>A storage named by a persistent id: <c>('storage', torch.FloatStorage, key, location, numel)</c>.</summary>
/// <param name="Key">The storage's entry name under <c>NAME/data/</c>.</param>
/// <param name="DType">The element type.</param>
/// <param name="Count">The number of elements the pickle claims.</param>
internal sealed record PickleStorage(string Key, torch.ScalarType DType, long Count);

/// <summary>A tensor to rebuild: a strided view of a storage.</summary>
/// <param name="Storage">The storage.</param>
/// <param name="Offset">The offset, in elements.</param>
/// <param name="Size">The size.</param>
/// <param name="Stride">The strides, in elements.</param>
internal sealed record PickleTensor(PickleStorage Storage, long Offset, long[] Size, long[] Stride);
