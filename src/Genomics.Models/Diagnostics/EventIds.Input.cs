namespace Genomics.Models.Diagnostics;

/// <summary>Event ids of input preparation (1100-1199: encoding and I/O).</summary>
internal static partial class EventIds
{
    public const int SequencesChanged = 1110;
}
