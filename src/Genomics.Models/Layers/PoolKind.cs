namespace Genomics.Models.Layers;

/// <summary>The pooling operations of <see cref="Pool1d"/>.</summary>
public enum PoolKind
{
    /// <summary>Maximum over the window.</summary>
    Max,

    /// <summary>Mean over the window.</summary>
    Average,
}
