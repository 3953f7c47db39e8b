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
        new object[] { "PyTorchCheckpoint", Array.Empty<string>(), new[] { "attributions.tsv", "deeplift-sequence0.svg" } },
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
            // One row per pattern with its TOMTOM matches: both planted motifs come out as distinct patterns, one whose
            // best database match is AP-1 (FOS::JUN or another FOS/JUN dimer) and another whose best match is a GATA factor.
            var rows = File.ReadLines(scratch.PathOf("patterns.tsv")).ToList();
            Assert.That(rows[0], Is.EqualTo("pattern\tseqlets\tsubpatterns\tconsensus\tmatches"));
            var best = rows.Skip(1).Select(r => r.Split('\t')).Select(c => (Pattern: c[0], Match: c[4].Split(';')[0].Split('=')[0])).ToList();
            var ap1 = best.Where(p => p.Match.Contains("FOS", StringComparison.Ordinal) || p.Match.Contains("JUN", StringComparison.Ordinal)).Select(p => p.Pattern).ToList();
            var gata = best.Where(p => p.Match.StartsWith("GATA", StringComparison.Ordinal)).Select(p => p.Pattern).ToList();
            Assert.That(ap1, Is.Not.Empty, run.Output);
            Assert.That(gata, Is.Not.Empty, run.Output);
            Assert.That(ap1.Intersect(gata), Is.Empty, run.Output);

            // Among the positive-contribution patterns, each planted motif comes out exactly once, with a TOMTOM match.
            var positive = best.Where(p => p.Pattern.StartsWith("pos_patterns.", StringComparison.Ordinal)).ToList();
            Assert.That(positive.Count(p => ap1.Contains(p.Pattern)), Is.EqualTo(1), run.Output);
            Assert.That(positive.Count(p => gata.Contains(p.Pattern)), Is.EqualTo(1), run.Output);
            var ap1Q = rows.Skip(1).Select(r => r.Split('\t')).First(c => c[0] == positive.First(p => ap1.Contains(p.Pattern)).Pattern)[4].Split(';')[0].Split('=')[1];
            Assert.That(double.Parse(ap1Q, System.Globalization.CultureInfo.InvariantCulture), Is.LessThan(0.05), run.Output);
        }

        if (name == "PyTorchCheckpoint")
        {
            // The PyTorch-written weights reproduce PyTorch's recorded outputs (the program exits 1 otherwise), and both
            // engines give a score for every position and base of the three 40-nt sequences.
            Assert.That(run.Output, Does.Contain("outputs against PyTorch's: largest difference"));
            var rows = File.ReadLines(scratch.PathOf("attributions.tsv")).ToList();
            Assert.That(rows[0], Is.EqualTo("sequence\tposition\tbase\tdeeplift_shap\tism"));
            Assert.That(rows, Has.Count.EqualTo(1 + (3 * 40 * 4)));
            Assert.That(rows.Skip(1).Select(r => double.Parse(r.Split('\t')[3], System.Globalization.CultureInfo.InvariantCulture)), Has.Some.Not.EqualTo(0.0));
        }

        if (name == "DeepAsmm")
        {
            Assert.That(File.ReadLines(scratch.PathOf("output.csv")).First(), Is.EqualTo("Motifs,Motif_count,Af_score,Scs_score,Autonomous_functionality_score,Seqence_context_synergy_score"));
        }
    }
}
