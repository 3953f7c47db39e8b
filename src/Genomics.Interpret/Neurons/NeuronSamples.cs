namespace Genomics.Interpret.Neurons;

/// <summary>Why the genetic algorithm stopped for a neuron.</summary>
public enum SamplingStop
{
    /// <summary>The maximum did not improve for more than the patience.</summary>
    Stalled,

    /// <summary>Every activation bin was full.</summary>
    BinsFull,

    /// <summary>The generation limit was reached.</summary>
    GenerationLimit,
}

/// <summary>The sequences collected for one neuron across its activation range (NeuronMotif's sampling).</summary>
/// <param name="Layer">The neuron layer.</param>
/// <param name="Neuron">The neuron (channel) index.</param>
/// <param name="Sequences">Unique windows as base indices (0 = A, 1 = C, 2 = G, 3 = T), each RF long.</param>
/// <param name="Activations">The neuron's value for each window (all ≥ 0).</param>
/// <param name="MaxActivation">The largest value seen in any generation.</param>
/// <param name="Generations">Generations run.</param>
/// <param name="Stop">Why the search stopped.</param>
public sealed record NeuronSamples(NeuronLayer Layer, int Neuron, IReadOnlyList<byte[]> Sequences, IReadOnlyList<float> Activations, double MaxActivation, int Generations, SamplingStop Stop)
{
    /// <summary>Column-wise base counts (4 × RF, A, C, G, T rows) of a subset of the windows.</summary>
    /// <param name="indices">Indices into <see cref="Sequences"/>; null for all.</param>
    /// <returns>The count matrix.</returns>
    public double[,] CountMatrix(IEnumerable<int>? indices = null) => NeuronMath.Counts(Sequences, indices ?? Enumerable.Range(0, Sequences.Count), Layer.ReceptiveField);
}
