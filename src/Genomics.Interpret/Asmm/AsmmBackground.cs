using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Asmm;

/// <summary>
/// The background set DeepASMM scores motifs in: true-positive samples, each made of one or more sub-sequences of
/// equal length, stored compactly as base codes (A 0, C 1, G 2, T 3, N 4).
/// </summary>
/// <remarks>
/// A sample is presented to the model as its sub-sequences concatenated along the length axis: one-hot
/// (C = 4, L = <see cref="SubSequenceCount"/> · <see cref="SubSequenceLength"/>) in A, C, G, T order, N as an all-zero
/// column. This is the layout DeepCBA-style two-region models take ((4, 6000) = region A then region B). Positions of
/// motif occurrences are positions in this concatenation.
/// </remarks>
public sealed class AsmmBackground
{
    private readonly byte[] _codes;

    private AsmmBackground(byte[] codes, int count, int subSequenceCount, int subSequenceLength)
    {
        _codes = codes;
        Count = count;
        SubSequenceCount = subSequenceCount;
        SubSequenceLength = subSequenceLength;
    }

    /// <summary>The number of samples N.</summary>
    public int Count { get; }

    /// <summary>The number of sub-sequences per sample.</summary>
    public int SubSequenceCount { get; }

    /// <summary>The length of each sub-sequence.</summary>
    public int SubSequenceLength { get; }

    /// <summary>The model input length L = sub-sequences · sub-sequence length.</summary>
    public int TotalLength => SubSequenceCount * SubSequenceLength;

    /// <summary>Base codes (A 0, C 1, G 2, T 3, N 4), sample-major, <see cref="TotalLength"/> per sample.</summary>
    internal ReadOnlySpan<byte> Codes => _codes;

    /// <summary>Creates a background from a table (every row is a sample).</summary>
    /// <param name="table">The table.</param>
    /// <returns>The background.</returns>
    public static AsmmBackground FromTable(AsmmTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return FromSamples(table.Records.Select(r => r.Sequences).ToList());
    }

    /// <summary>Creates a background of single-sequence samples.</summary>
    /// <param name="sequences">Equal-length sequences of A, C, G, T, N (any case).</param>
    /// <returns>The background.</returns>
    /// <exception cref="ArgumentException">No sequences, unequal lengths or another character.</exception>
    public static AsmmBackground FromSequences(IReadOnlyList<string> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        return FromSamples(sequences.Select(s => (IReadOnlyList<string>)[s]).ToList(), nameof(sequences));
    }

    /// <summary>Creates a background of samples made of several sub-sequences.</summary>
    /// <param name="samples">Per sample, its sub-sequences; all samples need the same number and length.</param>
    /// <returns>The background.</returns>
    /// <exception cref="ArgumentException">No samples, inconsistent shapes or a character other than A, C, G, T, N.</exception>
    public static AsmmBackground FromSamples(IReadOnlyList<IReadOnlyList<string>> samples) => FromSamples(samples, nameof(samples));

    private static AsmmBackground FromSamples(IReadOnlyList<IReadOnlyList<string>> samples, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(samples, parameterName);
        if (samples.Count == 0 || samples[0].Count == 0 || samples[0][0].Length == 0)
        {
            throw new ArgumentException("At least one non-empty sample is required.", parameterName);
        }

        int subCount = samples[0].Count, subLength = samples[0][0].Length;
        var total = subCount * subLength;
        var codes = new byte[(long)samples.Count * total];
        for (var x = 0; x < samples.Count; x++)
        {
            var sample = samples[x];
            if (sample.Count != subCount)
            {
                throw new ArgumentException($"Sample {x} has {sample.Count} sub-sequences; sample 0 has {subCount}.", parameterName);
            }

            for (var y = 0; y < subCount; y++)
            {
                var s = sample[y];
                if (s.Length != subLength)
                {
                    throw new ArgumentException($"Sample {x} sub-sequence {y} has length {s.Length}; expected {subLength}.", parameterName);
                }

                var offset = ((long)x * total) + ((long)y * subLength);
                for (var z = 0; z < subLength; z++)
                {
                    codes[offset + z] = s[z] switch
                    {
                        'A' or 'a' => 0,
                        'C' or 'c' => 1,
                        'G' or 'g' => 2,
                        'T' or 't' or 'U' or 'u' => 3,
                        'N' or 'n' => 4,
                        _ => throw new ArgumentException($"Sample {x} sub-sequence {y} has the invalid base '{s[z]}' at position {z}.", parameterName),
                    };
                }
            }
        }

        return new AsmmBackground(codes, samples.Count, subCount, subLength);
    }

    /// <summary>The samples at the given indices, in that order.</summary>
    /// <param name="indices">Sample indices in [0, N); at least one.</param>
    /// <returns>A new background.</returns>
    /// <exception cref="ArgumentException">No indices.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public AsmmBackground Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0)
        {
            throw new ArgumentException("At least one index is required.", nameof(indices));
        }

        var total = TotalLength;
        var codes = new byte[(long)indices.Count * total];
        for (var i = 0; i < indices.Count; i++)
        {
            var x = indices[i];
            ArgumentOutOfRangeException.ThrowIfNegative(x, nameof(indices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Count, nameof(indices));
            Array.Copy(_codes, (long)x * total, codes, (long)i * total, total);
        }

        return new AsmmBackground(codes, indices.Count, SubSequenceCount, SubSequenceLength);
    }

    /// <summary>The sequence of one sample's sub-sequence.</summary>
    /// <param name="sample">The sample index.</param>
    /// <param name="subSequence">The sub-sequence index.</param>
    /// <returns>The upper-case sequence.</returns>
    public string Sequence(int sample, int subSequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, Count);
        ArgumentOutOfRangeException.ThrowIfNegative(subSequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subSequence, SubSequenceCount);
        return string.Create(SubSequenceLength, _codes.AsMemory((sample * TotalLength) + (subSequence * SubSequenceLength), SubSequenceLength), static (chars, m) =>
        {
            var codes = m.Span;
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = "ACGTN"[codes[i]];
            }
        });
    }

    /// <summary>Writes one sample's one-hot encoding (4 · L floats, channel-major) into a buffer.</summary>
    internal void WriteOneHot(int sample, Span<float> destination)
    {
        var total = TotalLength;
        destination[..(4 * total)].Clear();
        var codes = Codes.Slice(sample * total, total);
        for (var l = 0; l < total; l++)
        {
            var c = codes[l];
            if (c < 4)
            {
                destination[(c * total) + l] = 1f;
            }
        }
    }

    /// <summary>The one-hot encoding of every sample.</summary>
    /// <returns>(N, 4, L) float32 on the CPU; the caller owns it.</returns>
    public Tensor ToOneHot()
    {
        var total = TotalLength;
        var data = new float[(long)Count * 4 * total];
        for (var x = 0; x < Count; x++)
        {
            WriteOneHot(x, data.AsSpan(x * 4 * total, 4 * total));
        }

        return torch.tensor(data, [Count, 4, total]);
    }
}
