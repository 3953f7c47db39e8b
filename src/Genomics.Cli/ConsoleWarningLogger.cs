using Microsoft.Extensions.Logging;

namespace Genomics.Cli;

/// <summary>
/// A logger that writes warnings and errors about the input to the command's standard error as "warning: ..." lines,
/// in order with the command's other messages (the console logger writes from its own thread).
/// </summary>
/// <param name="console">Where the lines go.</param>
internal sealed class ConsoleWarningLogger(CliConsole console) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var label = logLevel == LogLevel.Warning ? "warning" : "error";
        console.Error.WriteLine($"{label}: {formatter(state, exception)}");
    }
}
