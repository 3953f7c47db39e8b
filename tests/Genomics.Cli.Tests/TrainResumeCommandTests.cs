using System.Text;
using Genomics.Models.Serialization;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Cli.Tests;

[NonParallelizable]
public sealed class TrainResumeCommandTests
{
    private static string[] TrainArgs(string checkpoint, params string[] extra) =>
        ["train", "-a", "deepchrome", "--train", CliHarness.QuickStartData("train.csv"), "--valid", CliHarness.QuickStartData("valid.csv"),
            "--epochs", "4", "-o", checkpoint, "--threads", "1", "--seed", "3", .. extra];

    [Test]
    public void Train_CancelledAfterTwoEpochs_KeepsTheBestCheckpoint_AndResumeEqualsAStraightRun()
    {
        using var scratch = new ScratchFolder();
        var straight = scratch.PathOf("straight.gckpt");
        var (code, _, log) = CliHarness.Run(TrainArgs(straight));
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);

        var interrupted = scratch.PathOf("interrupted.gckpt");
        using var cts = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new CancelOnText("epoch    2:", cts);
        var cancelledCode = GenomicsCli.Run(TrainArgs(interrupted), new CliConsole(output, error, ShowProgress: false), cts.Token);
        Assert.That(cancelledCode, Is.EqualTo(ExitCodes.Cancelled), error.ToString());
        Assert.That(error.ToString(), Does.Not.Contain("epoch    3:"));
        Assert.That(File.Exists(interrupted), Is.True, "the best checkpoint so far survives the cancellation");
        Assert.That(Checkpoint.Read(interrupted).Metadata["epoch"], Is.AnyOf("1", "2"));
        Assert.That(Checkpoint.Read(interrupted + ".state").Metadata["epoch"], Is.EqualTo("2"));

        var (resumedCode, _, resumedLog) = CliHarness.Run(TrainArgs(interrupted, "--resume"));
        Assert.That(resumedCode, Is.EqualTo(ExitCodes.Success), resumedLog);
        Assert.That(resumedLog, Does.Contain("Resuming").And.Contain("epoch    3:").And.Contain("epoch    4:").And.Not.Contain("epoch    1:"));

        // The final lines (best epoch and validation loss) and every weight equal the uninterrupted run's.
        Assert.That(resumedLog.Split('\n').Single(l => l.StartsWith("Best epoch", StringComparison.Ordinal)).Split(';')[0],
            Is.EqualTo(log.Split('\n').Single(l => l.StartsWith("Best epoch", StringComparison.Ordinal)).Split(';')[0]));
        var expected = Checkpoint.Read(straight);
        var actual = Checkpoint.Read(interrupted);
        Assert.That(actual.Tensors.Select(t => t.Key), Is.EqualTo(expected.Tensors.Select(t => t.Key)));
        foreach (var info in expected.Tensors)
        {
            using var a = actual.ReadTensor(info.Key);
            using var e = expected.ReadTensor(info.Key);
            Assert.That(a.bytes.ToArray(), Is.EqualTo(e.bytes.ToArray()), info.Key);
        }
    }

    [Test]
    public void Train_ResumeWithoutState_NamesTheOptionAndTheFile()
    {
        using var scratch = new ScratchFolder();
        var checkpoint = scratch.PathOf("none.gckpt");
        var (code, _, error) = CliHarness.Run(TrainArgs(checkpoint, "--resume"));
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("--resume").And.Contain("none.gckpt.state"));
    }

    /// <summary>A log writer that cancels a token once a given text has been written.</summary>
    private sealed class CancelOnText(string text, CancellationTokenSource cts) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(text, StringComparison.Ordinal))
            {
                cts.Cancel();
            }
        }
    }
}
