namespace Genomics.Models.Diagnostics;

/// <summary>Training event ids (1400-1499).</summary>
internal static partial class EventIds
{
    public const int TrainingStart = 1401;
    public const int EpochDone = 1402;
    public const int EarlyStop = 1403;
    public const int TrainingEnd = 1404;
    public const int CheckpointSaved = 1405;
    public const int StateSaved = 1406;
    public const int TrainingResumed = 1407;
}
