using System.Globalization;

namespace Genomics.Models.Training;

/// <summary>
/// Training or evaluation targets do not fit the model's outputs: a class index outside [0, T), a fractional class
/// index, or a shape that matches no output layout. Thrown before any loss is computed; <see cref="Example"/> names the
/// offending row so that a caller reading a file can name the record.
/// </summary>
public sealed class TrainingTargetException : ArgumentException
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public TrainingTargetException()
        : base("The targets do not fit the model's outputs.")
    {
        Reason = Message;
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message, also used as <see cref="Reason"/>.</param>
    public TrainingTargetException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">The message, also used as <see cref="Reason"/>.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public TrainingTargetException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Initializes a new instance naming the set, the example and the reason.</summary>
    /// <param name="paramName">The parameter holding the targets (e.g. "training"), or null.</param>
    /// <param name="example">The 0-based row of the offending example, or null when the whole set is at fault.</param>
    /// <param name="reason">What is wrong, including the valid range.</param>
    public TrainingTargetException(string? paramName, long? example, string reason)
        : base(example is long row ? string.Create(CultureInfo.InvariantCulture, $"Example {row} (0-based): {reason}") : reason, paramName)
    {
        Example = example;
        Reason = reason;
    }

    /// <summary>The 0-based row of the offending example; null when the whole set is at fault (its shape).</summary>
    public long? Example { get; }

    /// <summary>What is wrong, without the example prefix.</summary>
    public string Reason { get; }
}
