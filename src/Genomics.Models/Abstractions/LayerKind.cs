namespace Genomics.Models.Abstractions;

/// <summary>The kind of a layer listed in <see cref="ISequenceModel.Layers"/>.</summary>
public enum LayerKind
{
    /// <summary>A convolution over the length axis.</summary>
    Convolution,

    /// <summary>A pooling layer (max or average).</summary>
    Pooling,

    /// <summary>An element-wise nonlinearity.</summary>
    Activation,

    /// <summary>Batch or layer normalisation.</summary>
    Normalization,

    /// <summary>A recurrent layer (LSTM, GRU).</summary>
    Recurrent,

    /// <summary>An attention layer.</summary>
    Attention,

    /// <summary>A fully connected layer.</summary>
    Linear,

    /// <summary>Anything else (dropout, reshaping, residual sums).</summary>
    Other,
}
