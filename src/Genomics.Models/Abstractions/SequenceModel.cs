using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Abstractions;

/// <summary>
/// Base class for the library's architectures: a TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c> that implements
/// <see cref="ISequenceModel"/>, keeps its validated options and holds the input, output and layer descriptions the
/// constructor states once with <see cref="Describe"/>.
/// </summary>
/// <remarks>
/// Architectures built from convolution and dense blocks derive from <see cref="Blocks.BlockSequenceModel{TOptions}"/>,
/// which describes, runs and exposes the trunk of the model from one list of blocks. Models that compute their
/// descriptions on the fly may override <see cref="Input"/>, <see cref="Output"/> and <see cref="Layers"/> instead of
/// calling <see cref="Describe"/>.
/// </remarks>
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

    private SequenceInputSpec? _input;
    private SequenceOutputSpec? _output;
    private IReadOnlyList<LayerInfo>? _layers;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The model neither called <see cref="Describe"/> nor overrides this property.</exception>
    public virtual SequenceInputSpec Input => _input ?? throw NotDescribed(nameof(Input));

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The model neither called <see cref="Describe"/> nor overrides this property.</exception>
    public virtual SequenceOutputSpec Output => _output ?? throw NotDescribed(nameof(Output));

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The model neither called <see cref="Describe"/> nor overrides this property.</exception>
    public virtual IReadOnlyList<LayerInfo> Layers => _layers ?? throw NotDescribed(nameof(Layers));

    /// <summary>
    /// States the model's input, output and layers once, from its constructor; <see cref="Input"/>, <see cref="Output"/>
    /// and <see cref="Layers"/> return them.
    /// </summary>
    /// <param name="input">The expected input.</param>
    /// <param name="output">The produced output.</param>
    /// <param name="layers">The inspectable layers in forward order (copied).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">The model has already been described.</exception>
    protected void Describe(SequenceInputSpec input, SequenceOutputSpec output, IReadOnlyList<LayerInfo> layers)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(layers);
        if (_input is not null)
        {
            throw new InvalidOperationException($"{GetType().Name} has already been described; Describe is called once, from the constructor.");
        }

        _input = input;
        _output = output;
        _layers = layers.ToArray();
    }

    /// <inheritdoc />
    public nn.Module Module => this;

    /// <inheritdoc />
    public Tensor Evaluate(Tensor input) => call(input);

    private InvalidOperationException NotDescribed(string property) =>
        new($"{GetType().Name} has no {property}: its constructor must call Describe (or the class must override {property}).");
}
