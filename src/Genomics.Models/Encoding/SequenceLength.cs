namespace Genomics.Models.Encoding;

/// <summary>Crops or pads sequences to a fixed length, with the side made explicit by a <see cref="FitAlignment"/>.</summary>
public static class SequenceLength
{
    /// <summary>The default padding character: 'N', which one-hot encodes as an all-zero column.</summary>
    public const char DefaultPadCharacter = 'N';

    /// <summary>Crops or pads one sequence to exactly <paramref name="length"/> characters.</summary>
    /// <param name="sequence">The sequence; it is not modified.</param>
    /// <param name="length">The target length; 0 or more.</param>
    /// <param name="alignment">
    /// Which side is cropped or padded: <see cref="FitAlignment.Left"/> keeps the start (crops/pads on the right),
    /// <see cref="FitAlignment.Right"/> keeps the end (crops/pads on the left), <see cref="FitAlignment.Centre"/>
    /// splits the difference with the odd base on the right.
    /// </param>
    /// <param name="padCharacter">Character used for padding; default 'N'.</param>
    /// <returns>The sequence itself when it already has the target length; otherwise a new string of that length.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequence"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or <paramref name="alignment"/> is not a defined value.</exception>
    public static string Fit(string sequence, int length, FitAlignment alignment, char padCharacter = DefaultPadCharacter)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var difference = Math.Abs(sequence.Length - length);
        var before = alignment switch
        {
            FitAlignment.Left => 0,
            FitAlignment.Right => difference,
            FitAlignment.Centre => difference / 2,
            _ => throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "Unknown alignment."),
        };

        if (sequence.Length == length)
        {
            return sequence;
        }

        if (sequence.Length > length)
        {
            return sequence.Substring(before, length);
        }

        return string.Create(length, (sequence, before, padCharacter), static (span, state) =>
        {
            var (source, left, pad) = state;
            span.Fill(pad);
            source.AsSpan().CopyTo(span[left..]);
        });
    }

    /// <summary>Crops or pads every sequence to exactly <paramref name="length"/> characters.</summary>
    /// <param name="sequences">The sequences; none may be null.</param>
    /// <param name="length">The target length; 0 or more.</param>
    /// <param name="alignment">Which side is cropped or padded; see <see cref="Fit(string, int, FitAlignment, char)"/>.</param>
    /// <param name="padCharacter">Character used for padding; default 'N'.</param>
    /// <returns>A new array with one fitted sequence per input, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequences"/> is null.</exception>
    /// <exception cref="ArgumentException">An element is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or <paramref name="alignment"/> is not a defined value.</exception>
    public static string[] Fit(IReadOnlyList<string> sequences, int length, FitAlignment alignment, char padCharacter = DefaultPadCharacter)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var result = new string[sequences.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var sequence = sequences[i] ?? throw new ArgumentException($"Sequence {i} is null.", nameof(sequences));
            result[i] = Fit(sequence, length, alignment, padCharacter);
        }

        return result;
    }
}
