namespace Genomics.Models.Diagnostics;

/// <summary>
/// Event ids of Genomics.Models log messages: 1100–1199 encoding and I/O, 1200–1299 architectures,
/// 1300–1399 compute and device, 1400–1499 training (1450–1459 cross-validation; 1460–1469 are the hyper-parameter
/// search's, declared in Genomics.Tuning), 1500–1599 metrics and
/// splits, 1600–1699 serialization. Genomics.Interpret's log classes use 2100–2699, one range per class.
/// </summary>
internal static partial class EventIds
{
    public const int CudaFallback = 1301;
    public const int BatchedStart = 1310;
    public const int BatchedEnd = 1311;
    public const int BatchDone = 1312;
    public const int RuntimeUnavailable = 1320;
}
