using Genomics.Models.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Blocks;

/// <summary>
/// Base class for architectures that are a chain of convolution blocks, a flattening and a chain of dense blocks
/// (<see cref="BlockArchitecture"/>): the constructor states the blocks once, and the base registers their modules under
/// their paths, lists <see cref="SequenceModel{TOptions}.Layers"/>, runs <c>forward</c> and describes the trunk
/// (<see cref="IConvolutionalTrunk"/>) from them, so fast in-silico mutagenesis and local-edit DeepASMM apply to every
/// block model.
/// </summary>
/// <remarks>
/// Module paths are the blocks' <see cref="NamedModule{TModule}"/> names: a dotted path such as <c>convs.0</c> registers
/// the module as child <c>0</c> of a parameter-free container <c>convs</c>, so parameters keep the names
/// <c>convs.0.weight</c> … in <c>state_dict()</c> and checkpoints. Modules are registered in forward order.
/// </remarks>
/// <typeparam name="TOptions">The architecture's options record.</typeparam>
public abstract class BlockSequenceModel<TOptions> : SequenceModel<TOptions>, IConvolutionalTrunk
    where TOptions : class
{
    private IReadOnlyList<TrunkStage>? _stages;

    /// <summary>Builds the model from its options: <paramref name="describe"/> creates the blocks, the base registers and describes them.</summary>
    /// <param name="name">The TorchSharp module name.</param>
    /// <param name="options">The architecture options (already validated by the caller).</param>
    /// <param name="describe">Creates the blocks (and their modules, with fresh weights) from the options; called once.</param>
    /// <exception cref="ArgumentNullException">An argument is null, or <paramref name="describe"/> returned null.</exception>
    /// <exception cref="ArgumentException">Two modules share a path, or a path is both a module and a container.</exception>
    protected BlockSequenceModel(string name, TOptions options, Func<TOptions, BlockArchitecture> describe)
        : base(name, options)
    {
        ArgumentNullException.ThrowIfNull(describe);
        var architecture = describe(Options) ?? throw new ArgumentNullException(nameof(describe), "The architecture description is null.");
        var registry = new ModuleGroup.Registry(name, register_module);
        try
        {
            foreach (var (path, module) in architecture.Modules)
            {
                registry.Register(path, module);
            }
        }
        catch
        {
            foreach (var (_, module) in architecture.Modules)
            {
                module.Dispose();
            }

            throw;
        }

        var field = new ReceptiveFieldTracker();
        var layers = new List<LayerInfo>();
        foreach (var block in architecture.Trunk)
        {
            block.DescribeLayers(field, layers);
        }

        foreach (var block in architecture.Head)
        {
            block.DescribeLayers(layers);
        }

        Architecture = architecture;
        Describe(architecture.Input, architecture.Output, layers);
    }

    /// <summary>The blocks the model was built from (their modules are the model's).</summary>
    public BlockArchitecture Architecture { get; }

    /// <inheritdoc />
    /// <remarks>Per block: the convolution with its padding, the element-wise modules merged, the pool, as <see cref="ConvolutionBlock.AddTrunkStages"/> describes.</remarks>
    public IReadOnlyList<TrunkStage> TrunkStages => _stages ??= BuildStages();

    /// <summary>Runs the blocks, the flattening and the head.</summary>
    /// <param name="input">Inputs (N, C, L) matching <see cref="SequenceModel{TOptions}.Input"/>, float32.</param>
    /// <returns>Outputs (N, T), float32, pre-activation (see <see cref="SequenceModel{TOptions}.Output"/>).</returns>
    /// <exception cref="ArgumentException">The input does not match the model's input specification.</exception>
    public sealed override Tensor forward(Tensor input)
    {
        Input.Validate(input, nameof(input));
        using var scope = torch.NewDisposeScope();
        var x = input;
        foreach (var block in Architecture.Trunk)
        {
            x = block.Forward(x);
        }

        return Head(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor EvaluateHead(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var scope = torch.NewDisposeScope();
        return Head(features).MoveToOuterDisposeScope();
    }

    private List<TrunkStage> BuildStages()
    {
        var stages = new List<TrunkStage>();
        var length = Input.Length;
        foreach (var block in Architecture.Trunk)
        {
            length = block.AddTrunkStages(stages, length);
        }

        return stages;
    }

    private Tensor Head(Tensor features)
    {
        var x = Architecture.Flattening == FeatureFlattening.PositionMajor
            ? features.permute(0, 2, 1).flatten(1)
            : features.flatten(1);
        foreach (var block in Architecture.Head)
        {
            x = block.Forward(x);
        }

        return x;
    }
}
