using Microsoft.Extensions.Logging;

namespace Genomics.TestKit;

/// <summary>A logger factory whose one logger records the event id of every message, for tests of what an engine logs.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory, ILogger
{
    private readonly List<int> _eventIds = [];

    /// <summary>Gets a copy of the event ids logged so far, in order.</summary>
    public IReadOnlyList<int> EventIds
    {
        get
        {
            lock (_eventIds)
            {
                return [.. _eventIds];
            }
        }
    }

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => this;

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_eventIds)
        {
            _eventIds.Add(eventId.Id);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
