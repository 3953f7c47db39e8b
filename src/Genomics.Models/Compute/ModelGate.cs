using System.Globalization;
using System.Runtime.CompilerServices;
using TorchSharp;

namespace Genomics.Models.Compute;

/// <summary>What a call needs from a model while it holds a <see cref="ModelGate.Lease"/>.</summary>
internal enum ModelUse
{
    /// <summary>Evaluation mode on one device; shared by every concurrent call that needs the same.</summary>
    Evaluation,

    /// <summary>Training mode; exclusive, and refused while any other call uses the model.</summary>
    Training,

    /// <summary>The model's state as it is, for one call alone (forward hooks); waits for other evaluation calls.</summary>
    ExclusiveUse,
}

/// <summary>
/// The per-model gate behind <see cref="ModelStateScope"/>: the shared state of a module (device, train/eval mode,
/// forward hooks) is owned by the leases open on it, keyed on the module object. The first lease records the module's
/// state and switches it; concurrent evaluation leases on the same device share that state; the last lease to leave
/// restores the recorded state. Conflicting requests from other flows of execution wait (exclusive use against
/// evaluation) or are refused with <see cref="ModelBusyException"/> (anything against training). Leases opened by a
/// flow that already holds one on the same model are nested: inside an exclusive lease they switch the state and
/// restore it on dispose, as a plain scope would.
/// </summary>
internal sealed class ModelGate
{
    private static readonly ConditionalWeakTable<torch.nn.Module, ModelGate> Gates = new();
    private static readonly AsyncLocal<HeldNode?> Held = new();

    private readonly object _sync = new();
    private readonly torch.nn.Module _module;
    private readonly List<Lease> _leases = [];
    private ModelUse? _exclusive;
    private Lease? _exclusiveOwner;
    private torch.Device? _sharedDevice;
    private int _exclusiveWaiters;
    private torch.Device? _originalDevice;
    private bool _originalTraining;

    private ModelGate(torch.nn.Module module)
    {
        _module = module;
    }

    /// <summary>Opens a lease on a module's gate, waiting or throwing as the contract says.</summary>
    /// <param name="module">The module whose state the lease owns.</param>
    /// <param name="use">What the caller needs.</param>
    /// <param name="device">The device for <see cref="ModelUse.Evaluation"/> and <see cref="ModelUse.Training"/>; ignored for exclusive use.</param>
    /// <returns>The lease; dispose it to leave.</returns>
    /// <exception cref="ModelBusyException">The request conflicts with another call's use of the model.</exception>
    public static Lease Enter(torch.nn.Module module, ModelUse use, torch.Device device)
    {
        var gate = Gates.GetValue(module, static m => new ModelGate(m));
        var lease = gate.Acquire(use, device);
        Held.Value = new HeldNode(lease, Held.Value);
        return lease;
    }

    /// <summary>How many leases are open on a module (0 when it has no gate yet).</summary>
    /// <param name="module">The module.</param>
    /// <returns>The number of open leases.</returns>
    internal static int OpenLeases(torch.nn.Module module)
    {
        if (!Gates.TryGetValue(module, out var gate))
        {
            return 0;
        }

        lock (gate._sync)
        {
            return gate._leases.Count;
        }
    }

    private Lease Acquire(ModelUse use, torch.Device device)
    {
        lock (_sync)
        {
            while (true)
            {
                var own = FlowHoldsAny();
                if (_leases.Count == 0 && (use != ModelUse.Evaluation || _exclusiveWaiters == 0))
                {
                    return First(use, device);
                }

                if (own)
                {
                    return Nested(use, device);
                }

                if (use == ModelUse.Training || _exclusive == ModelUse.Training)
                {
                    throw Busy(use, device);
                }

                if (_leases.Count > 0 && _exclusive is null && use == ModelUse.Evaluation && _exclusiveWaiters == 0
                    && _sharedDevice is not null && SameDevice(_sharedDevice, device))
                {
                    return Add(new Lease(this, use));
                }

                // Exclusive use waits for the evaluations to finish; evaluations wait for exclusive use (and for a
                // pending exclusive request, so that it is not starved) and for calls on another device.
                if (use == ModelUse.ExclusiveUse)
                {
                    _exclusiveWaiters++;
                    try
                    {
                        Monitor.Wait(_sync);
                    }
                    finally
                    {
                        _exclusiveWaiters--;
                    }
                }
                else
                {
                    Monitor.Wait(_sync);
                }
            }
        }
    }

    private Lease First(ModelUse use, torch.Device device)
    {
        _originalDevice = ModelStateScope.CurrentDevice(_module);
        _originalTraining = _module.training;
        var lease = new Lease(this, use);
        try
        {
            Apply(use, device);
        }
        catch
        {
            RestoreOriginal();
            throw;
        }

        if (use == ModelUse.Evaluation)
        {
            _exclusive = null;
            _exclusiveOwner = null;
            _sharedDevice = device;
        }
        else
        {
            _exclusive = use;
            _exclusiveOwner = lease;
            _sharedDevice = null;
        }

        return Add(lease);
    }

