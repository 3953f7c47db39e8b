using Genomics.Models.Architectures;

namespace Genomics.TestKit;

/// <summary>Checkpoints of catalog models with freshly initialised weights, as the command-line tests feed them to <c>-m</c>.</summary>
public static class CatalogCheckpoint
{
    /// <summary>Creates a catalog model, saves it to <paramref name="path"/> and frees its parameters.</summary>
    /// <param name="path">The checkpoint file to write.</param>
    /// <param name="name">The catalog name (for example <c>deepchrome</c> or <c>neuronmotif-demo</c>).</param>
    /// <param name="preset">The preset, or null for the architecture's default.</param>
    /// <returns><paramref name="path"/>.</returns>
    public static string Save(string path, string name, string? preset = null)
    {
        var model = ModelCatalog.Create(name, preset);
        ModelCatalog.Save(path, model);
        model.Module.Dispose();
        return path;
    }
}
