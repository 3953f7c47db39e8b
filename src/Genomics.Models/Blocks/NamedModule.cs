using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Blocks;

/// <summary>
/// A module of a block together with its module path in the model (e.g. <c>convs.0</c>, <c>conv1</c>): the path is where
/// <see cref="BlockSequenceModel{TOptions}"/> registers the module, so it names the module's parameters in
/// <c>state_dict()</c> and checkpoints, its entry in <see cref="Abstractions.ISequenceModel.Layers"/> and its trunk stage.
/// </summary>
/// <typeparam name="TModule">The module type.</typeparam>
public sealed class NamedModule<TModule>
    where TModule : nn.Module
{
    /// <summary>Pairs a module with its path.</summary>
    /// <param name="name">The module path: dot-separated, non-empty segments (<c>hidden.1</c>, <c>dense1</c>).</param>
    /// <param name="module">The module.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or has an empty segment.</exception>
    public NamedModule(string name, TModule module)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(module);
        if (name.Split('.').Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"Module path '{name}' has an empty segment.", nameof(name));
        }

        Name = name;
        Module = module;
    }

    /// <summary>The module path in the model.</summary>
    public string Name { get; }

    /// <summary>The module.</summary>
    public TModule Module { get; }

    /// <summary>The path and the module as one entry of a block's module list.</summary>
    internal (string Name, nn.Module Module) Entry => (Name, Module);
}

/// <summary>Creates <see cref="NamedModule{TModule}"/> pairs with the module type inferred.</summary>
public static class NamedModule
{
    /// <summary>Pairs a module with its path.</summary>
    /// <typeparam name="TModule">The module type.</typeparam>
    /// <param name="name">The module path.</param>
    /// <param name="module">The module.</param>
    /// <returns>The pair.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or has an empty segment.</exception>
    public static NamedModule<TModule> Of<TModule>(string name, TModule module)
        where TModule : nn.Module => new(name, module);

    /// <summary>The entries that are present, in the order given (a block's optional modules are null when absent).</summary>
    /// <param name="entries">Each module's entry, or null for a module the block lacks.</param>
    /// <returns>The present entries.</returns>
    internal static IEnumerable<(string Name, nn.Module Module)> Present(params (string Name, nn.Module Module)?[] entries) =>
        entries.Where(e => e.HasValue).Select(e => e!.Value);

    /// <summary>
    /// Runs a block's modules in their forward order, each through its <c>call</c> (so forward hooks fire), the output
    /// of one the input of the next.
    /// </summary>
    /// <param name="modules">The block's modules with their paths, in forward order (every one a tensor-to-tensor module).</param>
    /// <param name="input">The block's input.</param>
    /// <returns>The last module's output; intermediate tensors belong to the caller's dispose scope.</returns>
    /// <exception cref="InvalidOperationException">A module does not map one tensor to one tensor.</exception>
    internal static Tensor CallInOrder(IEnumerable<(string Name, nn.Module Module)> modules, Tensor input)
    {
        var x = input;
        foreach (var (name, module) in modules)
        {
            x = module is nn.Module<Tensor, Tensor> step
                ? step.call(x)
                : throw new InvalidOperationException($"Module '{name}' ({module.GetType().Name}) does not map one tensor to one tensor.");
        }

        return x;
    }
}
