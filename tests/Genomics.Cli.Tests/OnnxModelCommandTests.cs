using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary><c>-m model.onnx</c>: the ONNX fixtures of tools/reference/onnx_fixture.py (tests/Genomics.Interpret.Tests/Onnx) through the commands.</summary>
[NonParallelizable]
public sealed class OnnxModelCommandTests
{
    private ScratchFolder _scratch = null!;
    private string _fasta = null!;

    private static string Fixture(string file) => Path.Combine(DotnetCli.RepositoryRoot, "tests", "Genomics.Interpret.Tests", "Onnx", file);

    [OneTimeSetUp]
    public void WriteSequences()
    {
        _scratch = new ScratchFolder();
        _fasta = _scratch.WriteText("s.fa", TestSequences.RandomFasta(3, 20, seed: 5, idPrefix: "seq"));
    }

    [OneTimeTearDown]
    public void CleanUp() => _scratch.Dispose();

    [Test]
    public void PredictAndIsm_RunAnOnnxModel_InEitherLayout()
    {
        var (code, output, log) = CliHarness.Run("predict", "-m", Fixture("tiny_cnn.onnx"), "-i", _fasta, "--raw", "--threads", "1");
        var (lastCode, lastOutput, lastLog) = CliHarness.Run("predict", "-m", Fixture("tiny_cnn_channels_last.onnx"), "--onnx-layout", "channels-last", "-i", _fasta, "--raw");
        var table = _scratch.PathOf("ism.tsv");
        var (ismCode, _, ismLog) = CliHarness.Run("attribute", "-m", Fixture("tiny_cnn.onnx"), "-i", _fasta, "--method", "ism", "-o", table);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
            Assert.That(output.Split('\n')[0], Is.EqualTo("id,logits[0],logits[1]"));
            Assert.That(lastCode, Is.EqualTo(ExitCodes.Success), lastLog);
            Assert.That(lastOutput, Is.EqualTo(output), "the channels-last export holds the same network");
            Assert.That(ismCode, Is.EqualTo(ExitCodes.Success), ismLog);
            Assert.That(File.ReadAllLines(table), Has.Length.EqualTo(1 + (3 * 20)));
        }
    }

    [Test]
    public void GradientMethods_WrongLayout_AndBadFiles_AreInvalidInput()
    {
        var (saliencyCode, _, saliencyError) = CliHarness.Run("attribute", "-m", Fixture("tiny_cnn.onnx"), "-i", _fasta, "--method", "saliency");
        var (layoutCode, _, layoutError) = CliHarness.Run("predict", "-m", Fixture("tiny_cnn_channels_last.onnx"), "-i", _fasta);
        var bad = _scratch.WriteText("broken.onnx", "not a model");
        var (badCode, _, badError) = CliHarness.Run("predict", "-m", bad, "-i", _fasta);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(saliencyCode, Is.EqualTo(ExitCodes.InvalidInput), saliencyError);
            Assert.That(saliencyError, Does.Contain("forward-only").And.Contain("in-silico mutagenesis"));
            Assert.That(layoutCode, Is.EqualTo(ExitCodes.InvalidInput), layoutError);
            Assert.That(layoutError, Does.Contain("--onnx-layout channels-last"));
            Assert.That(badCode, Is.EqualTo(ExitCodes.InvalidInput), badError);
            Assert.That(badError, Does.Contain("broken.onnx"));
        }
    }
}
