namespace Genomics.Interpret.DeepLift;

/// <summary>
/// Thrown in strict mode when DeepLIFT's summation-to-delta check fails: for some (example, reference) pair,
/// |Σ(x − r)·m − (f(x) − f(r))| exceeds the threshold, which means a nonlinearity was not covered by the rules.
/// </summary>
public sealed class DeepLiftConvergenceException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public DeepLiftConvergenceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DeepLiftConvergenceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DeepLiftConvergenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed check.</summary>
    /// <param name="maxDelta">The largest convergence delta.</param>
    /// <param name="threshold">The threshold it exceeded.</param>
    /// <param name="failures">How many (example, reference) pairs exceeded it.</param>
    public DeepLiftConvergenceException(double maxDelta, double threshold, long failures)
        : base($"DeepLIFT did not converge: {failures} (example, reference) pair(s) have |Σ(x − r)·m − (f(x) − f(r))| above {threshold:G3} (largest {maxDelta:G3}). A nonlinearity of the model is not covered by the rescale rules.")
    {
        MaxDelta = maxDelta;
        Threshold = threshold;
        Failures = failures;
    }

    /// <summary>The largest convergence delta (NaN when a delta was not finite).</summary>
    public double MaxDelta { get; }

    /// <summary>The threshold.</summary>
    public double Threshold { get; }

    /// <summary>How many (example, reference) pairs exceeded the threshold.</summary>
    public long Failures { get; }
}
