using Genomics.Models.Diagnostics;
using Genomics.Models.IO;
using Microsoft.Extensions.Logging;

namespace Genomics.Models.Encoding;

/// <summary>What happens to a letter that is neither a nucleotide (A, C, G, T, U) nor an IUPAC ambiguity code.</summary>
public enum UnknownLetterHandling
{
    /// <summary>The letter is a <see cref="DataFormatException"/> naming the record and the position.</summary>
    Error,

    /// <summary>The letter is replaced by 'N' (an all-zero one-hot column), and the records changed are counted in a warning.</summary>
    ReadAsN,
}

/// <summary>What happens to a sequence whose length differs from the length the model takes.</summary>
public enum LengthMismatchHandling
{
    /// <summary>The sequence is a <see cref="DataFormatException"/> naming the record and both lengths.</summary>
    Error,

    /// <summary>
    /// The sequence is cropped or padded with 'N' to the model's length, on the side given by
    /// <see cref="SequencePolicy.Alignment"/>, and the records changed are counted in a warning.
    /// </summary>
    Fit,
}

/// <summary>
/// How sequences read for a model are checked and, where the policy allows it, changed: letters outside the
/// alphabet, IUPAC ambiguity codes, empty records and lengths other than the model's.
/// </summary>
/// <remarks>
/// <para>
/// A, C, G, T and U (either case) and N are taken as they are. The IUPAC ambiguity codes R, Y, K, M, S, W, B, D, H
/// and V encode as N (an all-zero column); they are always accepted, and the number of records holding them is
/// logged as a warning because the model sees less than the file states. Any other letter follows
/// <see cref="UnknownLetters"/>; an empty record is an error unless <see cref="AllowEmpty"/>; a sequence of another
/// length than the model's follows <see cref="LengthMismatch"/>.
/// </para>
/// <para>
/// The default (<see cref="Default"/>) changes nothing silently: unknown letters, empty records and wrong lengths are
/// errors. <see cref="Lenient"/> is the behaviour of earlier versions (unknown letters read as N, lengths fitted
/// around the centre, empty records allowed), now with a warning stating how many records were changed.
/// </para>
/// </remarks>
public sealed record SequencePolicy
{
    private const string AmbiguityCodes = "RYKMSWBDHVrykmswbdhv";

    /// <summary>Gets the default policy: unknown letters, empty records and wrong lengths are errors; IUPAC codes read as N with a warning.</summary>
    public static SequencePolicy Default { get; } = new();

    /// <summary>Gets the permissive policy: unknown letters read as N, lengths fitted around the centre, empty records allowed; each change counted in a warning.</summary>
    public static SequencePolicy Lenient { get; } = new() { UnknownLetters = UnknownLetterHandling.ReadAsN, LengthMismatch = LengthMismatchHandling.Fit, AllowEmpty = true };

    /// <summary>Gets what happens to letters that are neither nucleotides nor IUPAC codes. Default <see cref="UnknownLetterHandling.Error"/>.</summary>
    public UnknownLetterHandling UnknownLetters { get; init; } = UnknownLetterHandling.Error;

    /// <summary>Gets what happens to sequences of another length than the model's. Default <see cref="LengthMismatchHandling.Error"/>.</summary>
    public LengthMismatchHandling LengthMismatch { get; init; } = LengthMismatchHandling.Error;

    /// <summary>Gets the side cropped or padded when <see cref="LengthMismatch"/> is <see cref="LengthMismatchHandling.Fit"/>. Default <see cref="FitAlignment.Centre"/>.</summary>
    public FitAlignment Alignment { get; init; } = FitAlignment.Centre;

    /// <summary>Gets a value indicating whether a record with an empty sequence is accepted. Default false (an error).</summary>
    public bool AllowEmpty { get; init; }

    /// <summary>Checks the policy.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A property is not a defined enum value.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(UnknownLetters))
        {
            throw new ArgumentOutOfRangeException(nameof(UnknownLetters), UnknownLetters, "Unknown handling of unknown letters.");
        }

        if (!Enum.IsDefined(LengthMismatch))
        {
            throw new ArgumentOutOfRangeException(nameof(LengthMismatch), LengthMismatch, "Unknown handling of length mismatches.");
        }

