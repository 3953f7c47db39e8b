using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Capture;

/// <summary>
/// Records the outputs of named layers during forward passes, through forward hooks that are removed on dispose.
/// </summary>
/// <remarks>
/// Hooks fire only when a layer is invoked through TorchSharp's <c>call</c> (every architecture in this library does so).
/// Recorded outputs are detached copies (moved to the CPU by default), kept outside any dispose scope and freed by
/// <see cref="Clear"/> or <see cref="Dispose"/>. Only layers of type <c>Module&lt;Tensor, Tensor&gt;</c> can be recorded.
/// <para><b>Thread safety.</b> Hooks are shared module state: a recorder takes the root module for exclusive use
/// (<see cref="Compute.ModelStateScope.ExclusiveUse"/>) from construction until it is disposed. It waits while other
/// threads evaluate the model and makes their evaluations wait while it records, so the library's engines on other
/// threads neither see its hooks nor get recorded.</para>
/// </remarks>
public sealed class ActivationRecorder : IDisposable
{
    private readonly Dictionary<string, List<Tensor>> _records = new(StringComparer.Ordinal);
    private readonly List<Action> _removers = [];
    private readonly bool _moveToCpu;
    private readonly Compute.ModelStateScope _exclusive;
    private bool _disposed;

    /// <summary>Starts recording the named layers of a module.</summary>
    /// <param name="root">The model's module.</param>
    /// <param name="layerNames">Module paths as in <c>named_modules()</c> (e.g. <c>conv1</c>, <c>blocks.0.conv</c>); at least one.</param>
    /// <param name="moveToCpu">Move recorded outputs to the CPU (default true).</param>
    /// <exception cref="ArgumentException">No names, a name that is not a submodule (the message lists the available ones), or a layer whose output is not a tensor.</exception>
    /// <exception cref="Compute.ModelBusyException">Another thread trains the model, or this flow shares it with other threads through an evaluation scope.</exception>
    public ActivationRecorder(nn.Module root, IEnumerable<string> layerNames, bool moveToCpu = true)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(layerNames);
        var names = layerNames.ToArray();
        if (names.Length == 0)
        {
            throw new ArgumentException("Name at least one layer to record.", nameof(layerNames));
        }

        _moveToCpu = moveToCpu;
        _exclusive = Compute.ModelStateScope.ExclusiveUse(root);
        var modules = root.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        try
        {
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                if (!modules.TryGetValue(name, out var module))
                {
                    throw new ArgumentException($"The model has no layer '{name}'. Layers: {string.Join(", ", modules.Keys.Where(k => k.Length > 0).Take(40))}.", nameof(layerNames));
                }

                if (module is not nn.Module<Tensor, Tensor> hookable)
                {
                    throw new ArgumentException($"Layer '{name}' ({module.GetType().Name}) does not map a tensor to a tensor and cannot be recorded.", nameof(layerNames));
                }

                var list = new List<Tensor>();
                _records[name] = list;
                var handle = hookable.register_forward_hook((_, _, output) =>
                {
                    list.Add(Capture(output));
                    return output;
                });
                _removers.Add(handle.remove);
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        LayerNames = _records.Keys.ToArray();
    }

    /// <summary>The recorded layer names.</summary>
    public IReadOnlyList<string> LayerNames { get; }

    /// <summary>How many forward calls of a layer were recorded.</summary>
    /// <param name="layer">A recorded layer name.</param>
    /// <returns>The number of calls.</returns>
    /// <exception cref="ArgumentException">The layer is not recorded.</exception>
    public int CallCount(string layer) => Records(layer).Count;

    /// <summary>The recorded outputs of a layer, concatenated along dimension 0 (the batch axis) over all calls.</summary>
    /// <param name="layer">A recorded layer name.</param>
    /// <returns>A new tensor (e.g. (N, C, L') for a convolution) owned by the caller.</returns>
    /// <exception cref="ArgumentException">The layer is not recorded.</exception>
    /// <exception cref="InvalidOperationException">The layer has not run since the last <see cref="Clear"/>.</exception>
    public Tensor GetActivations(string layer)
    {
        var list = Records(layer);
        if (list.Count == 0)
        {
            throw new InvalidOperationException($"Layer '{layer}' has not run since recording started or was cleared.");
        }

        return list.Count == 1 ? list[0].clone() : torch.cat(list, 0);
    }

    /// <summary>Frees every recorded output; hooks stay in place.</summary>
    public void Clear()
    {
        foreach (var list in _records.Values)
        {
            foreach (var t in list)
            {
                t.Dispose();
            }

            list.Clear();
        }
    }

    /// <summary>Removes the hooks and frees the recorded outputs.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var remove in _removers)
        {
            remove();
        }

        _removers.Clear();
        Clear();
        _exclusive.Dispose();
    }

    private List<Tensor> Records(string layer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(layer);
        return _records.TryGetValue(layer, out var list)
            ? list
            : throw new ArgumentException($"Layer '{layer}' is not recorded. Recorded: {string.Join(", ", _records.Keys)}.", nameof(layer));
    }

    private Tensor Capture(Tensor output)
    {
        using var scope = torch.NewDisposeScope();
        var copy = output.detach();
        copy = _moveToCpu && copy.device_type != DeviceType.CPU ? copy.cpu() : copy.clone();
        return copy.DetachFromDisposeScope();
    }
}