    private Lease Nested(ModelUse use, torch.Device device)
    {
        if (_exclusive is not null)
        {
            // This flow holds the model alone: stack the state change as a plain scope would.
            return Add(Switch(new Lease(this, use), use, device));
        }

        if (use == ModelUse.Evaluation && _sharedDevice is not null && SameDevice(_sharedDevice, device))
        {
            return Add(new Lease(this, use));
        }

        if (_leases.TrueForAll(FlowHolds))
        {
            // Every open lease is this flow's own: it may take the model alone until this lease ends.
            var lease = Switch(new Lease(this, use) { Upgraded = true }, use, device);
            _exclusive = use == ModelUse.Evaluation ? ModelUse.ExclusiveUse : use;
            _exclusiveOwner = lease;
            return Add(lease);
        }

        throw new ModelBusyException(string.Create(CultureInfo.InvariantCulture,
            $"This call already evaluates the model ({_module.GetType().Name}) while other threads share it, so it cannot {Verb(use, device)} until they finish. Take the model for exclusive use before the shared evaluation starts, or run the calls one after another."));
    }

    private Lease Switch(Lease lease, ModelUse use, torch.Device device)
    {
        lease.SavedDevice = ModelStateScope.CurrentDevice(_module);
        lease.SavedTraining = _module.training;
        lease.Restores = true;
        try
        {
            Apply(use, device);
        }
        catch
        {
            Restore(lease.SavedDevice, lease.SavedTraining);
            throw;
        }

        return lease;
    }

    private Lease Add(Lease lease)
    {
        _leases.Add(lease);
        return lease;
    }

    private void Apply(ModelUse use, torch.Device device)
    {
        if (use == ModelUse.ExclusiveUse)
        {
            return;
        }

        var current = ModelStateScope.CurrentDevice(_module);
        if (current is null || !SameDevice(current, device))
        {
            _module.to(device);
        }

        _module.train(use == ModelUse.Training);
    }

    private void Release(Lease lease)
    {
        lock (_sync)
        {
            if (!_leases.Remove(lease))
            {
                return;
            }

            try
            {
                if (_leases.Count == 0)
                {
                    _exclusive = null;
                    _exclusiveOwner = null;
                    _sharedDevice = null;
                    RestoreOriginal();
                }
                else
                {
                    if (lease.Restores)
                    {
                        Restore(lease.SavedDevice, lease.SavedTraining);
                    }

                    if (lease.Upgraded && ReferenceEquals(_exclusiveOwner, lease))
                    {
                        _exclusive = null;
                        _exclusiveOwner = null;
                    }
                }
            }
            finally
            {
                Monitor.PulseAll(_sync);
            }
        }
    }

    private void RestoreOriginal() => Restore(_originalDevice, _originalTraining);

    private void Restore(torch.Device? device, bool training)
    {
        if (device is not null)
        {
            var current = ModelStateScope.CurrentDevice(_module);
            if (current is not null && !SameDevice(current, device))
            {
                _module.to(device);
            }
        }

        _module.train(training);
    }

    private ModelBusyException Busy(ModelUse use, torch.Device device)
    {
        var holder = _exclusive switch
        {
            ModelUse.Training => "training it",
            ModelUse.ExclusiveUse => "using it exclusively (activation capture)",
            _ => $"evaluating it on {DeviceName(_sharedDevice)}",
        };
        return new ModelBusyException(string.Create(CultureInfo.InvariantCulture,
            $"Cannot {Verb(use, device)} the model ({_module.GetType().Name}): another call is {holder} at the same time. A model cannot train while it is evaluated or attributed; wait for the other call to finish, or give each thread its own copy of the model."));
    }

    private static string Verb(ModelUse use, torch.Device device) => use switch
    {
        ModelUse.Training => "train",
        ModelUse.ExclusiveUse => "take for exclusive use",
        _ => $"evaluate on {DeviceName(device)}",
    };

    private static string DeviceName(torch.Device? device) =>
        device is null ? "no device" : device.type == DeviceType.CPU ? "cpu" : string.Create(CultureInfo.InvariantCulture, $"cuda:{Math.Max(device.index, 0)}");

    internal static bool SameDevice(torch.Device a, torch.Device b) =>
        a.type == b.type && (a.type == DeviceType.CPU || Math.Max(a.index, 0) == Math.Max(b.index, 0));

    private bool FlowHoldsAny()
    {
        for (var node = Held.Value; node is not null; node = node.Next)
        {
            if (ReferenceEquals(node.Lease.Gate, this) && !node.Lease.Released)
            {
                return true;
            }
        }

        return false;
    }

    private static bool FlowHolds(Lease lease)
    {
        for (var node = Held.Value; node is not null; node = node.Next)
        {
            if (ReferenceEquals(node.Lease, lease))
            {
                return true;
            }
        }

        return false;
    }

    private static HeldNode? Without(HeldNode? node, Lease lease)
    {
        if (node is null)
        {
            return null;
        }

        if (ReferenceEquals(node.Lease, lease))
        {
            return node.Next;
        }

        var rest = Without(node.Next, lease);
        return ReferenceEquals(rest, node.Next) ? node : new HeldNode(node.Lease, rest);
    }

    /// <summary>One open lease on a model's gate.</summary>
    internal sealed class Lease : IDisposable
    {
        private int _released;

        internal Lease(ModelGate gate, ModelUse use)
        {
            Gate = gate;
            Use = use;
        }

        internal ModelGate Gate { get; }

        internal ModelUse Use { get; }

        internal bool Released => Volatile.Read(ref _released) != 0;

        internal bool Restores { get; set; }

        internal bool Upgraded { get; init; }

        internal torch.Device? SavedDevice { get; set; }

        internal bool SavedTraining { get; set; }

        /// <summary>Leaves the gate; the last lease restores the module's recorded state.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            Held.Value = Without(Held.Value, this);
            Gate.Release(this);
        }
    }

    private sealed record HeldNode(Lease Lease, HeldNode? Next);
}
