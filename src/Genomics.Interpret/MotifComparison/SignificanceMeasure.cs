namespace Genomics.Interpret.MotifComparison;

/// <summary>Which statistic <see cref="TomtomOptions.Threshold"/> applies to.</summary>
public enum SignificanceMeasure
{
    /// <summary>Keep matches whose q-value is at most the threshold (tomtom's default).</summary>
    QValue,

    /// <summary>Keep matches whose E-value is at most the threshold (tomtom's <c>-evalue</c>).</summary>
    EValue,
}
