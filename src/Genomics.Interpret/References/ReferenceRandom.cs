namespace Genomics.Interpret.References;

/// <summary>
/// A small, fast SplitMix64 generator with unbiased bounded draws (Lemire's method). Its output is fixed by
/// this code alone, so references stay reproducible across .NET versions.
/// </summary>
internal struct ReferenceRandom
{
    private ulong _state;

    /// <summary>Creates a generator for reference <paramref name="reference"/> of example <paramref name="example"/>.</summary>
    public ReferenceRandom(long seed, long example, long reference)
    {
        var h = Mix(unchecked((ulong)seed) ^ 0x6A09E667F3BCC909UL);
        h = Mix(h ^ unchecked((ulong)example));
        _state = Mix(h ^ unchecked((ulong)reference) ^ 0xBB67AE8584CAA73BUL);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        return Mix(_state);
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>); <paramref name="bound"/> must be positive.</summary>
    public int NextInt(int bound)
    {
        var n = (uint)bound;
        var m = (ulong)(uint)(NextUInt64() >> 32) * n;
        var low = (uint)m;
        if (low < n)
        {
            var threshold = unchecked(0u - n) % n;
            while (low < threshold)
            {
                m = (ulong)(uint)(NextUInt64() >> 32) * n;
                low = (uint)m;
            }
        }

        return (int)(m >> 32);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Shuffles <paramref name="values"/> uniformly in place (Fisher–Yates).</summary>
    public void Shuffle(Span<byte> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
