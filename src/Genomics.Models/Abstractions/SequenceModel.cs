using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Abstractions;

/// <summary>
/// Base class for the library's architectures: a TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c> that implements
/// <see cref="ISequenceModel"/> and keeps its validated options.
/// </summary>
/// <typeparam name="TOptions">The architecture's options record.</typeparam>
public abstract class SequenceModel<TOptions> : nn.Module<Tensor, Tensor>, ISequenceModel, IConfiguredModel
    where TOptions : class
{
    /// <summary>Initialises the base with a module name and options.</summary>
    /// <param name="name">The TorchSharp module name.</param>
    /// <param name="options">The architecture options (already validated by the caller).</param>
    protected SequenceModel(string name, TOptions options)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        Runtime.TorchRuntime.EnsureAvailable();
        Options = options;
    }

    /// <summary>The options the model was built with; saved beside the weights in checkpoints.</summary>
    public TOptions Options { get; }

    /// <inheritdoc />
    object IConfiguredModel.Options => Options;

    /// <inheritdoc />
    public abstract SequenceInputSpec Input { get; }

    /// <inheritdoc />
    public abstract SequenceOutputSpec Output { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<LayerInfo> Layers { get; }

    /// <inheritdoc />
    public nn.Module Module => this;

    /// <inheritdoc />
    public Tensor Evaluate(Tensor input) => call(input);
}
