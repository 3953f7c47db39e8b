namespace Genomics.Interpret.Neurons;

/// <summary>Whether activating a neuron goes with higher or lower values of the target (CombMotif's neuron contribution).</summary>
public enum ContributionKind
{
    /// <summary>Activating sequences have a significantly higher mean (enhancing).</summary>
    Positive,

    /// <summary>Activating sequences have a significantly lower mean (suppressing).</summary>
    Negative,

    /// <summary>No significant difference.</summary>
    Neutral,

    /// <summary>One of the groups is empty (or too small for the t-test).</summary>
    None,
}

/// <summary>One neuron's contribution.</summary>
/// <param name="Layer">The neuron layer.</param>
/// <param name="Neuron">The neuron index.</param>
/// <param name="Kind">Enhancing, suppressing, neutral or none.</param>
/// <param name="Statistic">Student's t (activating minus inactive); NaN for <see cref="ContributionKind.None"/>.</param>
/// <param name="PValue">The two-sided p-value; NaN for <see cref="ContributionKind.None"/>.</param>
/// <param name="Activating">Sequences with a window above the threshold.</param>
/// <param name="Inactive">The other sequences.</param>
/// <param name="MeanActivating">Mean target of the activating sequences (NaN when none).</param>
/// <param name="MeanInactive">Mean target of the inactive sequences (NaN when none).</param>
public sealed record NeuronContribution(NeuronLayer Layer, int Neuron, ContributionKind Kind, double Statistic, double PValue, int Activating, int Inactive, double MeanActivating, double MeanInactive)
{
    /// <summary>The task name CombMotif prints, e.g. <c>conv2_neuron4</c>.</summary>
    public string Task => $"{Layer.Name}_neuron{Neuron}";
}
