namespace Genomics.Interpret.Asmm;

/// <summary>Which per-occurrence synergy scores enter the top-fraction mean.</summary>
public enum SynergySelection
{
    /// <summary>The highest scores, as for the autonomy score (the evident intent; default).</summary>
    Highest,

    /// <summary>The original tool's behaviour: the first occurrences in scan order, unsorted.</summary>
    ScanOrder,
}
