namespace Genomics.Models.Diagnostics;

/// <summary>Cross-validation (1450-1459) and hyper-parameter search (1460-1469) event ids.</summary>
internal static partial class EventIds
{
    public const int CrossValidationStart = 1450;
    public const int FoldDone = 1451;
    public const int CrossValidationEnd = 1452;
    public const int StudyStart = 1460;
    public const int TrialDone = 1461;
    public const int TrialFailed = 1462;
    public const int StudyEnd = 1463;
}
