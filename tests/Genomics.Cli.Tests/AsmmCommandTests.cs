using Genomics.Cli.Commands;
using Genomics.Interpret.Evaluation;
using Genomics.Models.Architectures;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

[NonParallelizable]
public sealed class AsmmCommandTests
{
    [Test]
    public void Asmm_ScoresEveryFrequentKmer_AndWritesTheOriginalColumns()
    {
        using var scratch = new ScratchFolder();
        var (checkpoint, table) = ModelAndBackground(scratch);
        var output = scratch.PathOf("asmm.csv");
        var (code, stdout, log) = CliHarness.Run("asmm", "-m", checkpoint, "-i", table, "-o", output, "-k", "3", "--min-count", "20", "--algorithm", "Fast", "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var lines = File.ReadAllLines(output);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[0], Does.StartWith("Motifs,Motif_count,Af_score,Scs_score"));
            Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.All.Length.EqualTo(3));
            Assert.That(lines.Skip(1).Select(l => int.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)), Is.All.GreaterThanOrEqualTo(20));
            Assert.That(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(Math.Min(5, lines.Length - 1)));
        }
    }

    /// <summary>
    /// With --original the original's num_processor decides which sample each occurrence is erased from (its locator
    /// numbers samples within slices of ⌈N / p⌉): 8 (the default) and 1 give the same autonomy but different synergy.
    /// </summary>
    [Test]
    public void Asmm_Original_NumProcessorChangesSynergyOnly()
    {
        using var scratch = new ScratchFolder();
        var (checkpoint, table) = ModelAndBackground(scratch);
        string[][] Run(params string[] extra)
        {
            var output = scratch.PathOf($"asmm{extra.Length}.csv");
            var (code, _, log) = CliHarness.Run(["asmm", "-m", checkpoint, "-i", table, "-o", output, "-k", "3", "--min-count", "20", "--threads", "1", "--original", .. extra]);
            Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
            return File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToArray();
        }

        var eight = Run();
        var one = Run("--num-processor", "1");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(one.Select(r => r[2]), Is.EqualTo(eight.Select(r => r[2])), "Af_score");
            Assert.That(one.Select(r => r[3]), Is.Not.EqualTo(eight.Select(r => r[3])), "Scs_score");
        }
    }

    [Test]
    public void Asmm_LoadsAKerasFullModelFile()
    {
        using var scratch = new ScratchFolder();
        var keras = Path.Combine(DotnetCli.RepositoryRoot, "tests", "Genomics.Models.Tests", "Serialization", "Keras", "fixtures", "basset_like.h5");
        var random = new Random(5);
        var rows = Enumerable.Range(0, 12).Select(_ => TestSequences.RandomBases(random, 60) + ",1");
        var table = scratch.WriteText("background.csv", "Seqs,Labels\n" + string.Join('\n', rows) + "\n");
        var output = scratch.PathOf("asmm.csv");
        var (code, _, log) = CliHarness.Run("asmm", "-m", keras, "-i", table, "-o", output, "-k", "3", "--min-count", "10", "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(File.ReadAllLines(output), Has.Length.GreaterThan(1));
    }

    [Test]
    public void Asmm_UnsupportedKerasModel_IsInvalidInputNamingTheLayer()
    {
        using var scratch = new ScratchFolder();
        var keras = Path.Combine(DotnetCli.RepositoryRoot, "tests", "Genomics.Models.Tests", "Serialization", "Keras", "fixtures", "unsupported_lstm.h5");
        var table = scratch.WriteText("background.csv", "Seqs,Labels\nACGTACGTACGTACGTACGT,1\n");
        var (code, _, log) = CliHarness.Run("asmm", "-m", keras, "-i", table, "-o", scratch.PathOf("asmm.csv"), "-k", "3", "--min-count", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), log);
        Assert.That(log, Does.Contain("lstm_1").And.Contain("LSTM"));
    }

    [TestCase("Auto", EvaluationAlgorithm.Auto)]
    [TestCase("full", EvaluationAlgorithm.Full)]
    [TestCase("LocalEdits", EvaluationAlgorithm.LocalEdits)]
    [TestCase("local-edits", EvaluationAlgorithm.LocalEdits)]
    [TestCase("Naive", EvaluationAlgorithm.Full)]
    [TestCase("fast", EvaluationAlgorithm.LocalEdits)]
    public void Algorithm_AcceptsTheNamesAndTheEarlierWords(string word, EvaluationAlgorithm expected) =>
        Assert.That(AsmmCommand.ParseAlgorithm(word), Is.EqualTo(expected));

    [Test]
    public void Algorithm_RejectsAnUnknownWord()
    {
        using var scratch = new ScratchFolder();
        var table = scratch.WriteText("background.csv", "Seqs,Labels\nACGTACGT,1\n");
        var (code, _, log) = CliHarness.Run("asmm", "-m", scratch.PathOf("missing.gckpt"), "-i", table, "-o", scratch.PathOf("asmm.csv"), "--algorithm", "quick");
        Assert.Multiple(() =>
        {
            Assert.That(AsmmCommand.ParseAlgorithm("quick"), Is.Null);
            Assert.That(code, Is.EqualTo(ExitCodes.Usage));
            Assert.That(log, Does.Contain("'quick' is not an evaluation algorithm"));
        });
    }

    [Test]
    public void Asmm_InThreeShards_MergesToTheFinalScoresOfASingleRunWithTheSameBlocks()
    {
        using var scratch = new ScratchFolder();
        var (checkpoint, table) = ModelAndBackground(scratch);
        string[] common = ["asmm", "-m", checkpoint, "-i", table, "-k", "3", "--min-count", "20", "--algorithm", "Fast", "--threads", "1", "--block-size", "7"];
        var whole = scratch.PathOf("whole.csv");
        var (code, _, log) = CliHarness.Run([.. common, "-o", whole]);
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var merged = scratch.PathOf("merged.csv");
        foreach (var shard in new[] { 1, 2, 0 })
        {
            var (c, _, l) = CliHarness.Run([.. common, "-o", merged, "--shard", $"{shard}/3"]);
            Assert.That(c, Is.EqualTo(ExitCodes.Success), l);
        }

        var (mergeCode, _, mergeLog) = CliHarness.Run("merge", "-o", merged);
        Assert.That(mergeCode, Is.EqualTo(ExitCodes.Success), mergeLog);
        Assert.That(File.ReadAllBytes(merged), Is.EqualTo(File.ReadAllBytes(whole)));
        var motifs = File.ReadAllLines(whole).Length - 1;
        Assert.That(motifs, Is.GreaterThan(14), "more than two blocks of 7 candidates, so every shard scores some");

        // Without --block-size the run scores every candidate at once; its raw scores are the blocks' up to float32 noise.
        var once = scratch.PathOf("once.csv");
        var (onceCode, _, onceLog) = CliHarness.Run(["asmm", "-m", checkpoint, "-i", table, "-k", "3", "--min-count", "20", "--algorithm", "Fast", "--threads", "1", "-o", once]);
        Assert.That(onceCode, Is.EqualTo(ExitCodes.Success), onceLog);
        double[] Column(string file, int column) => File.ReadAllLines(file).Skip(1).Select(l => double.Parse(l.Split(',')[column], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.That(Column(once, 2), Is.EqualTo(Column(whole, 2)).Within(1e-5));
        Assert.That(Column(once, 5), Is.EqualTo(Column(whole, 5)).Within(1e-5));

        var (originalCode, _, originalError) = CliHarness.Run([.. common, "-o", scratch.PathOf("o.csv"), "--original"]);
        Assert.That(originalCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(originalError, Does.Contain("--block-size").And.Contain("100"));
    }

    /// <summary>The NeuronMotif demo 2 model (DNA, 82 nt) and a background table of 20 seeded random sequences.</summary>
    private static (string Checkpoint, string Table) ModelAndBackground(ScratchFolder scratch)
    {
        var checkpoint = CatalogCheckpoint.Save(scratch.PathOf("demo2.gckpt"), "neuronmotif-demo", "demo2");
        var random = new Random(3);
        var rows = Enumerable.Range(0, 20).Select(_ => TestSequences.RandomBases(random, 82) + ",1");
        return (checkpoint, scratch.WriteText("background.csv", "Seqs,Labels\n" + string.Join('\n', rows) + "\n"));
    }
}
