namespace Genomics.Models.Encoding;

/// <summary>Argument checks shared by the batch encoders.</summary>
internal static class SequenceBatch
{
    /// <summary>
    /// Checks that <paramref name="sequences"/> is a non-empty list of non-null strings of one length and that
    /// N × <paramref name="valuesPerPosition"/> × L fits in one managed array.
    /// </summary>
    /// <returns>The common length L.</returns>
    public static int ValidateEqualLengths(IReadOnlyList<string> sequences, int valuesPerPosition, string paramName)
    {
        ArgumentNullException.ThrowIfNull(sequences, paramName);
        if (sequences.Count == 0)
        {
            throw new ArgumentException("At least one sequence is required.", paramName);
        }

        var length = -1;
        for (var i = 0; i < sequences.Count; i++)
        {
            var sequence = sequences[i]
                ?? throw new ArgumentException($"Sequence {i} is null.", paramName);
            if (length < 0)
            {
                length = sequence.Length;
            }
            else if (sequence.Length != length)
            {
                throw new ArgumentException(
                    $"Sequence {i} has length {sequence.Length} but sequence 0 has length {length}; all sequences in a batch must " +
                    "have the same length (use SequenceLength.Fit or a LengthPolicy to pad or crop them).",
                    paramName);
            }
        }

        var total = (long)sequences.Count * valuesPerPosition * length;
        if (total > Array.MaxLength)
        {
            throw new ArgumentException(
                $"{sequences.Count} sequences of length {length} need {total} values, more than one array can hold; encode them in smaller batches.",
                paramName);
        }

        return length;
    }
}
