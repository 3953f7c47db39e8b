using System.Globalization;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// Background letter frequencies in the shared channel order A, C, G, T/U: the null model for log-odds scores,
/// information content and pseudocounts. Immutable.
/// </summary>
public sealed class MotifBackground : IEquatable<MotifBackground>
{
    /// <summary>Largest allowed deviation of the frequencies' sum from 1 before they are rescaled.</summary>
    public const double SumTolerance = 1e-2;

    private readonly double[] _frequencies;

    /// <summary>Initializes a background from four frequencies (A, C, G, T/U), rescaled to sum exactly to 1.</summary>
    /// <param name="frequencies">Four finite, strictly positive frequencies that sum to 1 within <see cref="SumTolerance"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="frequencies"/> is null.</exception>
    /// <exception cref="ArgumentException">Not four values, a value not finite or not positive, or a sum far from 1.</exception>
    public MotifBackground(IReadOnlyList<double> frequencies)
    {
        ArgumentNullException.ThrowIfNull(frequencies);
        if (frequencies.Count != 4)
        {
            throw new ArgumentException($"A background needs 4 frequencies (A, C, G, T), got {frequencies.Count}.", nameof(frequencies));
        }

        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var f = frequencies[i];
            if (!double.IsFinite(f) || f <= 0)
            {
                throw new ArgumentException($"Background frequency {i} is {f.ToString(CultureInfo.InvariantCulture)}; every frequency must be finite and > 0.", nameof(frequencies));
            }

            sum += f;
        }

        if (Math.Abs(sum - 1) > SumTolerance)
        {
            throw new ArgumentException($"Background frequencies sum to {sum.ToString(CultureInfo.InvariantCulture)}, not 1.", nameof(frequencies));
        }

        _frequencies = [frequencies[0] / sum, frequencies[1] / sum, frequencies[2] / sum, frequencies[3] / sum];
    }

    /// <summary>Gets the uniform background (0.25 each).</summary>
    public static MotifBackground Uniform { get; } = new([0.25, 0.25, 0.25, 0.25]);

    /// <summary>Gets the frequency of channel <paramref name="letter"/> (0 = A, 1 = C, 2 = G, 3 = T/U).</summary>
    /// <param name="letter">Channel index 0..3.</param>
    public double this[int letter] => _frequencies[letter];

    /// <summary>Gets a copy of the four frequencies.</summary>
    /// <returns>A new array A, C, G, T/U.</returns>
    public double[] ToArray() => (double[])_frequencies.Clone();

    /// <summary>Gets the background of the reverse strand (A↔T, C↔G swapped).</summary>
    /// <returns>The complemented background.</returns>
    public MotifBackground Complement() => new([_frequencies[3], _frequencies[2], _frequencies[1], _frequencies[0]]);

    /// <summary>Gets the average of this background and its complement (symmetric for scanning both strands).</summary>
    /// <returns>The strand-symmetric background.</returns>
    public MotifBackground Symmetrized()
    {
        var at = (_frequencies[0] + _frequencies[3]) / 2;
        var cg = (_frequencies[1] + _frequencies[2]) / 2;
        return new([at, cg, cg, at]);
    }

    /// <inheritdoc/>
    public bool Equals(MotifBackground? other) =>
        other is not null && _frequencies.AsSpan().SequenceEqual(other._frequencies);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MotifBackground);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_frequencies[0], _frequencies[1], _frequencies[2], _frequencies[3]);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"A {_frequencies[0]:G6} C {_frequencies[1]:G6} G {_frequencies[2]:G6} T {_frequencies[3]:G6}");
}
