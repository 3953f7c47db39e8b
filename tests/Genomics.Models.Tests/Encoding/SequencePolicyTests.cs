using Genomics.Models.Encoding;
using Genomics.Models.IO;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Genomics.Models.Tests.Encoding;

/// <summary>The sequence policy: nothing is changed without an error or a counted warning.</summary>
public sealed class SequencePolicyTests
{
    private static SequencePolicyResult Apply(SequencePolicy policy, int? length, ListLogger? logger, params string[] sequences) =>
        policy.Apply([.. sequences.Select((_, i) => "s" + i)], sequences, length, "in.fa", logger);

    [Test]
    public void Default_UnknownLetter_IsAnErrorNamingRecordAndPosition()
    {
        var error = Assert.Throws<DataFormatException>(() => Apply(SequencePolicy.Default, 6, null, "ACGTAC", "ACXZ!J"))!;
        Assert.That(error.File, Is.EqualTo("in.fa"));
        Assert.That(error.Reason, Does.Contain("record 2 ('s1')").And.Contain("'X'").And.Contain("position 3"));
    }

    [Test]
    public void ReadAsN_ReplacesUnknownLettersAndCountsTheRecords()
    {
        var logger = new ListLogger();
        var result = Apply(SequencePolicy.Default with { UnknownLetters = UnknownLetterHandling.ReadAsN }, 6, logger, "ACXZ!J", "ACGTAC", "AC-TAC");
        Assert.That(result.Sequences, Is.EqualTo(new[] { "ACNNNN", "ACGTAC", "ACNTAC" }));
        Assert.That(result.UnknownLetterRecords, Is.EqualTo(2));
        Assert.That(logger.Warnings, Has.Count.EqualTo(1).And.Some.Contain("2 of 3 record(s)").And.Some.Contain("replaced by N"));
    }

    [Test]
    public void IupacCodes_ReadAsNWithACountedWarning()
    {
        var logger = new ListLogger();
        var result = Apply(SequencePolicy.Default, 4, logger, "ACRY", "acgt", "NNNN", "ACGU");
        Assert.That(result.Sequences, Is.EqualTo(new[] { "ACRY", "acgt", "NNNN", "ACGU" }));
        Assert.That(result.AmbiguousRecords, Is.EqualTo(1));
        Assert.That(logger.Warnings, Is.EqualTo(new[] { "in.fa: 1 of 4 record(s) hold IUPAC ambiguity codes, which the model reads as N." }));
    }

    [Test]
    public void EmptyRecord_IsAnErrorUnlessAllowed()
    {
        Assert.That(() => Apply(SequencePolicy.Default, null, null, "ACGT", ""), Throws.TypeOf<DataFormatException>().With.Message.Contain("record 2 ('s1') has an empty sequence"));
        Assert.That(Apply(SequencePolicy.Default with { AllowEmpty = true }, null, null, "").Sequences, Is.EqualTo(new[] { "" }));
    }

    [Test]
    public void WrongLength_IsAnErrorByDefault_AndFittedWithAWarningWhenAsked()
    {
        Assert.That(() => Apply(SequencePolicy.Default, 4, null, "ACGT", "ACGTAC"), Throws.TypeOf<DataFormatException>().With.Message.Contain("record 2 ('s1') has 6 bases; the model takes 4"));
        var logger = new ListLogger();
        var result = Apply(SequencePolicy.Default with { LengthMismatch = LengthMismatchHandling.Fit }, 4, logger, "ACGT", "ACGTAC", "AC");
        Assert.That(result.Sequences, Is.EqualTo(new[] { "ACGT", "CGTA", "NACN" }));
        Assert.That(result.FittedRecords, Is.EqualTo(2));
        Assert.That(logger.Warnings.Single(), Does.Contain("2 of 3 record(s) were padded or cropped to the model's length of 4"));
        var left = Apply(SequencePolicy.Default with { LengthMismatch = LengthMismatchHandling.Fit, Alignment = FitAlignment.Left }, 4, null, "ACGTAC");
        Assert.That(left.Sequences, Is.EqualTo(new[] { "ACGT" }));
    }

    [Test]
    public void Lenient_IsTheEarlierBehaviourWithWarnings()
    {
        var logger = new ListLogger();
        var result = Apply(SequencePolicy.Lenient, 4, logger, "XZ", "");
        Assert.That(result.Sequences, Is.EqualTo(new[] { "NNNN", "NNNN" }));
        Assert.That(logger.Warnings, Has.Count.EqualTo(2));
    }

    [Test]
    public void Apply_ChecksItsArguments()
    {
        Assert.That(() => SequencePolicy.Default.Apply(["a"], ["A", "C"], null, "x"), Throws.ArgumentException);
        Assert.That(() => (SequencePolicy.Default with { UnknownLetters = (UnknownLetterHandling)9 }).Validate(), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
