namespace Genomics.Models.Compute;

/// <summary>Progress of a long operation, reported once per batch or epoch.</summary>
/// <param name="Stage">What is being done (e.g. "predict", "train", "validate").</param>
/// <param name="Completed">Units completed so far.</param>
/// <param name="Total">Total units.</param>
public readonly record struct OperationProgress(string Stage, long Completed, long Total)
{
    /// <summary>The completed fraction in [0, 1].</summary>
    public double Fraction => Total <= 0 ? 1.0 : Math.Clamp((double)Completed / Total, 0.0, 1.0);
}
