using System.Globalization;
using Genomics.Models.Compute;

namespace Genomics.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, messages and progress to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="ShowProgress">True to draw progress bars on <see cref="Error"/> (an interactive terminal).</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool ShowProgress)
{
    /// <summary>The process console; progress bars only when standard error is a terminal.</summary>
    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsErrorRedirected);

    /// <summary>Writes an informational line to standard error.</summary>
    /// <param name="message">The message.</param>
    public void Info(string message) => Error.WriteLine(message);

    /// <summary>A progress sink drawing a one-line bar per stage, or null when progress is not shown.</summary>
    /// <returns>The sink.</returns>
    public IProgress<OperationProgress>? Progress() => ShowProgress ? new ProgressBar(Error) : null;

    private sealed class ProgressBar(TextWriter writer) : IProgress<OperationProgress>
    {
        private const int Width = 30;
        private string? _stage;
        private int _lastFilled = -1;

        public void Report(OperationProgress value)
        {
            lock (writer)
            {
                var filled = (int)Math.Round(value.Fraction * Width);
                if (value.Stage == _stage && filled == _lastFilled && value.Completed < value.Total)
                {
                    return;
                }

                if (value.Stage != _stage && _stage is not null)
                {
                    writer.WriteLine();
                }

                _stage = value.Stage;
                _lastFilled = filled;
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"\r{value.Stage,-12} [{new string('#', filled)}{new string('.', Width - filled)}] {value.Completed}/{value.Total}"));
                if (value.Completed >= value.Total)
                {
                    writer.WriteLine();
                    _stage = null;
                }
            }
        }
    }
}
