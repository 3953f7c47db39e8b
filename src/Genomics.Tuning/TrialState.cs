namespace Genomics.Models.Tuning;

/// <summary>How a trial ended.</summary>
public enum TrialState
{
    /// <summary>The objective returned a number; the trial has a <see cref="TrialRecord.Value"/>.</summary>
    Complete,

    /// <summary>The objective threw <see cref="TrialPrunedException"/>, usually after <see cref="Trial.ShouldPrune"/> returned true.</summary>
    Pruned,

    /// <summary>The objective threw another exception or returned NaN; <see cref="TrialRecord.Error"/> says why.</summary>
    Failed,
}
