using System.Text;

namespace Genomics.Models.Serialization;

/// <summary>
/// Thrown by <see cref="CheckpointFile.LoadInto"/> when a checkpoint's tensors do not fit a module: keys the module
/// has but the checkpoint lacks, keys the checkpoint has but the module lacks, and entries whose shape or element
/// type differs.
/// </summary>
/// <remarks>
/// The message lists the first <see cref="MaxListedPerKind"/> problems of each kind and counts the rest; the
/// properties hold every problem. Nothing is copied into the module when this exception is thrown.
/// </remarks>
public sealed class CheckpointMismatchException : Exception
{
    /// <summary>How many problems of each kind the message lists before summarising the rest as a count.</summary>
    public const int MaxListedPerKind = 5;

    /// <summary>Creates an exception with a default message and no listed problems.</summary>
    public CheckpointMismatchException()
        : this("The checkpoint does not match the module.")
    {
    }

    /// <summary>Creates an exception with the given message and no listed problems.</summary>
    /// <param name="message">What does not match.</param>
    public CheckpointMismatchException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates an exception with the given message and cause, and no listed problems.</summary>
    /// <param name="message">What does not match.</param>
    /// <param name="innerException">The underlying error.</param>
    public CheckpointMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
        MissingKeys = [];
        UnexpectedKeys = [];
        ShapeMismatches = [];
        DTypeMismatches = [];
    }

    /// <summary>Creates an exception describing every problem found while matching a checkpoint to a module.</summary>
    /// <param name="filePath">The checkpoint file.</param>
    /// <param name="moduleName">The module's type or name, for the message.</param>
    /// <param name="missingKeys">Keys of the module absent from the checkpoint.</param>
    /// <param name="unexpectedKeys">Keys of the checkpoint absent from the module.</param>
    /// <param name="shapeMismatches">Entries whose shapes differ.</param>
    /// <param name="dtypeMismatches">Entries whose element types differ (shapes equal).</param>
    public CheckpointMismatchException(
        string filePath,
        string moduleName,
        IReadOnlyList<string> missingKeys,
        IReadOnlyList<string> unexpectedKeys,
        IReadOnlyList<CheckpointTensorMismatch> shapeMismatches,
        IReadOnlyList<CheckpointTensorMismatch> dtypeMismatches)
        : base(FormatMessage(filePath, moduleName, missingKeys, unexpectedKeys, shapeMismatches, dtypeMismatches))
    {
        FilePath = filePath;
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        ShapeMismatches = shapeMismatches;
        DTypeMismatches = dtypeMismatches;
    }

    /// <summary>The checkpoint file, or null when the exception was created without one.</summary>
    public string? FilePath { get; }

    /// <summary>State-dict keys the module has and the checkpoint lacks.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>State-dict keys the checkpoint has and the module lacks.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>Entries present in both whose shapes differ.</summary>
    public IReadOnlyList<CheckpointTensorMismatch> ShapeMismatches { get; }

    /// <summary>Entries present in both with equal shapes but different element types.</summary>
    public IReadOnlyList<CheckpointTensorMismatch> DTypeMismatches { get; }

    private static string FormatMessage(
        string filePath,
        string moduleName,
        IReadOnlyList<string> missingKeys,
        IReadOnlyList<string> unexpectedKeys,
        IReadOnlyList<CheckpointTensorMismatch> shapeMismatches,
        IReadOnlyList<CheckpointTensorMismatch> dtypeMismatches)
    {
        var text = new StringBuilder();
        text.Append("Checkpoint '").Append(filePath).Append("' does not match module ").Append(moduleName).Append('.');
        AppendKind(text, "missing from the checkpoint", missingKeys);
        AppendKind(text, "not in the module", unexpectedKeys);
        AppendKind(text, "with different shapes", shapeMismatches);
        AppendKind(text, "with different element types", dtypeMismatches);
        return text.ToString();
    }

    private static void AppendKind<T>(StringBuilder text, string kind, IReadOnlyList<T> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }
        text.Append(' ').Append(problems.Count).Append(problems.Count == 1 ? " key " : " keys ").Append(kind).Append(": ");
        text.AppendJoin("; ", problems.Take(MaxListedPerKind));
        if (problems.Count > MaxListedPerKind)
        {
            text.Append("; ... and ").Append(problems.Count - MaxListedPerKind).Append(" more");
        }
        text.Append('.');
    }
}
