namespace Genomics.Models.Abstractions;

/// <summary>Describes a model's output: (N, T) float32 pre-activation values with named targets.</summary>
public sealed record SequenceOutputSpec
{
    /// <summary>Creates a specification.</summary>
    /// <param name="targetNames">The names of the T targets, in order; unique and non-blank.</param>
    /// <param name="activation">How raw outputs map to predictions; defaults to none.</param>
    /// <param name="isStranded">True when targets refer to a strand, so that reverse-complement averaging is invalid.</param>
    /// <exception cref="ArgumentException">No targets, or a blank or duplicate name.</exception>
    public SequenceOutputSpec(IReadOnlyList<string> targetNames, OutputActivation activation = OutputActivation.None, bool isStranded = false)
    {
        ArgumentNullException.ThrowIfNull(targetNames);
        if (targetNames.Count == 0)
        {
            throw new ArgumentException("At least one target is required.", nameof(targetNames));
        }

        if (targetNames.Any(string.IsNullOrWhiteSpace) || targetNames.Distinct(StringComparer.Ordinal).Count() != targetNames.Count)
        {
            throw new ArgumentException("Target names must be non-blank and unique.", nameof(targetNames));
        }

        TargetNames = targetNames.ToArray();
        Activation = activation;
        IsStranded = isStranded;
    }

    /// <summary>The target names in output order.</summary>
    public IReadOnlyList<string> TargetNames { get; }

    /// <summary>The number of targets T.</summary>
    public int Targets => TargetNames.Count;

    /// <summary>How raw outputs map to predictions.</summary>
    public OutputActivation Activation { get; }

    /// <summary>True when targets refer to a strand (reverse-complement averaging is then refused).</summary>
    public bool IsStranded { get; }

    /// <summary>Returns the index of a target by name.</summary>
    /// <param name="name">The target name.</param>
    /// <returns>The zero-based index.</returns>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    public int IndexOf(string name)
    {
        for (var i = 0; i < TargetNames.Count; i++)
        {
            if (string.Equals(TargetNames[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"No target named '{name}'. Targets: {string.Join(", ", TargetNames.Take(10))}{(TargetNames.Count > 10 ? ", ..." : string.Empty)}.", nameof(name));
    }
}
