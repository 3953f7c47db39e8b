namespace Genomics.Interpret.Asmm;

/// <summary>
/// Thrown with <see cref="SynergyReference.ChunkRow"/> when an occurrence's sample index x is not smaller than the number
/// of masked predictions in its motif chunk: the original tool takes row x of that batch as the reference and fails
/// there with an index error, so no score of the original's exists for it.
/// </summary>
public sealed class SynergyReferenceOutOfRangeException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public SynergyReferenceOutOfRangeException()
    {
        Motif = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SynergyReferenceOutOfRangeException(string message)
        : base(message)
    {
        Motif = string.Empty;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SynergyReferenceOutOfRangeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Motif = string.Empty;
    }

    /// <summary>Creates the exception for an occurrence whose reference row lies past the end of its chunk's batch.</summary>
    /// <param name="motif">The candidate motif the occurrence belongs to.</param>
    /// <param name="sample">The occurrence's sample index x (the reference row asked for).</param>
    /// <param name="batchRows">The number of masked predictions (occurrences) in the motif's chunk.</param>
    /// <param name="motifsPerChunk">The chunk size in motifs (<see cref="DeepAsmmOptions.MotifsPerChunk"/>).</param>
    public SynergyReferenceOutOfRangeException(string motif, int sample, int batchRows, int motifsPerChunk)
        : base($"Motif '{motif}': its occurrence in sample {sample} takes row {sample} of its chunk's batch of masked predictions as the synergy reference (SynergyReference.ChunkRow), but the batch holds only {batchRows} rows (chunk of up to {motifsPerChunk} motifs); the original tool fails here with an index error. Use SynergyReference.Sample, or a larger MotifsPerChunk.")
    {
        Motif = motif;
        Sample = sample;
        BatchRows = batchRows;
    }

    /// <summary>The candidate motif whose occurrence has no reference row.</summary>
    public string Motif { get; }

    /// <summary>The occurrence's sample index x.</summary>
    public int Sample { get; }

    /// <summary>The number of masked predictions in the chunk's batch.</summary>
    public int BatchRows { get; }
}
