namespace Genomics.Models.Serialization;

/// <summary>The metadata keys the library itself writes into checkpoints.</summary>
public static class CheckpointMetadata
{
    /// <summary>
    /// The key holding the model's module type name (e.g. <c>BassetModel</c>), written by
    /// <see cref="Checkpoint.SaveModel"/> (and so by the trainer and <c>ModelCatalog.Save</c>); <c>ModelCatalog.Load</c>
    /// rebuilds the architecture from it.
    /// </summary>
    public const string Architecture = "architecture";
}
