using static TorchSharp.torch;

namespace Genomics.Models.Serialization.PyTorch;

/// <summary>The two file formats PyTorch weights come in.</summary>
public enum PyTorchWeightFormat
{
    /// <summary><c>torch.save</c>'s zip archive with a pickled state dict (<c>.pt</c>, <c>.pth</c>, <c>.bin</c>, Lightning <c>.ckpt</c>).</summary>
    TorchSave,

    /// <summary>safetensors: a JSON header and raw tensor bytes (<c>.safetensors</c>).</summary>
    Safetensors,
}

/// <summary>
/// A PyTorch state dict read from a file: tensor names in file order and CPU tensors, owned by this object until it is
/// disposed.
/// </summary>
/// <remarks>
/// From a <c>torch.save</c> file the state dict is the pickled dict itself or, for a training checkpoint, its
/// <c>state_dict</c> entry (PyTorch Lightning's <c>.ckpt</c>) or <c>model_state_dict</c> entry; the rest of such a
/// checkpoint (optimiser state, hyper-parameters, callbacks) is read, checked for safety like everything else, and dropped.
/// </remarks>
public sealed class PyTorchStateDict : IDisposable
{
    private readonly List<KeyValuePair<string, Tensor>> _tensors;
    private readonly List<Tensor> _owned;

    internal PyTorchStateDict(string filePath, PyTorchWeightFormat format, List<KeyValuePair<string, Tensor>> tensors, List<Tensor> owned)
    {
        FilePath = filePath;
        Format = format;
        _tensors = tensors;
        _owned = owned;
    }

    /// <summary>The file the state dict was read from.</summary>
    public string FilePath { get; }

    /// <summary>The file's format.</summary>
    public PyTorchWeightFormat Format { get; }

    /// <summary>Names and tensors in file order (the tensors are CPU tensors owned by this object).</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> Tensors => _tensors;

    /// <summary>The tensor names in file order.</summary>
    public IEnumerable<string> Keys => _tensors.Select(t => t.Key);

    /// <summary>Frees every tensor read from the file.</summary>
    public void Dispose()
    {
        foreach (var tensor in _owned)
        {
            tensor.Dispose();
        }

        _owned.Clear();
        _tensors.Clear();
    }
}
