namespace Genomics.Interpret.MotifComparison;

/// <summary>How <see cref="TomtomComparer"/> turns a query's p-values into q-values.</summary>
public enum QValueMethod
{
    /// <summary>
    /// MEME tomtom's q-values (its only method): Storey's π₀ estimated by MEME's bootstrap over a λ grid, then
    /// π₀ · p · m / rank made monotone (<see cref="Statistics.StoreyQValues"/>); the bootstrap draws come from
    /// <c>drand48</c> continuing from query to query as in one tomtom run.
    /// </summary>
    Storey,

    /// <summary>Benjamini–Hochberg: the same with π₀ = 1.</summary>
    BenjaminiHochberg,
}
