using Genomics.Interpret.Motifs;
using Genomics.Models.Compute;

namespace Genomics.Interpret.MotifComparison;

/// <summary>Compares query motifs with a database of target motifs and reports the significant matches.</summary>
public interface IMotifComparer
{
    /// <summary>Compares every query with every target.</summary>
    /// <param name="queries">The query motifs.</param>
    /// <param name="targets">The target motifs (at least one).</param>
    /// <param name="context">Where the messages go (<see cref="ComputeContext.LoggerFactory"/>); <see cref="ComputeContext.Default"/> (no logging) when null.</param>
    /// <param name="progress">Receives the number of queries done.</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    /// <returns>The matches, grouped by query in query order, best first within a query.</returns>
    IReadOnlyList<MotifMatch> Compare(
        IReadOnlyList<Motif> queries,
        IReadOnlyList<Motif> targets,
        ComputeContext? context = null,
        IProgress<OperationProgress>? progress = null,
        CancellationToken cancellationToken = default);
}
