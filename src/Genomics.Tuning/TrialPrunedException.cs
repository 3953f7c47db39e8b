namespace Genomics.Models.Tuning;

/// <summary>
/// Thrown by an objective to stop an unpromising trial early; the <see cref="Study"/> records the trial as
/// <see cref="TrialState.Pruned"/> and moves on. The usual pattern, after each epoch:
/// <c>trial.Report(loss, epoch); if (trial.ShouldPrune()) throw new TrialPrunedException();</c>
/// </summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TrialPrunedException()
        : base("The trial was pruned.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the trial was pruned.</param>
    public TrialPrunedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">Why the trial was pruned.</param>
    /// <param name="innerException">The cause.</param>
    public TrialPrunedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
