namespace Genomics.Models.Blocks;

/// <summary>How a block model flattens the trunk's final feature map (N, C, L) into the head's input (N, C·L).</summary>
public enum FeatureFlattening
{
    /// <summary>Channel major, feature c·L + l: PyTorch's and Torch7's <c>flatten</c> of (N, C, L).</summary>
    ChannelMajor,

    /// <summary>Position major, feature l·C + c: Keras' <c>Flatten</c> of a channels-last (N, L, C) map.</summary>
    PositionMajor,
}
