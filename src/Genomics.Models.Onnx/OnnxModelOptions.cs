using Genomics.Models.Abstractions;

namespace Genomics.Models.Onnx;

/// <summary>How to read an ONNX model as a sequence model (<see cref="OnnxSequenceModel"/>).</summary>
/// <remarks>
/// Everything left null is inferred from the file: the input is one-hot DNA (A, C, G, T) with the length the file fixes
/// (any length when its length axis is dynamic), the outputs are all of the file's outputs in order, concatenated
/// along the target axis, and the targets are named after them.
/// </remarks>
public sealed record OnnxModelOptions
{
    /// <summary>Default options: channels-first input, everything else inferred.</summary>
    public static OnnxModelOptions Default { get; } = new();

    /// <summary>The input layout the file expects; (N, C, L) by default. Models exported from Keras, TensorFlow or JAX
    /// usually take (N, L, C): set <see cref="OnnxInputLayout.ChannelsLast"/>.</summary>
    public OnnxInputLayout Layout { get; init; } = OnnxInputLayout.ChannelsFirst;

    /// <summary>The input specification; null infers one-hot DNA with the file's length. Give it for track inputs or
    /// another alphabet; its channel count and length must fit the file's input.</summary>
    public SequenceInputSpec? Input { get; init; }

    /// <summary>The name the file's input must have, checked at load; null takes the file's only input (files with
    /// several inputs are refused: ONNX Runtime needs every input fed).</summary>
    public string? InputName { get; init; }

    /// <summary>The outputs to return, in order, concatenated along the target axis; null takes all of the file's
    /// outputs.</summary>
    public IReadOnlyList<string>? OutputNames { get; init; }

    /// <summary>The names of the T targets; null names them after the outputs (the output's name when it has one
    /// target, "name[i]" otherwise).</summary>
    public IReadOnlyList<string>? TargetNames { get; init; }

    /// <summary>How the raw outputs map to predictions (the model should return pre-activation values).</summary>
    public OutputActivation Activation { get; init; } = OutputActivation.None;

    /// <summary>True when the targets refer to a strand.</summary>
    public bool IsStranded { get; init; }

    /// <summary>ONNX Runtime's intra-op thread count; null takes libtorch's (<c>torch.get_num_threads()</c>, which
    /// <see cref="Compute.ComputeContext.Threads"/> sets) when the model is loaded.</summary>
    public int? Threads { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <returns>These options.</returns>
    /// <exception cref="ArgumentException">An unknown layout, a blank or duplicate output or target name, or a thread
    /// count below 1; the parameter name is the option's.</exception>
    public OnnxModelOptions Validate()
    {
        if (!Enum.IsDefined(Layout))
        {
            throw new ArgumentOutOfRangeException(nameof(Layout), Layout, "The layout must be ChannelsFirst or ChannelsLast.");
        }

        if (InputName is not null && string.IsNullOrWhiteSpace(InputName))
        {
            throw new ArgumentException("The input name must not be blank; leave it null to take the file's only input.", nameof(InputName));
        }

        CheckNames(OutputNames, nameof(OutputNames));
        CheckNames(TargetNames, nameof(TargetNames));
        if (!Enum.IsDefined(Activation))
        {
            throw new ArgumentOutOfRangeException(nameof(Activation), Activation, "Unknown output activation.");
        }

        if (Threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "The thread count must be at least 1 when given.");
        }

        return this;
    }

    private static void CheckNames(IReadOnlyList<string>? names, string option)
    {
        if (names is null)
        {
            return;
        }

        if (names.Count == 0 || names.Any(string.IsNullOrWhiteSpace) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ArgumentException("Give at least one name; names must be non-blank and unique (or leave the option null).", option);
        }
    }
}
