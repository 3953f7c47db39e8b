using Genomics.Models.Encoding;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>Shared checks and managed-array helpers of the augmentations: a batch (N, 4, L) is copied to a flat array, rearranged, and wrapped again.</summary>
internal static class AugmentationArrays
{
    public const int Channels = OneHotEncoder.ChannelCount;

    /// <summary>Checks the arguments of <see cref="ISequenceAugmentation.Apply"/> and returns (N, L).</summary>
    public static (int Count, int Length) Validate(Tensor batch, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Validate(batch, nameof(batch));
    }

    /// <summary>Checks that <paramref name="batch"/> is a non-empty (N, 4, L) float32 CPU tensor and returns (N, L).</summary>
    public static (int Count, int Length) Validate(Tensor batch, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(batch, parameterName);
        if (batch.dim() != 3 || batch.shape[1] != Channels)
        {
            throw new ArgumentException($"Expected one-hot sequences of shape (N, 4, L) but got [{string.Join(", ", batch.shape)}].", parameterName);
        }

        if (batch.dtype != ScalarType.Float32)
        {
            throw new ArgumentException($"Expected float32 sequences but got {batch.dtype}; convert with to_type(ScalarType.Float32).", parameterName);
        }

        if (batch.device_type != DeviceType.CPU)
        {
            throw new ArgumentException($"Augmentations run on the CPU but the batch is on {batch.device}; move it with cpu().", parameterName);
        }

        if (batch.shape[0] == 0 || batch.shape[2] == 0)
        {
            throw new ArgumentException("The batch is empty.", parameterName);
        }

        return (checked((int)batch.shape[0]), checked((int)batch.shape[2]));
    }

    /// <summary>Copies the batch into a flat (N, 4, L) row-major array.</summary>
    public static float[] Read(Tensor batch) => TensorValues.ToFloatArray(batch);

    /// <summary>Wraps a freshly filled (N, 4, L) array as a tensor without copying.</summary>
    public static Tensor Wrap(float[] values, int count, int length) => OwnedArrayTensor.Wrap(values, [count, Channels, length]);

    /// <summary>Copies <paramref name="span"/> positions of sequence <paramref name="n"/> from <paramref name="source"/> to <paramref name="target"/>.</summary>
    public static void Copy(float[] source, int sourceLength, int sourceStart, float[] target, int targetLength, int targetStart, int n, int span)
    {
        for (var c = 0; c < Channels; c++)
        {
            Array.Copy(
                source, ((n * Channels) + c) * sourceLength + sourceStart,
                target, ((n * Channels) + c) * targetLength + targetStart,
                span);
        }
    }

    /// <summary>Writes uniformly random bases to <paramref name="span"/> positions of sequence <paramref name="n"/> (all four channels overwritten).</summary>
    public static void RandomBases(float[] target, int targetLength, int targetStart, int n, int span, Random random)
    {
        for (var l = targetStart; l < targetStart + span; l++)
        {
            SetBase(target, targetLength, n, l, random.Next(Channels));
        }
    }

    /// <summary>Makes position <paramref name="l"/> of sequence <paramref name="n"/> the one-hot column of <paramref name="channel"/>.</summary>
    public static void SetBase(float[] target, int length, int n, int l, int channel)
    {
        for (var c = 0; c < Channels; c++)
        {
            target[((n * Channels) + c) * length + l] = c == channel ? 1f : 0f;
        }
    }
}
