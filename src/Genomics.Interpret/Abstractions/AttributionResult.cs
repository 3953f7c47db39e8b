using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Abstractions;

/// <summary>
/// The result of an attribution method: scores per input channel and position, and, depending on the method,
/// hypothetical scores, the references used and DeepLIFT's convergence deltas. Owns its tensors (all float32, on the CPU).
/// </summary>
public sealed class AttributionResult : IDisposable
{
    private bool _disposed;

    /// <summary>Creates a result; takes ownership of the tensors.</summary>
    /// <param name="method">The method's name (e.g. "saliency", "deeplift-shap", "ism").</param>
    /// <param name="target">What was explained.</param>
    /// <param name="scores">Scores (N, C, L).</param>
    /// <param name="hypothetical">Hypothetical scores (N, C, L) for every channel at every position, or null.</param>
    /// <param name="references">References (N, K, C, L), or null.</param>
    /// <param name="convergenceDeltas">Per (example, reference) |Σ(x − r)·m − (f(x) − f(r))| (N, K), or null.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public AttributionResult(string method, AttributionTarget target, Tensor scores, Tensor? hypothetical = null, Tensor? references = null, Tensor? convergenceDeltas = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.dim() != 3)
        {
            throw new ArgumentException($"Scores must be (N, C, L); got {scores.dim()} dimension(s).", nameof(scores));
        }

        if (hypothetical is not null && !hypothetical.shape.SequenceEqual(scores.shape))
        {
            throw new ArgumentException("Hypothetical scores must have the shape of the scores.", nameof(hypothetical));
        }

        if (references is not null && (references.dim() != 4 || references.shape[0] != scores.shape[0] || references.shape[2] != scores.shape[1] || references.shape[3] != scores.shape[2]))
        {
            throw new ArgumentException("References must be (N, K, C, L) matching the scores.", nameof(references));
        }

        if (convergenceDeltas is not null && (convergenceDeltas.dim() != 2 || convergenceDeltas.shape[0] != scores.shape[0]))
        {
            throw new ArgumentException("Convergence deltas must be (N, K).", nameof(convergenceDeltas));
        }

        Method = method;
        Target = target;
        Scores = scores;
        Hypothetical = hypothetical;
        References = references;
        ConvergenceDeltas = convergenceDeltas;
        MaxConvergenceDelta = convergenceDeltas is null || convergenceDeltas.numel() == 0 ? 0.0 : MaxOf(convergenceDeltas);
    }

    /// <summary>The method's name.</summary>
    public string Method { get; }

    /// <summary>What was explained.</summary>
    public AttributionTarget Target { get; }

    /// <summary>Scores (N, C, L), float32, CPU. For one-hot inputs these are the actual contributions (zero off the observed base for
    /// methods that multiply by the input).</summary>
    public Tensor Scores { get; }

    /// <summary>Hypothetical scores (N, C, L): what each channel would contribute at each position; <c>Hypothetical × input = Scores</c>
    /// for one-hot inputs. Null when the method does not produce them.</summary>
    public Tensor? Hypothetical { get; }

    /// <summary>The references used (N, K, C, L), or null.</summary>
    public Tensor? References { get; }

    /// <summary>DeepLIFT's per (example, reference) convergence deltas (N, K), or null for other methods.</summary>
    public Tensor? ConvergenceDeltas { get; }

    /// <summary>The largest convergence delta (0 when there are none).</summary>
    public double MaxConvergenceDelta { get; }

    /// <summary>N, the number of examples.</summary>
    public long Examples => Scores.shape[0];

    /// <summary>Copies the scores of one example into a managed array [C, L].</summary>
    /// <param name="example">Zero-based example index.</param>
    /// <returns>A new array.</returns>
    public float[,] ScoresOf(int example) => ToMatrix(Scores, example);

    /// <summary>Copies the hypothetical scores of one example into a managed array [C, L].</summary>
    /// <param name="example">Zero-based example index.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="InvalidOperationException">The method produced no hypothetical scores.</exception>
    public float[,] HypotheticalOf(int example) =>
        Hypothetical is null ? throw new InvalidOperationException($"Method '{Method}' produced no hypothetical scores.") : ToMatrix(Hypothetical, example);

    private float[,] ToMatrix(Tensor t, int example)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(example);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(example, t.shape[0]);
        var c = (int)t.shape[1];
        var l = (int)t.shape[2];
        using var row = t[example].contiguous();
        var data = row.data<float>().ToArray();
        var m = new float[c, l];
        Buffer.BlockCopy(data, 0, m, 0, data.Length * sizeof(float));
        return m;
    }

    private static double MaxOf(Tensor t)
    {
        using var m = t.max();
        using var d = m.to_type(ScalarType.Float64);
        return d.item<double>();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Scores.Dispose();
        Hypothetical?.Dispose();
        References?.Dispose();
        ConvergenceDeltas?.Dispose();
    }
}
