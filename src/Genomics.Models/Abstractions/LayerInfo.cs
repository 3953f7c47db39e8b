namespace Genomics.Models.Abstractions;

/// <summary>One layer of a model as seen by interpretation engines.</summary>
/// <param name="Name">The module path, as in <c>named_modules()</c> (e.g. <c>conv1</c>, <c>blocks.2.conv</c>).</param>
/// <param name="Kind">The layer kind.</param>
/// <param name="OutputChannels">Channels of the layer's output, or null when not channel-structured.</param>
/// <param name="ReceptiveField">Input positions that one output position sees, or null once positions are mixed (dense, recurrent).</param>
/// <param name="Stride">Input positions between neighbouring output positions (the cumulative jump), or null when undefined.</param>
public sealed record LayerInfo(string Name, LayerKind Kind, int? OutputChannels, int? ReceptiveField, int? Stride);
