using Genomics.Interpret.Motifs;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary>
/// <c>attribute --npz</c> writes the arrays, and <c>modisco -s/-a</c> starts from them as tfmodisco-lite's
/// <c>modisco motifs -s ohe.npz -a shap.npz</c> does; the motif-discovery guide's commands run as written.
/// </summary>
[NonParallelizable]
public sealed class NumpyArrayCommandTests
{
    private ScratchFolder _scratch = null!;
    private string _checkpoint = null!;
    private string _fasta = null!;
    private string _archive = null!;

    /// <summary>One DeepLIFT-SHAP attribution of 12 random sequences by the NeuronMotif demo2 model, shared by the tests.</summary>
    [OneTimeSetUp]
    public void Attribute()
    {
        _scratch = new ScratchFolder();
        using (new Genomics.Models.Compute.TorchSeedScope(3))
        {
            // Weights from a fixed seed, whatever ran before: the pattern comparisons need a run that finds patterns (seed 1 finds none).
            _checkpoint = CatalogCheckpoint.Save(_scratch.PathOf("demo2.gckpt"), "neuronmotif-demo", "demo2");
        }

        _fasta = _scratch.WriteText("s.fa", TestSequences.RandomFasta(12, 82, seed: 2));
        _archive = _scratch.PathOf("attributions.npz");
        var (code, _, log) = CliHarness.Run("attribute", "-m", _checkpoint, "-i", _fasta, "--method", "deeplift", "--references", "2",
            "--npz", _archive, "-o", _scratch.PathOf("attributions.tsv"), "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(log, Does.Contain("Arrays (ohe, scores, hypothetical) written to"));
    }

    [OneTimeTearDown]
    public void CleanUp() => _scratch.Dispose();

    private string Patterns(string name, params string[] source)
    {
        var patterns = _scratch.PathOf(name + ".meme");
        var report = _scratch.PathOf(name + ".html");
        var (code, _, log) = CliHarness.Run(["modisco", .. source, "--min-cluster-size", "2", "-o", report, "--patterns", patterns, "--threads", "1"]);
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(File.ReadAllText(report), Does.Contain("<html"));
        return File.ReadAllText(patterns);
    }

    [Test]
    public void AttributeNpz_HoldsChannelsFirstOneHotScoresAndHypothetical_ThatAgreeWithEachOtherAndTheTable()
    {
        Assert.That(NpzFile.Keys(_archive), Is.EqualTo(new[] { "ohe", "scores", "hypothetical" }));
        var ohe = NpzFile.Read(_archive, "ohe");
        var scores = NpzFile.Read(_archive, "scores").ToGenomic(GenomicArrayLayout.ChannelsFirst);
        var hypothetical = NpzFile.Read(_archive, "hypothetical").ToGenomic(GenomicArrayLayout.ChannelsFirst);
        Assert.That(ohe.Shape, Is.EqualTo(new[] { 12, 4, 82 }));
        var x = ohe.ToGenomic(GenomicArrayLayout.ChannelsFirst);
        var sequences = File.ReadAllLines(_fasta).Where(l => !l.StartsWith('>')).ToArray();
        var table = File.ReadAllLines(_scratch.PathOf("attributions.tsv")).Skip(1).Select(l => l.Split('\t')).ToArray();
        for (var n = 0; n < 12; n++)
        {
            for (var l = 0; l < 82; l++)
            {
                var row = table[(n * 82) + l];
                for (var c = 0; c < 4; c++)
                {
                    Assert.That(x[n, c, l], Is.EqualTo("ACGT"[c] == sequences[n][l] ? 1f : 0f));
                    Assert.That(scores[n, c, l], Is.EqualTo(hypothetical[n, c, l] * x[n, c, l]).Within(1e-5f), "DeepLIFT's scores are hypothetical x input");
                    Assert.That(double.Parse(row[4 + c], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(hypothetical[n, c, l]).Within(1e-5 + (1e-5 * Math.Abs(hypothetical[n, c, l]))), "the table's per-channel columns are the hypothetical scores");
                }
            }
        }
    }

    [Test]
    public void AttributeNpz_OfATrackModel_HoldsItsInputsAndScores_WithoutHypotheticalForThePlainGradient()
    {
        var checkpoint = CatalogCheckpoint.Save(_scratch.PathOf("deepchrome.gckpt"), "deepchrome");
        var archive = _scratch.PathOf("tracks.npz");
        var (code, _, log) = CliHarness.Run("attribute", "-m", checkpoint, "-i", CliHarness.QuickStartData("test.csv"), "--method", "saliency",
            "-o", _scratch.PathOf("tracks.tsv"), "--npz", archive, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var genes = File.ReadAllLines(CliHarness.QuickStartData("test.csv")).Length / 100;
        Assert.That(NpzFile.Keys(archive), Is.EqualTo(new[] { "inputs", "scores" }));
        var inputs = NpzFile.Read(archive, "inputs");
        var scores = NpzFile.Read(archive, "scores");
        Assert.That(inputs.Shape[0], Is.EqualTo(genes));
        Assert.That(scores.Shape, Is.EqualTo(inputs.Shape));
        Assert.That(scores.ToSingleArray().Any(v => v != 0), Is.True);
    }

    [Test]
    public void Modisco_FromTheAttributeArchive_FindsThePatternsOfTheModelRun()
    {
        var fromModel = Patterns("model", "-m", _checkpoint, "-i", _fasta, "--references", "2");
        var fromArrays = Patterns("arrays", "-s", _archive, "-a", _archive);
        Assert.That(fromModel, Does.Contain("MOTIF"), "the run finds patterns, so the comparison means something");
        Assert.That(fromArrays, Is.EqualTo(fromModel));
    }

    [Test]
    public void Modisco_FromTfmodiscoStyleFiles_InEitherLayout_FindsTheSamePatterns()
    {
        var ohe = NpzFile.Read(_archive, "ohe").ToGenomic(GenomicArrayLayout.ChannelsFirst);
        var hypothetical = NpzFile.Read(_archive, "hypothetical").ToGenomic(GenomicArrayLayout.ChannelsFirst);

        // As np.savez_compressed('ohe.npz', X) and np.savez('shap.npz', X_attr) write them for tfmodisco-lite: arr_0, (N, 4, L).
        NpzFile.Write(_scratch.PathOf("ohe.npz"), NumpyArray.FromGenomic(ohe), compress: true);
        NpzFile.Write(_scratch.PathOf("shap.npz"), NumpyArray.FromGenomic(hypothetical));

        // Channels-last .npy, one-hot as int8-like 0/1 float64 and attributions float64: (N, L, 4).
        var oheLast = NumpyArray.FromGenomic(ohe, GenomicArrayLayout.ChannelsLast);
        NpyFile.Write(_scratch.PathOf("ohe_last.npy"), new NumpyArray(oheLast.ToDoubleArray(), oheLast.Shape));
        var shapLast = NumpyArray.FromGenomic(hypothetical, GenomicArrayLayout.ChannelsLast);
        NpyFile.Write(_scratch.PathOf("shap_last.npy"), new NumpyArray(shapLast.ToDoubleArray(), shapLast.Shape));

        var reference = Patterns("archive", "-s", _archive, "-a", _archive);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Patterns("savez", "-s", _scratch.PathOf("ohe.npz"), "-a", _scratch.PathOf("shap.npz"), "--layout", "channels-first"), Is.EqualTo(reference));
            Assert.That(Patterns("last", "--sequences", _scratch.PathOf("ohe_last.npy"), "--attributions", _scratch.PathOf("shap_last.npy"), "--layout", "channels-last"), Is.EqualTo(reference));
            Assert.That(Patterns("auto", "-s", _scratch.PathOf("ohe_last.npy"), "-a", _scratch.PathOf("shap_last.npy")), Is.EqualTo(reference), "auto: only axis 2 has 4 entries");
        }
    }

    [TestCase("", "give either --model and --input")]
    [TestCase("-m {model} -i {fasta} -s {archive} -a {archive}", "not both")]
    [TestCase("-s {archive}", "--sequences and --attributions go together")]
    [TestCase("-a {archive}", "--sequences and --attributions go together")]
    [TestCase("-m {model}", "--model and --input go together")]
    [TestCase("-s {archive} -a {archive} --references 5", "--references applies only with --model")]
    [TestCase("-s {archive} -a {archive} --target 0", "--target applies only with --model")]
    [TestCase("-m {model} -i {fasta} --layout channels-last", "--layout applies only to --sequences and --attributions")]
    [TestCase("-s {archive} -a {archive} --layout sideways", "sideways")]
    public void Modisco_NeedsExactlyOneWayToGiveItsInput(string arguments, string message)
    {
        var args = arguments.Replace("{model}", _checkpoint, StringComparison.Ordinal).Replace("{fasta}", _fasta, StringComparison.Ordinal)
            .Replace("{archive}", _archive, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (code, _, error) = CliHarness.Run(["modisco", .. args, "-o", _scratch.PathOf("unused.html"), "--threads", "1"]);
        Assert.That(code, Is.EqualTo(ExitCodes.Usage), error);
        Assert.That(error, Does.Contain(message));
        Assert.That(File.Exists(_scratch.PathOf("unused.html")), Is.False);
    }

    [Test]
    public void Modisco_MalformedOrMismatchedArrays_AreInvalidInputNamingTheFile()
    {
        var text = _scratch.WriteText("text.npy", "not an array");
        var twoKeys = _scratch.PathOf("two.npz");
        NpzFile.Write(twoKeys, [new("x", new NumpyArray(new float[8], 1, 4, 2)), new("y", new NumpyArray(new float[8], 1, 4, 2))]);
        var square = _scratch.PathOf("square.npy");
        NpyFile.Write(square, new NumpyArray(new float[12 * 16], 12, 4, 4));
        var shorter = _scratch.PathOf("shorter.npy");
        NpyFile.Write(shorter, new NumpyArray(new float[12 * 4 * 80], 12, 4, 80));
        var truncated = _scratch.PathOf("truncated.npz");
        var bytes = File.ReadAllBytes(_archive);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 100)]);

