namespace Genomics.Models.Diagnostics;

/// <summary>
/// Event ids of Genomics.Models log messages: 1100-1199 encoding and I/O, 1200 architectures, 1300 compute and device,
/// 1400 training, 1500 metrics and splits, 1600 serialization.
/// </summary>
internal static partial class EventIds
{
    public const int CudaFallback = 1301;
    public const int BatchedStart = 1310;
    public const int BatchedEnd = 1311;
    public const int BatchDone = 1312;
    public const int RuntimeUnavailable = 1320;
}
