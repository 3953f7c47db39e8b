using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Samples.Tests;

/// <summary>
/// Runs each sample program at its default (small) settings with <c>dotnet run --no-build</c> (the project reference
/// builds it first) and checks the exit code and the files it promises. The programs run with one libtorch thread,
/// like every test here: on a shared machine more threads than free cores make libtorch's thread pool spin.
/// </summary>
[TestFixture]
[Category("Slow")]
[NonParallelizable]
public sealed class SampleTests
{
    private static readonly object[] Cases =
    [
        new object[] { "HistoneModels", Array.Empty<string>(), new[] { "deepchrome-roc.svg", "deepchrome-pr.svg", "deepchrome-training.svg", "attentivechrome-roc.svg", "attentivechrome-training.svg", "attentivechrome-attention.svg", "attentivechrome-attention.png" } },
        new object[] { "DeepDifEMotifs", Array.Empty<string>(), new[] { "report.html", "attribution.svg", "patterns.tsv" } },
        new object[] { "NeuronMotif", Array.Empty<string>(), new[] { "conv2-neuron1-mode0.svg" } },
        new object[] { "DeepAllele", Array.Empty<string>(), new[] { "ism-pair480-alleleA.svg", "ism-pair480-alleleB.svg" } },
        new object[] { "DeepAsmm", new[] { "--min-count", "30" }, new[] { "output.csv" } },
    ];

    [OneTimeSetUp]
    public void OneLibtorchThread() => Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "1");

    [TestCaseSource(nameof(Cases))]
    public void Sample_RunsAndWritesItsFiles(string name, string[] arguments, string[] files)
    {
        using var scratch = new ScratchFolder();
        var project = Path.Combine("samples", name);
        string[] command = ["run", "--project", project, "-c", DotnetCli.Configuration, "--no-build", "--", "--out", scratch.Root, .. arguments];
        var run = DotnetCli.Run(DotnetCli.RepositoryRoot, TimeSpan.FromMinutes(5), command);
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(files.Where(f => !File.Exists(scratch.PathOf(f))), Is.Empty, run.Output);
        if (name == "DeepDifEMotifs")
        {
            // Both planted motifs, each as its own pattern: AP-1 (TGACTCA) matches FOS::JUN and GATA (AGATAAG) matches GATA1.
            var patterns = File.ReadLines(scratch.PathOf("patterns.tsv")).Skip(1).Select(line => line.Split('\t')).ToList();
            var ap1 = patterns.FindIndex(p => Matches(p[4], "FOS::JUN"));
            var gata = patterns.FindIndex(p => Matches(p[4], "GATA1"));
            Assert.That(ap1, Is.Not.Negative, run.Output);
            Assert.That(gata, Is.Not.Negative, run.Output);
            Assert.That(ap1, Is.Not.EqualTo(gata), run.Output);
        }

        if (name == "DeepAsmm")
        {
            Assert.That(File.ReadLines(scratch.PathOf("output.csv")).First(), Is.EqualTo("Motifs,Motif_count,Af_score,Scs_score,Autonomous_functionality_score,Seqence_context_synergy_score"));
        }
    }

    /// <summary>Whether a patterns.tsv match list ("NAME=q;…") names <paramref name="motif"/> with q &lt; 0.05.</summary>
    private static bool Matches(string matches, string motif) =>
        matches.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(m => m.Split('='))
            .Any(m => m[0] == motif && double.Parse(m[1], System.Globalization.CultureInfo.InvariantCulture) < 0.05);
}
