using Genomics.Models.Abstractions;

namespace Genomics.TestKit;

/// <summary>Base of the hand-built test models: input and output specifications come from <see cref="ToyModelOptions"/>; no inspectable layers unless overridden.</summary>
public abstract class ToySequenceModel(string name, ToyModelOptions options) : SequenceModel<ToyModelOptions>(name, options)
{
    public override SequenceInputSpec Input => Options.InputSpec;

    public override SequenceOutputSpec Output => Options.OutputSpec;

    public override IReadOnlyList<LayerInfo> Layers => [];
}
