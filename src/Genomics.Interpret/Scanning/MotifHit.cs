using Genomics.Models.IO;

namespace Genomics.Interpret.Scanning;

/// <summary>One motif occurrence found by <see cref="MotifScanner"/>.</summary>
/// <param name="MotifId">The motif's id.</param>
/// <param name="SequenceIndex">Index of the scanned sequence.</param>
/// <param name="Start">0-based start of the site on the forward strand.</param>
/// <param name="End">Exclusive end on the forward strand (Start + motif width).</param>
/// <param name="Strand">Forward, or Reverse when the reverse complement of the site matched.</param>
/// <param name="Score">Log2-odds score of the site (bits), on its strand.</param>
/// <param name="PValue">Probability that a background sequence of the motif's width scores at least as high.</param>
/// <param name="QValue">FIMO's q-value (<see cref="MotifScanOptions.QValues"/>), when requested.</param>
/// <param name="Site">The matched letters read on the hit's strand.</param>
public sealed record MotifHit(
    string MotifId,
    int SequenceIndex,
    int Start,
    int End,
    Strand Strand,
    double Score,
    double PValue,
    double? QValue,
    string Site)
{
    /// <summary>Gets the motif's alternative id (the name after the id on a MEME <c>MOTIF</c> line; FIMO's <c>motif_alt_id</c>), when it has one.</summary>
    public string? MotifAltId { get; init; }
}
