using TorchSharp;

namespace Genomics.Models.Compute;

/// <summary>
/// Moves a module to a device and sets evaluation (or training) mode for the lifetime of the scope, then restores
/// the original device and mode on dispose — even when the work inside throws.
/// </summary>
/// <remarks>
/// <para><b>Thread safety.</b> A module's device, train/eval mode and forward hooks are shared by every thread that
/// uses it, so scopes on one module (the same object, normally <see cref="Abstractions.ISequenceModel.Module"/>) go
/// through a per-module gate:</para>
/// <list type="bullet">
/// <item><description>Evaluation scopes on the same device share the model: the first one records its state and
/// switches it to evaluation mode, later ones (on any thread) run alongside without touching it, and the last one to
/// leave restores the recorded state. Concurrent predictions and attributions on one model therefore give the same
/// results as one after another and leave its mode, parameters and buffers unchanged.</description></item>
/// <item><description>A training scope needs the model alone: it throws <see cref="ModelBusyException"/> while another
/// thread holds any scope on the model, and evaluation scopes from other threads throw it while the model
/// trains.</description></item>
/// <item><description><see cref="ExclusiveUse"/> (forward hooks, activation capture) waits until other threads'
/// evaluation scopes have left and makes new ones wait until it is disposed; an evaluation scope on another device
/// also waits for the current ones.</description></item>
/// <item><description>A scope opened by a flow of execution that already holds one on the same module is nested:
/// inside a training or exclusive scope it switches the state and restores it on dispose (the trainer's validation
/// passes); inside a shared evaluation scope it may change the state only while no other thread shares the model,
/// and throws <see cref="ModelBusyException"/> otherwise. Tasks started inside a scope count as its flow.</description></item>
/// </list>
/// <para>Scopes on different modules are independent, so calls on different models run in parallel. Code that changes a
/// module's mode, device or hooks without a scope is outside this contract.</para>
/// </remarks>
public sealed class ModelStateScope : IDisposable
{
    private readonly ModelGate.Lease _lease;

    /// <summary>Enters the scope.</summary>
    /// <param name="module">The module; must not be disposed.</param>
    /// <param name="device">The device to run on.</param>
    /// <param name="training">True for training mode, false (default) for evaluation mode.</param>
    /// <exception cref="ModelBusyException">Another thread trains the model (or, for training, uses it at all), or a
    /// nested scope would change the state of a model that other threads share.</exception>
    public ModelStateScope(torch.nn.Module module, torch.Device device, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(device);
        _lease = ModelGate.Enter(module, training ? ModelUse.Training : ModelUse.Evaluation, device);
        Device = device;
    }

    private ModelStateScope(ModelGate.Lease lease, torch.Device device)
    {
        _lease = lease;
        Device = device;
    }

    /// <summary>The device the module runs on inside the scope.</summary>
    public torch.Device Device { get; }

    /// <summary>
    /// Takes a module for this flow of execution alone without changing its state, for work that mutates shared module
    /// structure such as registering forward hooks. Waits while other threads evaluate the module.
    /// </summary>
    /// <param name="module">The module; must not be disposed.</param>
    /// <returns>The scope; dispose it to let other threads in.</returns>
    /// <exception cref="ModelBusyException">Another thread trains the model, or this flow already shares it with other
    /// threads through an evaluation scope (take exclusive use before evaluating).</exception>
    public static ModelStateScope ExclusiveUse(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var device = CurrentDevice(module) ?? torch.CPU;
        return new ModelStateScope(ModelGate.Enter(module, ModelUse.ExclusiveUse, device), device);
    }

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

    /// <summary>Leaves the scope; the last scope on the module restores its original device and mode.</summary>
    public void Dispose() => _lease.Dispose();
}
