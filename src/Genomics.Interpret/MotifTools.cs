using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Modisco;
using Genomics.Interpret.MotifComparison;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Scanning;
using Genomics.Models.Compute;
using static TorchSharp.torch;

namespace Genomics.Interpret;

/// <summary>
/// One-liners for the common motif tasks, in the spirit of tangermeme's tools:
/// <c>MotifTools.Tomtom(queries, targets)</c>, <c>MotifTools.Fimo(motifs, sequences)</c> and
/// <c>MotifTools.TfModisco(attributions, x)</c>.
/// </summary>
/// <remarks>
/// Each is a thin wrapper over its engine (<see cref="TomtomComparer"/>, <see cref="MotifScanner"/>,
/// <see cref="Modisco.TfModisco"/>) and returns exactly what the engine returns for the same settings; the optional
/// <c>context</c>, <c>progress</c> and <c>cancellationToken</c> go to the engine unchanged.
/// </remarks>
public static class MotifTools
{
    /// <summary>Tomtom: compares every query motif with every target motif and reports the significant matches.</summary>
    /// <param name="queries">The query motifs.</param>
    /// <param name="targets">The target motifs (the database); at least one.</param>
    /// <param name="options">Tomtom's settings; Tomtom's defaults when null.</param>
    /// <param name="context">Supplies the logger factory; none when null.</param>
    /// <param name="progress">Receives one step per query.</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    /// <returns>The same matches as <c>new TomtomComparer(options).Compare(queries, targets, context, ...)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="queries"/>, <paramref name="targets"/> or an item is null.</exception>
    /// <exception cref="ArgumentException">No targets, or motifs of different alphabets.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static IReadOnlyList<MotifMatch> Tomtom(IReadOnlyList<Motif> queries, IReadOnlyList<Motif> targets, TomtomOptions? options = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new TomtomComparer(options).Compare(queries, targets, context, progress, cancellationToken);

    /// <summary>A FIMO-style scan: every motif over every sequence, hits passing the p-value threshold.</summary>
    /// <param name="motifs">The motifs, scanned in order.</param>
    /// <param name="sequences">The sequences (any case; U = T; other letters block the windows containing them).</param>
    /// <param name="options">FIMO's settings; FIMO's defaults (p &lt; 1e-4, both strands) when null.</param>
    /// <param name="progress">Receives one step per motif.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The hits, motif by motif in the order given, then as <see cref="MotifScanner.Scan(EncodedSequences, CancellationToken)"/>
    /// orders them (sequence, position, strand); the same hits as a <see cref="MotifScanner"/> per motif, with q-values
    /// (when asked for) drawing π₀'s bootstrap from one <see cref="Statistics.Drand48"/> stream for all motifs, as one FIMO
    /// run does (<see cref="MotifScanner.Scan(EncodedSequences, Statistics.Drand48, CancellationToken)"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="motifs"/>, <paramref name="sequences"/> or an item is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static IReadOnlyList<MotifHit> Fimo(IReadOnlyList<Motif> motifs, IReadOnlyList<string> sequences, MotifScanOptions? options = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(motifs);
        ArgumentNullException.ThrowIfNull(sequences);
        for (var m = 0; m < motifs.Count; m++)
        {
            ArgumentNullException.ThrowIfNull(motifs[m], nameof(motifs));
        }

        var encoded = EncodedSequences.FromStrings(sequences);
        var hits = new List<MotifHit>();
        var bootstrap = new Statistics.Drand48();
        for (var m = 0; m < motifs.Count; m++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hits.AddRange(new MotifScanner(motifs[m], options).Scan(encoded, bootstrap, cancellationToken));
            progress?.Report(new OperationProgress("fimo", m + 1, motifs.Count));
        }

        return hits;
    }

    /// <summary>TF-MoDISco: motif discovery from an attribution result with hypothetical scores (e.g. from
    /// <see cref="Attributions.DeepLiftShap(Genomics.Models.Abstractions.ISequenceModel, Tensor, int, int, ComputeContext?, IProgress{OperationProgress}?, CancellationToken)"/>).</summary>
    /// <param name="attributions">Attributions of one-hot inputs with <see cref="AttributionResult.Hypothetical"/> scores.</param>
    /// <param name="oneHot">The attributed sequences (N, 4, L).</param>
    /// <param name="options">TF-MoDISco's settings; TF-MoDISco-lite's defaults when null.</param>
    /// <param name="context">Supplies the logger factory, and the seed where <paramref name="options"/> leaves it null.</param>
    /// <param name="progress">Receives one step per stage and metacluster.</param>
    /// <param name="cancellationToken">Checked between stages and Leiden runs.</param>
    /// <returns>The same patterns as <c>new TfModisco(options).Run(attributions, oneHot, context, ...)</c>.</returns>
    /// <exception cref="ArgumentException">The result has no hypothetical scores, or the shapes differ.</exception>
    public static ModiscoResult TfModisco(AttributionResult attributions, Tensor oneHot, ModiscoOptions? options = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new Modisco.TfModisco(options).Run(attributions, oneHot, context, progress, cancellationToken);

    /// <summary>TF-MoDISco on arrays of contributions, hypothetical contributions and one-hot sequences, each (N, 4, L).</summary>
    /// <param name="contributions">Actual contributions.</param>
    /// <param name="hypothetical">Hypothetical contributions.</param>
    /// <param name="oneHot">One-hot sequences.</param>
    /// <param name="options">TF-MoDISco's settings; TF-MoDISco-lite's defaults when null.</param>
    /// <param name="context">Supplies the logger factory, and the seed where <paramref name="options"/> leaves it null.</param>
    /// <param name="progress">Receives one step per stage and metacluster.</param>
    /// <param name="cancellationToken">Checked between stages and Leiden runs.</param>
    /// <returns>The same patterns as <c>new TfModisco(options).Run(contributions, hypothetical, oneHot, context, ...)</c>.</returns>
    /// <exception cref="ArgumentException">The shapes differ or are not four-channel.</exception>
    public static ModiscoResult TfModisco(float[,,] contributions, float[,,] hypothetical, float[,,] oneHot, ModiscoOptions? options = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new Modisco.TfModisco(options).Run(contributions, hypothetical, oneHot, context, progress, cancellationToken);
}
