using System.Reflection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Diagnostics;

/// <summary>
/// Every [LoggerMessage] event id of Genomics.Models and Genomics.Interpret is unique and lies in the range its class
/// declares (FirstEventId/LastEventId, the ranges docs/ARCHITECTURE.md lists); no two classes' ranges overlap.
/// </summary>
public sealed class LogEventIdTests
{
    private const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Assembly[] s_assemblies =
    [
        typeof(Genomics.Models.Diagnostics.Log).Assembly,
        typeof(Genomics.Interpret.DeepLift.DeepLiftLog).Assembly,
    ];

    private static IEnumerable<(Type Type, MethodInfo Method, int Id)> Messages() =>
        from assembly in s_assemblies
        from type in assembly.GetTypes()
        from method in type.GetMethods(Members)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (type, method, attribute.EventId);

    private static (int First, int Last) RangeOf(Type type)
    {
        var first = type.GetField("FirstEventId", Members);
        var last = type.GetField("LastEventId", Members);
        Assert.That(first is { IsLiteral: true } && last is { IsLiteral: true }, Is.True, $"{type.FullName} declares no FirstEventId/LastEventId constants");
        return ((int)first!.GetRawConstantValue()!, (int)last!.GetRawConstantValue()!);
    }

    [Test]
    public void BothAssembliesHaveLogMessages()
    {
        var assemblies = Messages().Select(m => m.Type.Assembly).Distinct().ToArray();
        Assert.That(assemblies, Is.EquivalentTo(s_assemblies));
    }

    [Test]
    public void EventIdsAreUnique()
    {
        var duplicates = Messages()
            .GroupBy(m => m.Id)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => $"{m.Type.Name}.{m.Method.Name}"))}")
            .ToArray();
        Assert.That(duplicates, Is.Empty);
    }

    [Test]
    public void EventIdsLieInTheirClassRange()
    {
        var outside = Messages()
            .Select(m => (m.Type, m.Method, m.Id, Range: RangeOf(m.Type)))
            .Where(m => m.Id < m.Range.First || m.Id > m.Range.Last)
            .Select(m => $"{m.Type.Name}.{m.Method.Name} = {m.Id}, outside {m.Range.First}–{m.Range.Last}")
            .ToArray();
        Assert.That(outside, Is.Empty);
    }

    [Test]
    public void ClassRangesDoNotOverlap()
    {
        var ranges = Messages().Select(m => m.Type).Distinct().Select(t => (Type: t, Range: RangeOf(t))).OrderBy(r => r.Range.First).ToArray();
        Assert.That(ranges, Has.Length.GreaterThanOrEqualTo(9), "Genomics.Models' Log and the eight Genomics.Interpret log classes");
        using (Assert.EnterMultipleScope())
        {
            foreach (var (type, range) in ranges)
            {
                Assert.That(range.First, Is.LessThanOrEqualTo(range.Last), type.Name);
            }

            for (var i = 1; i < ranges.Length; i++)
            {
                Assert.That(ranges[i].Range.First, Is.GreaterThan(ranges[i - 1].Range.Last), $"{ranges[i - 1].Type.Name} and {ranges[i].Type.Name} overlap");
            }
        }
    }
}
