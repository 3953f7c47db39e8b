namespace Genomics.Models.Diagnostics;

/// <summary>Cross-validation event ids (1450-1459); 1460-1469 belong to the hyper-parameter search in Genomics.Tuning.</summary>
internal static partial class EventIds
{
    public const int CrossValidationStart = 1450;
    public const int FoldDone = 1451;
    public const int CrossValidationEnd = 1452;
}
