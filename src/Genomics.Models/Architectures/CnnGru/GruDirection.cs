namespace Genomics.Models.Architectures.CnnGru;

/// <summary>How <see cref="LastStepGru"/> reads the sequence before its last output is taken.</summary>
public enum GruDirection
{
    /// <summary>
    /// A forward GRU over positions 0 … L−1, output at the last position (CombMotif's <c>saluki_torch</c> with its
    /// default <c>go_backwards=True</c>). Default, kept for compatibility with CombMotif's trained weights.
    /// </summary>
    Forward,

    /// <summary>
    /// The GRU reads the sequence from position L−1 down to 0 and its final output is taken, which is what Keras'
    /// <c>GRU(go_backwards=True)</c> in the original Saluki model does (the summary then emphasises the 5′ end).
    /// </summary>
    Backward,
}
