namespace Genomics.TestKit;

/// <summary>
/// An <see cref="IProgress{T}"/> that handles each report on the reporting thread, at once. <see cref="Progress{T}"/>
/// posts to the synchronization context or the thread pool, so its reports can arrive after the operation returns.
/// </summary>
/// <typeparam name="T">The report type.</typeparam>
public sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly Action<T> _report;

    /// <summary>Calls <paramref name="report"/> for every report.</summary>
    public SynchronousProgress(Action<T> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _report = report;
    }

    /// <summary>Adds every report to <paramref name="reports"/>.</summary>
    public SynchronousProgress(ICollection<T> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        _report = reports.Add;
    }

    /// <inheritdoc />
    public void Report(T value) => _report(value);
}