        (string[] Args, string Message)[] cases =
        [
            (["-s", text, "-a", _archive], text + ": not a .npy file"),
            (["-s", twoKeys, "-a", _archive], twoKeys + ": the archive has no 'arr_0' or 'ohe' array and more than one array ('x', 'y')"),
            (["-s", _archive, "-a", square], square + ": shape (12, 4, 4) is ambiguous"),
            (["-s", _archive, "-a", shorter], "--attributions: the attributions are (12, 4, 80) after the layout but the sequences are (12, 4, 82)"),
            (["-s", _archive, "-a", _archive, "--layout", "channels-last"], _archive + ": entry 'ohe': shape (12, 4, 82) is not channels-last"),
            (["-s", truncated, "-a", _archive], truncated + ": not a valid .npz (zip) archive"),
            (["-s", _scratch.PathOf("missing.npz"), "-a", _archive], "missing.npz"),
        ];
        foreach (var (args, message) in cases)
        {
            var (code, _, error) = CliHarness.Run(["modisco", .. args, "-o", _scratch.PathOf("unused.html"), "--threads", "1"]);
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), string.Join(' ', args) + "\n" + error);
            Assert.That(error, Does.Contain(message), string.Join(' ', args));
        }

        Assert.That(File.Exists(_scratch.PathOf("unused.html")), Is.False);
    }

    [Test]
    public void Modisco_SwappedSequencesAndAttributions_AreRefusedAsNotOneHot()
    {
        var ohe = _scratch.PathOf("swap-ohe.npz");
        var shap = _scratch.PathOf("swap-shap.npz");
        NpzFile.Write(ohe, NpzFile.Read(_archive, "ohe"));
        NpzFile.Write(shap, NpzFile.Read(_archive, "hypothetical"));
        var (code, _, error) = CliHarness.Run("modisco", "-s", shap, "-a", ohe, "-o", _scratch.PathOf("unused.html"), "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
        Assert.That(error, Does.Contain("--sequences: the sequences are not one-hot").And.Contain("swapped"));
    }

    [Test]
    public void Modisco_RefusesAReportThatIsOneOfTheArrays()
    {
        var copy = _scratch.PathOf("copy.npz");
        File.Copy(_archive, copy, overwrite: true);
        var before = File.ReadAllBytes(copy);
        var (code, _, error) = CliHarness.Run("modisco", "-s", copy, "-a", _archive, "-o", copy, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
        Assert.That(error, Does.Contain("would overwrite the input").And.Contain("--sequences"));
        Assert.That(File.ReadAllBytes(copy), Is.EqualTo(before));
    }

    [Test]
    public void MotifDiscoveryGuide_ArrayWorkflowCommands_RunAsWritten()
    {
        var guide = File.ReadAllText(Path.Combine(DotnetCli.RepositoryRoot, "docs", "guides", "motif-discovery.md"));
        var section = guide[guide.IndexOf("## `modisco motifs`-style workflow from arrays", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var block = section[(section.IndexOf("```bash\n", StringComparison.Ordinal) + 8)..];
        var commands = block[..block.IndexOf("```", StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(commands, Has.Length.EqualTo(4));

        using var folder = new ScratchFolder();
        File.Copy(_checkpoint, folder.PathOf("model.gckpt"));
        File.Copy(_fasta, folder.PathOf("sequences.fa"));
        File.Copy(SharedData.Path("parallel_tomtom/Motifs.meme"), folder.PathOf("motifs.meme"));
        var ran = new List<string>();
        foreach (var command in commands)
        {
            if (ran.Count == 1)
            {
                // What the guide's Python lines write for tfmodisco-lite, and the channels-last files of the last command.
                var ohe = NpzFile.Read(folder.PathOf("attributions.npz"), "ohe").ToGenomic(GenomicArrayLayout.ChannelsFirst);
                var hypothetical = NpzFile.Read(folder.PathOf("attributions.npz"), "hypothetical").ToGenomic(GenomicArrayLayout.ChannelsFirst);
                NpzFile.Write(folder.PathOf("ohe.npz"), NumpyArray.FromGenomic(ohe), compress: true);
                NpzFile.Write(folder.PathOf("shap.npz"), NumpyArray.FromGenomic(hypothetical), compress: true);
                NpyFile.Write(folder.PathOf("ohe_last.npy"), NumpyArray.FromGenomic(ohe, GenomicArrayLayout.ChannelsLast));
                NpyFile.Write(folder.PathOf("shap_last.npy"), NumpyArray.FromGenomic(hypothetical, GenomicArrayLayout.ChannelsLast));
            }

            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(words[0], Is.EqualTo("genomics"), command);
            var args = words.Skip(1).Select(w => w.Contains('.', StringComparison.Ordinal) && !w.StartsWith('-') ? folder.PathOf(w) : w).Append("--threads").Append("1").ToArray();
            var (code, _, log) = CliHarness.Run(args);
            Assert.That(code, Is.EqualTo(ExitCodes.Success), command + "\n" + log);
            ran.Add(command);
        }

        Assert.That(NpzFile.Keys(folder.PathOf("attributions.npz")), Is.EqualTo(new[] { "ohe", "scores", "hypothetical" }));
        Assert.That(File.ReadAllText(folder.PathOf("patterns.meme")), Does.StartWith("MEME version"));
        Assert.That(File.ReadAllText(folder.PathOf("report.html")), Does.Contain("<html"));
    }
}
