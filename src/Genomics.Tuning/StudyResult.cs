using System.Globalization;
using System.Text;

namespace Genomics.Models.Tuning;

/// <summary>A snapshot of a study's trials, its best trial, and a CSV export.</summary>
public sealed class StudyResult
{
    internal StudyResult(StudyDirection direction, IReadOnlyList<SearchParameter> parameters, IReadOnlyList<TrialRecord> trials)
    {
        Direction = direction;
        Parameters = parameters;
        Trials = trials;
        BestTrial = Best(direction, trials);
    }

    /// <summary>Whether smaller or larger values are better.</summary>
    public StudyDirection Direction { get; }

    /// <summary>The search space's parameters, in order.</summary>
    public IReadOnlyList<SearchParameter> Parameters { get; }

    /// <summary>Every trial, in order.</summary>
    public IReadOnlyList<TrialRecord> Trials { get; }

    /// <summary>The complete trial with the best value (the earliest on ties), or null when no trial completed.</summary>
    public TrialRecord? BestTrial { get; }

    /// <summary>Writes one CSV row per trial.</summary>
    /// <remarks>
    /// Columns: <c>number,state,value,duration_seconds,params_&lt;name&gt;…,error</c>, parameters in space order. Numbers
    /// use the invariant culture and round-trip formatting; value and error are empty where they do not apply; fields
    /// containing commas, quotes or line breaks are quoted (RFC 4180). Lines end with <c>\n</c>.
    /// </remarks>
    /// <param name="writer">The destination; not closed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var header = new List<string> { "number", "state", "value", "duration_seconds" };
        header.AddRange(Parameters.Select(p => "params_" + p.Name));
        header.Add("error");
        writer.Write(string.Join(',', header.Select(Escape)) + "\n");
        foreach (var trial in Trials)
        {
            var fields = new List<string>
            {
                trial.Number.ToString(CultureInfo.InvariantCulture),
                trial.State.ToString(),
                trial.Value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
                trial.Duration.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            };
            fields.AddRange(Parameters.Select(p => Format(trial.Parameters[p.Name])));
            fields.Add(trial.Error ?? string.Empty);
            writer.Write(string.Join(',', fields.Select(Escape)) + "\n");
        }
    }

    /// <summary>Writes the CSV (see <see cref="WriteCsv(TextWriter)"/>) to a UTF-8 file, replacing it.</summary>
    /// <param name="path">The file path.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteCsv(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        WriteCsv(writer);
    }

    /// <summary>The CSV (see <see cref="WriteCsv(TextWriter)"/>) as a string.</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteCsv(writer);
        return writer.ToString();
    }

    private static TrialRecord? Best(StudyDirection direction, IReadOnlyList<TrialRecord> trials)
    {
        TrialRecord? best = null;
        foreach (var trial in trials.Where(t => t.State == TrialState.Complete))
        {
            var better = best is null
                || (direction == StudyDirection.Minimize ? trial.Value < best.Value : trial.Value > best.Value);
            if (better)
            {
                best = trial;
            }
        }

        return best;
    }

    private static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? string.Empty,
    };

    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
