namespace Genomics.Interpret.MotifComparison;

/// <summary>
/// How p-values become q-values in <see cref="TomtomComparer"/> (a query's p-values against every target orientation)
/// and in <see cref="Scanning.MotifScanner"/> (a motif's hits among every scored window).
/// </summary>
public enum QValueMethod
{
    /// <summary>
    /// MEME's q-values (tomtom's and FIMO's only method): Storey's π₀ estimated by MEME's bootstrap over a λ grid, then
    /// π₀ · p · m / rank made monotone (<see cref="Statistics.StoreyQValues"/>); the bootstrap draws come from
    /// <c>drand48</c> continuing from query to query (motif to motif in a scan) as in one tomtom (FIMO) run.
    /// </summary>
    Storey,

    /// <summary>Benjamini–Hochberg: the same with π₀ = 1.</summary>
    BenjaminiHochberg,
}
