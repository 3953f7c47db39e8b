using System.Diagnostics;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary>No command may write over one of its inputs, and a file output that is a directory is invalid input.</summary>
[NonParallelizable]
public sealed class OutputPathTests
{
    private ScratchFolder _scratch = null!;
    private string _checkpoint = null!;
    private string _fasta = null!;
    private string _motifs = null!;

    [OneTimeSetUp]
    public void SaveInputs()
    {
        _scratch = new ScratchFolder();
        _checkpoint = CatalogCheckpoint.Save(_scratch.PathOf("demo2.gckpt"), "neuronmotif-demo", "demo2");
        _fasta = _scratch.WriteText("s.fa", ">s0\n" + new string('A', 82) + "\n");
        _motifs = _scratch.WriteText("m.meme", File.ReadAllText(SharedData.Path("parallel_tomtom/Motifs.meme")));
    }

    [OneTimeTearDown]
    public void CleanUp() => _scratch.Dispose();

    private static IEnumerable<TestCaseData> EveryWritingCommand()
    {
        // {0} checkpoint, {1} FASTA, {2} MEME motifs, {3} ASMM table; the last argument is the input the output repeats.
        yield return new TestCaseData("predict -m {0} -i {1} -o {0} --threads 1", 0).SetName("Predict_OutputIsTheModel");
        yield return new TestCaseData("predict -m {0} -i {1} -o {1} --threads 1", 1).SetName("Predict_OutputIsTheInput");
        yield return new TestCaseData("attribute -m {0} -i {1} -o {1} --threads 1", 1).SetName("Attribute_OutputIsTheInput");
        yield return new TestCaseData("train -a cnngru --preset mrl --train {1} -o {1} --threads 1", 1).SetName("Train_OutputIsTheTrainingData");
        yield return new TestCaseData("scan -m {2} -s {1} -o {2}", 2).SetName("Scan_OutputIsTheMotifs");
        yield return new TestCaseData("tomtom -q {2} -t {2} -o {2} --threads 1", 2).SetName("Tomtom_OutputIsTheQuery");
        yield return new TestCaseData("modisco -m {0} -i {1} -o {0} --threads 1", 0).SetName("Modisco_ReportIsTheModel");
        yield return new TestCaseData("modisco -m {0} -i {1} -o r.html --patterns {1} --threads 1", 1).SetName("Modisco_PatternsAreTheInput");
        yield return new TestCaseData("modisco -m {0} -i {1} -o r.html --h5 {0} --threads 1", 0).SetName("Modisco_H5IsTheModel");
        yield return new TestCaseData("asmm -m {0} -i {3} -o {3} --threads 1", 3).SetName("Asmm_OutputIsTheTable");
        yield return new TestCaseData("neuronmotif -m {0} -o {0} --threads 1", 0).SetName("NeuronMotif_OutputIsTheModel");
        yield return new TestCaseData("neuronmotif -m {0} --db {2} -o x.meme --matches {2} --threads 1", 2).SetName("NeuronMotif_MatchesAreTheDatabase");
    }

    [TestCaseSource(nameof(EveryWritingCommand))]
    public void EveryCommand_RefusesAnOutputThatIsOneOfItsInputs(string template, int repeated)
    {
        var table = _scratch.WriteText("asmm.csv", "Seqs,Labels\n" + new string('C', 82) + ",1\n");
        string[] inputs = [_checkpoint, _fasta, _motifs, table];
        var before = File.ReadAllBytes(inputs[repeated]);
        var args = template.Split(' ').Select(a => a.Length == 3 && a[0] == '{' ? inputs[a[1] - '0'] : a is "r.html" or "x.meme" ? _scratch.PathOf(a) : a).ToArray();
        var (code, _, error) = CliHarness.Run(args);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
            Assert.That(error, Does.Contain("would overwrite the input").And.Contain(Path.GetFileName(inputs[repeated])));
            Assert.That(File.ReadAllBytes(inputs[repeated]), Is.EqualTo(before), "the input is untouched");
        }
    }

    [Test]
    public void Predict_RefusesAnOutputReachingTheModelThroughASymbolicLink()
    {
        var link = _scratch.PathOf("link-to-model.csv");
        File.CreateSymbolicLink(link, _checkpoint);
        var folderLink = _scratch.PathOf("folder-link");
        Directory.CreateSymbolicLink(folderLink, _scratch.Root);
        var before = File.ReadAllBytes(_checkpoint);
        var (code, _, error) = CliHarness.Run("predict", "-m", _checkpoint, "-i", _fasta, "-o", link);
        var (viaFolder, _, folderError) = CliHarness.Run("predict", "-m", _checkpoint, "-i", _fasta, "-o", Path.Combine(folderLink, "demo2.gckpt"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
            Assert.That(error, Does.Contain("--output").And.Contain("--model"));
            Assert.That(viaFolder, Is.EqualTo(ExitCodes.InvalidInput), folderError);
            Assert.That(File.ReadAllBytes(_checkpoint), Is.EqualTo(before));
        }
    }

    [Test]
    public void Predict_RefusesAnOutputHardLinkedToTheModel()
    {
        Assume.That(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "hard links are made with ln");
        var link = _scratch.PathOf("hard-link.csv");
        using (var ln = Process.Start(new ProcessStartInfo("ln", [_checkpoint, link]) { UseShellExecute = false })!)
        {
            ln.WaitForExit();
            Assume.That(ln.ExitCode, Is.Zero, "ln could make the hard link");
        }

        var before = File.ReadAllBytes(_checkpoint);
        var (code, _, error) = CliHarness.Run("predict", "-m", _checkpoint, "-i", _fasta, "-o", link);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
            Assert.That(error, Does.Contain("would overwrite the input"));
            Assert.That(File.ReadAllBytes(_checkpoint), Is.EqualTo(before));
        }
    }

    [Test]
    public void OutputThatIsAnExistingDirectory_IsInvalidInputNamingIt()
    {
        var folder = Directory.CreateDirectory(_scratch.PathOf("existing")).FullName;
        var (code, _, error) = CliHarness.Run("predict", "-m", _checkpoint, "-i", _fasta, "-o", folder);
        var (scanCode, _, scanError) = CliHarness.Run("scan", "-m", _motifs, "-s", _fasta, "-o", folder);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
            Assert.That(error, Does.Contain("--output").And.Contain("existing directory").And.Contain("existing"));
            Assert.That(scanCode, Is.EqualTo(ExitCodes.InvalidInput), scanError);
        }
    }

    [Test]
    public void OutputBesideItsInput_IsWritten()
    {
        var csv = _scratch.PathOf("predictions.csv");
        var (code, _, error) = CliHarness.Run("predict", "-m", _checkpoint, "-i", _fasta, "-o", csv, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), error);
        Assert.That(File.ReadAllLines(csv), Has.Length.EqualTo(2));
    }
}
