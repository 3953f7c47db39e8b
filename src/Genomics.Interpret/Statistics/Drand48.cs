namespace Genomics.Interpret.Statistics;

/// <summary>
/// The 48-bit linear congruential generator of POSIX <c>drand48</c> (x ← (0x5DEECE66D · x + 0xB) mod 2⁴⁸, value x / 2⁴⁸),
/// started where the C library starts it when <c>srand48</c> was never called (x₀ = 0x1234ABCD330E). MEME draws its
/// bootstrap samples from it (<c>my_drand</c>), so the same draws reproduce MEME's π₀ estimates. Not thread-safe.
/// </summary>
public sealed class Drand48
{
    /// <summary>The state the C library starts from when it was never seeded.</summary>
    public const ulong DefaultState = 0x1234ABCD330EUL;

    private const ulong Multiplier = 0x5DEECE66DUL;
    private const ulong Increment = 0xBUL;
    private const ulong Mask = (1UL << 48) - 1;

    private ulong _state;

    /// <summary>Initializes a generator at <see cref="DefaultState"/>.</summary>
    public Drand48()
        : this(DefaultState)
    {
    }

    /// <summary>Initializes a generator at a given 48-bit state.</summary>
    /// <param name="state">The state (its low 48 bits are used).</param>
    public Drand48(ulong state)
    {
        _state = state & Mask;
    }

    /// <summary>Gets the generator as C's <c>srand48(seed)</c> leaves it: the seed's low 32 bits above 0x330E.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>The generator.</returns>
    public static Drand48 FromSeed(long seed) => new((((ulong)seed & 0xFFFFFFFFUL) << 16) | 0x330EUL);

    /// <summary>Gets the current 48-bit state.</summary>
    public ulong State => _state;

    /// <summary>Advances the state and returns it scaled to [0, 1), as <c>drand48()</c> does.</summary>
    /// <returns>The next value.</returns>
    public double NextDouble()
    {
        // Products wrap modulo 2⁶⁴, a multiple of 2⁴⁸, so masking afterwards is exact.
        _state = ((Multiplier * _state) + Increment) & Mask;
        return _state / 281474976710656.0;
    }

    /// <summary>Advances the generator by <paramref name="count"/> draws in O(log count) steps, without producing them.</summary>
    /// <param name="count">Number of draws to skip (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void Skip(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        // Compose the affine step x ↦ a·x + c with itself by squaring: (a, c) ∘ (a, c) = (a², a·c + c).
        ulong a = Multiplier, c = Increment;
        ulong totalA = 1, totalC = 0;
        for (var k = (ulong)count; k != 0; k >>= 1)
        {
            if ((k & 1) != 0)
            {
                totalA = (totalA * a) & Mask;
                totalC = ((totalC * a) + c) & Mask;
            }

            c = ((a * c) + c) & Mask;
            a = (a * a) & Mask;
        }

        _state = ((totalA * _state) + totalC) & Mask;
    }
}
