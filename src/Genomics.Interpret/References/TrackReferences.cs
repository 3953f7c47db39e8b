using System.Globalization;
using Genomics.Models.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.References;

/// <summary>Shared validation and output plumbing of the generators that accept any (N, C, L) input.</summary>
internal static class TrackReferenceBatch
{
    /// <summary>Validates (N, C, L) input and K and returns the values as float32 on the CPU.</summary>
    public static float[] Read(Tensor sequences, int referenceCount, out int n, out int c, out int l)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.dim() != 3)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Expected inputs of shape (N, C, L) but got ({string.Join(", ", sequences.shape)})."), nameof(sequences));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(referenceCount, 1);
        n = (int)sequences.shape[0];
        c = (int)sequences.shape[1];
        l = (int)sequences.shape[2];
        var total = (long)n * referenceCount * c * l;
        if (total > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(referenceCount),
                $"N × K × C × L = {total} exceeds the largest array ({Array.MaxLength}); generate references in smaller batches.");
        }

        using var cpu = sequences.to(DeviceType.CPU).to_type(ScalarType.Float32).contiguous();
        var values = cpu.data<float>().ToArray();
        if (values.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException("Inputs must be finite.", nameof(sequences));
        }

        return values;
    }

    /// <summary>Wraps (N, K, C, L) values into a tensor on the device of <paramref name="like"/>.</summary>
    public static Tensor Wrap(float[] output, int n, int k, int c, int l, Tensor like)
    {
        using var flat = from_array(output);
        var result = flat.view(n, k, c, l);
        if (like.device.type == DeviceType.CPU)
        {
            return result;
        }

        using (result)
        {
            return result.to(like.device);
        }
    }
}

/// <summary>
/// The same value at every channel and position: <see cref="Zeros"/> is the all-zero reference, both the classic
/// DeepLIFT reference for one-hot sequences (every column 'N') and the zero reference for signal tracks;
/// <see cref="Uniform"/> is the 0.25 reference over A, C, G, T that DeepAllele's DeepLIFT uses. Accepts one-hot and
/// track inputs of any channel count (input values are not checked to be one-hot); the seed is ignored.
/// </summary>
public sealed class ConstantReference : IReferenceGenerator
{
    /// <summary>Creates the generator.</summary>
    /// <param name="value">The reference value, finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not finite.</exception>
    public ConstantReference(float value)
    {
        if (!float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The reference value must be finite.");
        }

        Value = value;
    }

    /// <summary>The all-zero reference for any input: one-hot sequences (every column 'N') and tracks alike.</summary>
    public static ConstantReference Zeros { get; } = new(0f);

    /// <summary>The uniform 0.25 reference over a four-letter alphabet (DeepAllele's DeepLIFT reference).</summary>
    public static ConstantReference Uniform { get; } = new(0.25f);

    /// <summary>The reference value.</summary>
    public float Value { get; }

    /// <inheritdoc />
    /// <remarks>Shapes: (N, C, L) in, (N, K, C, L) float32 out, every element <see cref="Value"/>.</remarks>
    public Tensor GenerateFrom(Tensor sequences, int referenceCount, long seed, long firstExample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstExample);
        return Generate(sequences, referenceCount, seed);   // references do not depend on an example's index
    }

    /// <inheritdoc />
    public Tensor Generate(Tensor sequences, int referenceCount, long seed)
    {
        _ = TrackReferenceBatch.Read(sequences, referenceCount, out var n, out var c, out var l);
        var output = new float[(long)n * referenceCount * c * l];
        Array.Fill(output, Value);
        return TrackReferenceBatch.Wrap(output, n, referenceCount, c, l, sequences);
    }

    /// <inheritdoc />
    public bool Supports(InputKind kind) => true;
}

/// <summary>
/// Per-track means: each reference holds, for every channel, the mean of that channel over the example's positions
/// (bins), so the reference keeps each mark's level but none of its shape. Deterministic: all K references are equal and
/// the seed is ignored.
/// </summary>
public sealed class TrackMeans : IReferenceGenerator
{
    /// <inheritdoc />
    /// <remarks>Shapes: (N, C, L) in, (N, K, C, L) float32 out.</remarks>
    public Tensor GenerateFrom(Tensor sequences, int referenceCount, long seed, long firstExample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstExample);
        return Generate(sequences, referenceCount, seed);   // references do not depend on an example's index
    }

    /// <inheritdoc />
    public Tensor Generate(Tensor sequences, int referenceCount, long seed)
    {
        var values = TrackReferenceBatch.Read(sequences, referenceCount, out var n, out var c, out var l);
        var output = new float[(long)n * referenceCount * c * l];
        for (var i = 0; i < n; i++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                var start = (((long)i * c) + ch) * l;
                var sum = 0.0;
                for (var p = 0; p < l; p++)
                {
                    sum += values[start + p];
                }

                var mean = l == 0 ? 0f : (float)(sum / l);
                for (var k = 0; k < referenceCount; k++)
                {
                    output.AsSpan((int)(((((long)i * referenceCount) + k) * c + ch) * l), l).Fill(mean);
                }
            }
        }

        return TrackReferenceBatch.Wrap(output, n, referenceCount, c, l, sequences);
    }

    /// <inheritdoc />
    public bool Supports(InputKind kind) => true;
}

/// <summary>
/// Shuffled bins: each reference is a uniformly random permutation of the example's positions (bins), applied to all
/// channels together, so every track keeps its values and the tracks stay aligned with each other. Reference k of
/// example i depends only on (seed, i, k) and example i.
/// </summary>
public sealed class BinShuffle : IReferenceGenerator
{
    /// <inheritdoc />
    /// <remarks>Shapes: (N, C, L) in, (N, K, C, L) float32 out.</remarks>
    public Tensor Generate(Tensor sequences, int referenceCount, long seed) => GenerateFrom(sequences, referenceCount, seed, 0);

    /// <inheritdoc />
    public Tensor GenerateFrom(Tensor sequences, int referenceCount, long seed, long firstExample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstExample);
        var values = TrackReferenceBatch.Read(sequences, referenceCount, out var n, out var c, out var l);
        var output = new float[(long)n * referenceCount * c * l];
        var order = new int[l];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < referenceCount; k++)
            {
                var random = new ReferenceRandom(seed, firstExample + i, k);
                for (var p = 0; p < l; p++)
                {
                    order[p] = p;
                }

                for (var p = l - 1; p > 0; p--)
                {
                    var j = random.NextInt(p + 1);
                    (order[p], order[j]) = (order[j], order[p]);
                }

                for (var ch = 0; ch < c; ch++)
                {
                    var source = (((long)i * c) + ch) * l;
                    var destination = ((((long)i * referenceCount) + k) * c + ch) * l;
                    for (var p = 0; p < l; p++)
                    {
                        output[destination + p] = values[source + order[p]];
                    }
                }
            }
        }

        return TrackReferenceBatch.Wrap(output, n, referenceCount, c, l, sequences);
    }

    /// <inheritdoc />
    public bool Supports(InputKind kind) => true;
}
