using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>
/// Saturation mutagenesis of a batch: for every example, target, base and position, Δ = f(mutant) − f(reference), the
/// change of the raw (pre-activation) output when that base is written at that position. Owns its tensors (float32, CPU).
/// </summary>
/// <remarks>
/// Δ is exactly 0 at the observed base (the identity edit is not run) and outside the mutated window. At an unknown
/// (all-zero, N) column every base is a substitution, so all four Δ are measured there.
/// </remarks>
public sealed class IsmResult : IDisposable
{
    private bool _disposed;

    internal IsmResult(Tensor deltas, Tensor referenceOutputs, EvaluationAlgorithm algorithm, int start, int end, long substitutions)
    {
        Deltas = deltas;
        ReferenceOutputs = referenceOutputs;
        Algorithm = algorithm;
        WindowStart = start;
        WindowEnd = end;
        Substitutions = substitutions;
    }

    /// <summary>Raw deltas (N, T, 4, L).</summary>
    public Tensor Deltas { get; }

    /// <summary>The reference outputs f(x) (N, T).</summary>
    public Tensor ReferenceOutputs { get; }

    /// <summary>The algorithm that ran (<see cref="EvaluationAlgorithm.Full"/> or <see cref="EvaluationAlgorithm.LocalEdits"/>).</summary>
    public EvaluationAlgorithm Algorithm { get; }

    /// <summary>First mutated position.</summary>
    public int WindowStart { get; }

    /// <summary>End of the mutated window (exclusive).</summary>
    public int WindowEnd { get; }

    /// <summary>The number of substituted sequences evaluated.</summary>
    public long Substitutions { get; }

    /// <summary>The deltas of one target, several summed, or one per example.</summary>
    /// <param name="target">The target.</param>
    /// <param name="centreAcrossChannels">Centre across channels: subtract the per-position mean over the four bases.</param>
    /// <returns>A new tensor (N, 4, L); the caller owns it.</returns>
    /// <exception cref="ArgumentException">The target does not fit the result.</exception>
    public Tensor ForTarget(AttributionTarget target, bool centreAcrossChannels = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var n = Deltas.shape[0];
        var t = Deltas.shape[1];
        if (target.Indices.Any(i => i >= t))
        {
            throw new ArgumentException($"A target index is out of range: the result has {t} target(s).", nameof(target));
        }

        if (target.IsPerExample && target.Indices.Count != n)
        {
            throw new ArgumentException($"A per-example target needs one index per example: got {target.Indices.Count} for {n}.", nameof(target));
        }

        using var scope = torch.NewDisposeScope();
        Tensor selected;
        if (target.IsPerExample)
        {
            var index = torch.tensor(target.Indices.Select(i => (long)i).ToArray()).view(n, 1, 1, 1).expand(n, 1, Deltas.shape[2], Deltas.shape[3]);
            selected = Deltas.gather(1, index).squeeze(1);
        }
        else
        {
            var index = torch.tensor(target.Indices.Select(i => (long)i).ToArray());
            selected = Deltas.index_select(1, index).sum(1);
        }

        return (centreAcrossChannels ? CentreAcrossChannels(selected) : selected.contiguous()).MoveToOuterDisposeScope();
    }

    /// <summary>Centres across channels: subtracts the mean over the alphabet axis (the second to last) at every position.</summary>
    /// <param name="scores">(…, 4, L).</param>
    /// <returns>A new tensor whose four values at each position sum to zero.</returns>
    public static Tensor CentreAcrossChannels(Tensor scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        using var scope = torch.NewDisposeScope();
        return (scores - scores.mean([-2L], keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>Copies the deltas of one example and target into a managed array [4, L].</summary>
    /// <param name="example">Zero-based example.</param>
    /// <param name="target">Zero-based target.</param>
    /// <returns>A new array.</returns>
    public float[,] DeltasOf(int example, int target)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(example);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(example, Deltas.shape[0]);
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(target, Deltas.shape[1]);
        using var row = Deltas[example, target].contiguous();
        var data = row.data<float>().ToArray();
        var m = new float[4, Deltas.shape[3]];
        Buffer.BlockCopy(data, 0, m, 0, data.Length * sizeof(float));
        return m;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Deltas.Dispose();
        ReferenceOutputs.Dispose();
    }
}
