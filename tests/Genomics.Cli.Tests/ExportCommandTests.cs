using Genomics.Models.Architectures;
using Genomics.Models.Serialization.PyTorch;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

[TestFixture]
public sealed class ExportCommandTests
{
    [TestCase("pt")]
    [TestCase("safetensors")]
    public void Export_WritesTheOriginalNames_AndTheWeightsLoadBack(string format)
    {
        using var scratch = new ScratchFolder();
        var checkpoint = CatalogCheckpoint.Save(scratch.PathOf("attentivechrome.gckpt"), "attentivechrome");
        var exported = scratch.PathOf("attentivechrome." + format);

        var (code, _, log) = CliHarness.Run("export", "-m", checkpoint, "--format", format, "-o", exported);

        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(log, Does.Contain("AttentiveChrome v2"));
        using (var state = PyTorchWeights.Read(exported))
        {
            Assert.That(state.Keys, Does.Contain("fdiff1_1.weight").And.Contain("rnn_hms.0.bin_attention.bin_context_vector"));
        }

        using var saved = ModelCatalog.Load(checkpoint);
        using var loaded = ModelCatalog.Load(exported, "attentivechrome");
        var original = saved.Module.state_dict();
        foreach (var (key, tensor) in loaded.Module.state_dict())
        {
            Assert.That(tensor.eq(original[key]).all().item<bool>(), Is.True, key);
        }
    }

    [Test]
    public void Export_OfPyTorchWeightsWithoutArchitecture_IsInvalidInputNamingTheOption()
    {
        using var scratch = new ScratchFolder();
        var (code, _, error) = CliHarness.Run("export", "-m", Fixture("deepallele_tiny.pt"), "--format", "safetensors", "-o", scratch.PathOf("out.safetensors"));

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("--architecture"));
    }

    [Test]
    public void Export_OfAMaliciousPickle_IsInvalidInputNamingTheGlobal()
    {
        using var scratch = new ScratchFolder();
        var output = scratch.PathOf("out.pt");
        var (code, _, error) = CliHarness.Run("export", "-m", Fixture("malicious.pt"), "--architecture", "basset", "--format", "pt", "-o", output);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("posix.system"));
        Assert.That(File.Exists(output), Is.False);
    }

    private static string Fixture(string name) =>
        Path.Combine(DotnetCli.RepositoryRoot, "tests", "Genomics.Models.Tests", "Serialization", "PyTorch", "Fixtures", name);
}
