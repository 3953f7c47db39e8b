using Genomics.Models.Abstractions;

namespace Genomics.TestKit;

/// <summary>Options of the toy models: input layout and number of targets.</summary>
public sealed record ToyModelOptions(InputKind Kind, int Channels, int Length, int Targets, OutputActivation Activation = OutputActivation.None)
{
    /// <summary>The input specification.</summary>
    public SequenceInputSpec InputSpec => Kind == InputKind.OneHot && Channels == 4
        ? SequenceInputSpec.Dna(Length)
        : new SequenceInputSpec(Kind, Enumerable.Range(0, Channels).Select(c => $"track{c}").ToArray(), Length);

    /// <summary>The output specification.</summary>
    public SequenceOutputSpec OutputSpec => new(Enumerable.Range(0, Targets).Select(t => $"t{t}").ToArray(), Activation);
}
