namespace Genomics.Models.Serialization.Keras;

/// <summary>The weights of one Keras layer group, in the order of its <c>weight_names</c> attribute.</summary>
public sealed class KerasLayerWeights
{
    internal KerasLayerWeights(string filePath, string name, IReadOnlyList<KerasWeightArray> weights)
    {
        FilePath = filePath;
        Name = name;
        Weights = weights.ToArray();
    }

    /// <summary>The file the layer was read from (used in error messages).</summary>
    public string FilePath { get; }

    /// <summary>The layer name, e.g. <c>conv2d_1</c>.</summary>
    public string Name { get; }

    /// <summary>The layer's weight arrays; empty for weightless layers (dropout, pooling, activations).</summary>
    public IReadOnlyList<KerasWeightArray> Weights { get; }

    /// <summary>Whether the layer has a weight with the given short name.</summary>
    /// <param name="shortName">The short name, e.g. <c>kernel</c>, <c>bias</c>, <c>gamma</c>.</param>
    /// <param name="scope">
    /// Restricts the search to weights whose full name has a path segment starting with this text (e.g.
    /// <c>forward</c> or <c>backward</c> inside a Bidirectional wrapper); null to search all.
    /// </param>
    /// <returns>True when exactly one weight matches; false when none does.</returns>
    /// <exception cref="KerasImportException">Several weights match (the name is ambiguous; pass a scope).</exception>
    public bool HasWeight(string shortName, string? scope = null) => Find(shortName, scope) is not null;

    /// <summary>Returns the weight with the given short name.</summary>
    /// <param name="shortName">The short name, e.g. <c>kernel</c>, <c>bias</c>, <c>moving_variance</c>.</param>
    /// <param name="scope">See <see cref="HasWeight"/>; null to search all weights.</param>
    /// <returns>The weight array.</returns>
    /// <exception cref="KerasImportException">No weight, or several weights, match; the message lists the layer's weights.</exception>
    public KerasWeightArray GetWeight(string shortName, string? scope = null)
        => Find(shortName, scope)
           ?? throw new KerasImportException(FilePath, Name, $"has no weight '{shortName}'{ScopeText(scope)} (weights: {ListWeights()})");

    /// <summary>Checks that the layer has exactly the given number of weight arrays.</summary>
    /// <param name="allowedCounts">The accepted counts (e.g. 1 or 2 for a kernel with an optional bias).</param>
    /// <exception cref="KerasImportException">The layer holds another number of arrays.</exception>
    public void RequireWeightCount(params int[] allowedCounts)
    {
        ArgumentNullException.ThrowIfNull(allowedCounts);
        if (!allowedCounts.Contains(Weights.Count))
        {
            throw new KerasImportException(FilePath, Name, $"expected {string.Join(" or ", allowedCounts)} weight arrays but found {Weights.Count} (weights: {ListWeights()})");
        }
    }

    internal string ListWeights() => Weights.Count == 0
        ? "none"
        : string.Join(", ", Weights.Select(w => $"{w.Name} {w.FormatShape()}"));

    private KerasWeightArray? Find(string shortName, string? scope)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(shortName);
        var matches = Weights
            .Where(w => string.Equals(w.ShortName, shortName, StringComparison.Ordinal) && InScope(w.Name, scope))
            .ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new KerasImportException(FilePath, Name, $"weight name '{shortName}'{ScopeText(scope)} is ambiguous ({string.Join(", ", matches.Select(m => m.Name))}); pass a scope"),
        };
    }

    private static bool InScope(string fullName, string? scope)
    {
        if (scope is null)
        {
            return true;
        }

        var segments = fullName.Split('/');
        return segments.Take(segments.Length - 1).Any(s => s.StartsWith(scope, StringComparison.Ordinal));
    }

    private static string ScopeText(string? scope) => scope is null ? string.Empty : $" in scope '{scope}'";
}
