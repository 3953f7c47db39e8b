namespace Genomics.Models.Encoding;

/// <summary>
/// A reusable rule that brings sequences to one fixed length: crop or pad with <see cref="SequenceLength.Fit(string, int, FitAlignment, char)"/>.
/// </summary>
/// <param name="Length">The target length; 0 or more.</param>
/// <param name="Alignment">Which side is cropped or padded; default <see cref="FitAlignment.Centre"/> (odd base on the right).</param>
/// <param name="PadCharacter">Character used for padding; default 'N' (an all-zero one-hot column).</param>
public sealed record LengthPolicy(int Length, FitAlignment Alignment = FitAlignment.Centre, char PadCharacter = SequenceLength.DefaultPadCharacter)
{
    /// <summary>Checks the policy.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Length"/> is negative or <see cref="Alignment"/> is not a defined value.</exception>
    public void Validate()
    {
        if (Length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Length), Length, "The target length must be 0 or more.");
        }

        if (!Enum.IsDefined(Alignment))
        {
            throw new ArgumentOutOfRangeException(nameof(Alignment), Alignment, "Unknown alignment.");
        }
    }

    /// <summary>Applies the policy to one sequence.</summary>
    /// <param name="sequence">The sequence; it is not modified.</param>
    /// <returns>A string of exactly <see cref="Length"/> characters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequence"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The policy is invalid (see <see cref="Validate"/>).</exception>
    public string Apply(string sequence)
    {
        Validate();
        return SequenceLength.Fit(sequence, Length, Alignment, PadCharacter);
    }

    /// <summary>Applies the policy to every sequence.</summary>
    /// <param name="sequences">The sequences; none may be null.</param>
    /// <returns>A new array of strings of exactly <see cref="Length"/> characters, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sequences"/> is null.</exception>
    /// <exception cref="ArgumentException">An element is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The policy is invalid (see <see cref="Validate"/>).</exception>
    public string[] Apply(IReadOnlyList<string> sequences)
    {
        Validate();
        return SequenceLength.Fit(sequences, Length, Alignment, PadCharacter);
    }
}
