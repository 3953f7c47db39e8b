namespace Genomics.Models.Tuning;

/// <summary>Whether a <see cref="Study"/> looks for the smallest or the largest objective value.</summary>
public enum StudyDirection
{
    /// <summary>Smaller is better (losses, errors).</summary>
    Minimize,

    /// <summary>Larger is better (AUROC, correlation).</summary>
    Maximize,
}
