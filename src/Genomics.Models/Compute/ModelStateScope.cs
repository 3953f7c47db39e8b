using TorchSharp;

namespace Genomics.Models.Compute;

/// <summary>
/// Moves a module to a device and sets evaluation (or training) mode for the lifetime of the scope, then restores
/// the original device and mode on dispose — even when the work inside throws.
/// </summary>
public sealed class ModelStateScope : IDisposable
{
    private readonly torch.nn.Module _module;
    private readonly torch.Device? _originalDevice;
    private readonly bool _originalTraining;
    private bool _disposed;

    /// <summary>Enters the scope.</summary>
    /// <param name="module">The module; must not be disposed.</param>
    /// <param name="device">The device to run on.</param>
    /// <param name="training">True for training mode, false (default) for evaluation mode.</param>
    public ModelStateScope(torch.nn.Module module, torch.Device device, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(device);
        _module = module;
        _originalTraining = module.training;
        _originalDevice = CurrentDevice(module);
        Device = device;
        if (_originalDevice is null || !SameDevice(_originalDevice, device))
        {
            module.to(device);
        }

        module.train(training);
    }

    /// <summary>The device the module runs on inside the scope.</summary>
    public torch.Device Device { get; }

    /// <summary>The device of a module's first parameter or buffer, or null when it has none.</summary>
    /// <param name="module">The module.</param>
    /// <returns>The device, or null.</returns>
    public static torch.Device? CurrentDevice(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var p in module.parameters())
        {
            return p.device;
        }

        foreach (var b in module.buffers())
        {
            return b.device;
        }

        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_originalDevice is not null && !SameDevice(_originalDevice, Device))
        {
            _module.to(_originalDevice);
        }

        _module.train(_originalTraining);
    }

    private static bool SameDevice(torch.Device a, torch.Device b) =>
        a.type == b.type && (a.type == DeviceType.CPU || Math.Max(a.index, 0) == Math.Max(b.index, 0));
}
