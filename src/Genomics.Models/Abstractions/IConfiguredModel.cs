namespace Genomics.Models.Abstractions;

/// <summary>A model that was built from an options object, which checkpoints store so the model can be rebuilt.</summary>
public interface IConfiguredModel
{
    /// <summary>The options the model was built with (a JSON-serialisable record).</summary>
    object Options { get; }
}
