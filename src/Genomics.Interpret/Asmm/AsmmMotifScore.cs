namespace Genomics.Interpret.Asmm;

/// <summary>The scores of one candidate motif (one row of the original's output table).</summary>
/// <param name="Motif">The motif (k-mer or candidate name) — column <c>Motifs</c>.</param>
/// <param name="Count">Its number of occurrences in the background — <c>Motif_count</c>.</param>
/// <param name="AutonomyRaw">The aggregated autonomous-functionality score before normalisation — <c>Af_score</c>.</param>
/// <param name="SynergyRaw">The aggregated sequence-context synergy score before normalisation — <c>Scs_score</c>.</param>
/// <param name="Autonomy">norm(count) · norm(AF), min–max normalised over all motifs — <c>Autonomous_functionality_score</c>.</param>
/// <param name="Synergy">norm(count) · norm(SCS) — <c>Seqence_context_synergy_score</c> (sic).</param>
public sealed record AsmmMotifScore(string Motif, int Count, double AutonomyRaw, double SynergyRaw, double Autonomy, double Synergy);
