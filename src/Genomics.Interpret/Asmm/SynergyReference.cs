namespace Genomics.Interpret.Asmm;

/// <summary>What a masked prediction is compared with in the sequence-context synergy score.</summary>
public enum SynergyReference
{
    /// <summary>The prediction of the unmodified sample the motif was erased from (the evident intent; default).</summary>
    Sample,

    /// <summary>
    /// The original tool's behaviour: row x (the sample index of the occurrence) of the current motif chunk's batch of
    /// masked predictions — an unrelated masked sequence. Produces huge raw scores; kept for comparison with published
    /// outputs. When x is not smaller than the chunk's row count the original raises an index error; so does the engine,
    /// with <see cref="SynergyReferenceOutOfRangeException"/>.
    /// </summary>
    ChunkRow,
}
