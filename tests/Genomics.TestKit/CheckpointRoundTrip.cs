using Genomics.Models.Abstractions;
using Genomics.Models.Serialization;
using TorchSharp;

namespace Genomics.TestKit;

/// <summary>Saves a model to a temporary checkpoint and rebuilds it from the stored options (the file is deleted afterwards).</summary>
public static class CheckpointRoundTrip
{
    /// <summary>Saves <paramref name="model"/> with its options, loads it into a model built by <paramref name="factory"/>, and returns that model in evaluation mode.</summary>
    public static TModel Reload<TModel, TOptions>(TModel model, Func<TOptions, TModel> factory)
        where TModel : torch.nn.Module, IConfiguredModel
    {
        ArgumentNullException.ThrowIfNull(model);
        var path = Path.Combine(Path.GetTempPath(), $"genomics-test-{Guid.NewGuid():N}.gckpt");
        try
        {
            Checkpoint.Save(path, model, model.Options);
            var loaded = Checkpoint.Load(path, factory);
            loaded.eval();
            return loaded;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
