namespace Genomics.Models.Onnx;

/// <summary>How an ONNX model lays out its one-hot (or track) input.</summary>
public enum OnnxInputLayout
{
    /// <summary>(N, C, L): channels before positions, as PyTorch models and this library use.</summary>
    ChannelsFirst,

    /// <summary>(N, L, C): positions before channels, as Keras/TensorFlow and most JAX models use. The model still
    /// takes (N, C, L) through <see cref="Abstractions.ISequenceModel.Evaluate"/>; the batch is transposed before the
    /// session runs.</summary>
    ChannelsLast,
}