        if (!Enum.IsDefined(Alignment))
        {
            throw new ArgumentOutOfRangeException(nameof(Alignment), Alignment, "Unknown alignment.");
        }
    }

    /// <summary>Checks and prepares the sequences of a file for a model.</summary>
    /// <param name="ids">The record identifiers, used in messages; one per sequence.</param>
    /// <param name="sequences">The sequences as read.</param>
    /// <param name="length">The length the model takes, or null when it takes any length.</param>
    /// <param name="source">The file or source named in errors and warnings.</param>
    /// <param name="logger">Receives one warning per kind of change made; null logs nothing.</param>
    /// <returns>The prepared sequences and how many records each rule changed.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="logger"/> is null.</exception>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    /// <exception cref="DataFormatException">A record breaks the policy (the message names the source, the record and the position or lengths).</exception>
    public SequencePolicyResult Apply(IReadOnlyList<string> ids, IReadOnlyList<string> sequences, int? length, string source, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(source);
        if (ids.Count != sequences.Count)
        {
            throw new ArgumentException($"{ids.Count} identifiers for {sequences.Count} sequences.", nameof(ids));
        }

        Validate();
        var prepared = new string[sequences.Count];
        int ambiguous = 0, unknown = 0, fitted = 0;
        for (var i = 0; i < prepared.Length; i++)
        {
            var sequence = sequences[i] ?? throw new ArgumentException($"Sequence {i} is null.", nameof(sequences));
            var record = $"record {i + 1} ('{ids[i]}')";
            if (sequence.Length == 0 && !AllowEmpty)
            {
                throw new DataFormatException(source, null, $"{record} has an empty sequence.");
            }

            var (hasAmbiguous, firstUnknown) = Scan(sequence);
            ambiguous += hasAmbiguous ? 1 : 0;
            if (firstUnknown >= 0)
            {
                if (UnknownLetters == UnknownLetterHandling.Error)
                {
                    var letter = sequence[firstUnknown];
                    throw new DataFormatException(
                        source,
                        null,
                        $"{record}: '{letter}' (U+{(int)letter:X4}) at position {firstUnknown + 1} is neither a nucleotide (A, C, G, T, U) nor an IUPAC code " +
                        "(unknown-letter policy: error; choose 'n' to read such letters as N).");
                }

                unknown++;
                sequence = ReplaceUnknown(sequence);
            }

            if (length is int target && sequence.Length != target)
            {
                if (LengthMismatch == LengthMismatchHandling.Error)
                {
                    throw new DataFormatException(
                        source,
                        null,
                        $"{record} has {sequence.Length} bases; the model takes {target} (length policy: error; choose 'center', 'left' or 'right' to pad or crop).");
                }

                fitted++;
                sequence = SequenceLength.Fit(sequence, target, Alignment);
            }

            prepared[i] = sequence;
        }

        var result = new SequencePolicyResult(prepared, ambiguous, unknown, fitted);
        if (logger is not null)
        {
            foreach (var warning in result.Warnings(source, length))
            {
                Log.SequencesChanged(logger, warning);
            }
        }

        return result;
    }

    private static (bool Ambiguous, int FirstUnknown) Scan(string sequence)
    {
        var ambiguous = false;
        for (var p = 0; p < sequence.Length; p++)
        {
            var c = sequence[p];
            if (Alphabet.Dna.IndexOf(c) >= 0 || c is 'N' or 'n')
            {
                continue;
            }

            if (AmbiguityCodes.Contains(c, StringComparison.Ordinal))
            {
                ambiguous = true;
                continue;
            }

            return (ambiguous, p);
        }

        return (ambiguous, -1);
    }

    private static string ReplaceUnknown(string sequence) => string.Create(sequence.Length, sequence, static (span, source) =>
    {
        for (var p = 0; p < span.Length; p++)
        {
            var c = source[p];
            span[p] = Alphabet.Dna.IndexOf(c) >= 0 || c is 'N' or 'n' || AmbiguityCodes.Contains(c, StringComparison.Ordinal) ? c : 'N';
        }
    });
}

/// <summary>Sequences prepared by <see cref="SequencePolicy.Apply"/> and how many records each rule changed.</summary>
/// <param name="Sequences">The prepared sequences, in input order.</param>
/// <param name="AmbiguousRecords">Records holding IUPAC ambiguity codes (other than N), which encode as N.</param>
/// <param name="UnknownLetterRecords">Records whose unknown letters were replaced by N.</param>
/// <param name="FittedRecords">Records cropped or padded to the model's length.</param>
public sealed record SequencePolicyResult(IReadOnlyList<string> Sequences, int AmbiguousRecords, int UnknownLetterRecords, int FittedRecords)
{
    /// <summary>Describes each kind of change made, one sentence each; empty when nothing was changed.</summary>
    /// <param name="source">The file or source named in the sentences.</param>
    /// <param name="length">The model's length, named in the sentence on fitted records.</param>
    /// <returns>The sentences.</returns>
    public IReadOnlyList<string> Warnings(string source, int? length)
    {
        var warnings = new List<string>();
        if (AmbiguousRecords > 0)
        {
            warnings.Add($"{source}: {AmbiguousRecords} of {Sequences.Count} record(s) hold IUPAC ambiguity codes, which the model reads as N.");
        }

        if (UnknownLetterRecords > 0)
        {
            warnings.Add($"{source}: {UnknownLetterRecords} of {Sequences.Count} record(s) hold letters outside the nucleotide and IUPAC alphabets, replaced by N.");
        }

        if (FittedRecords > 0)
        {
            warnings.Add($"{source}: {FittedRecords} of {Sequences.Count} record(s) were padded or cropped to the model's length of {length}.");
        }

        return warnings;
    }
}
