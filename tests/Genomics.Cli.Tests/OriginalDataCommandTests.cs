using Genomics.Models.Architectures;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary>genomics train/predict on the original tools' data files (fixtures of tools/reference/original_formats_fixtures.py).</summary>
[NonParallelizable]
public sealed class OriginalDataCommandTests
{
    /// <summary>A DeepAllele-layout file (as atac_preprocess.py writes it) of random alleles, written with PureHDF.</summary>
    private static string WriteAllelePairs(string path, int count, int length, string[]? conditions = null)
    {
        var random = new Random(3);
        double[,,] OneHot()
        {
            var values = new double[count, length, 4];
            for (var n = 0; n < count; n++)
            {
                for (var l = 0; l < length; l++)
                {
                    values[n, l, random.Next(4)] = 1;
                }
            }

            return values;
        }

        var first = Enumerable.Range(0, count).Select(_ => Math.Log(1 + random.Next(50))).ToArray();
        var second = Enumerable.Range(0, count).Select(_ => Math.Log(1 + random.Next(50))).ToArray();
        var file = new PureHDF.H5File
        {
            ["B6_sequence"] = OneHot(),
            ["Cast_sequence"] = OneHot(),
            ["peak_name"] = Enumerable.Range(0, count).Select(i => $"chr{i + 1}-0-{length}").ToArray(),
        };
        var ratio = first.Zip(second, (a, b) => a - b).ToArray();
        if (conditions is null)
        {
            (file["B6_counts"], file["Cast_counts"], file["ratio"]) = (first, second, ratio);
        }
        else
        {
            foreach (var condition in conditions)
            {
                (file[$"{condition}.B6"], file[$"{condition}.CAST"], file[$"{condition}.ratio"]) = (first, second, ratio);
            }
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite);
        file.Write(stream);
        return path;
    }

    private static string Fixture(string name) =>
        Path.Combine(DotnetCli.RepositoryRoot, "tests", "Genomics.Models.Tests", "IO", "OriginalFormats", name);

    [Test]
    public void Train_ThenPredict_OnCombMotifsMrlTable_UsesTheFirst50NtAndRl()
    {
        using var scratch = new ScratchFolder();
        var checkpoint = scratch.PathOf("mrl.gckpt");
        var table = Fixture("mrl.csv");

        var (code, _, log) = CliHarness.Run("train", "-a", "cnngru", "--preset", "mrl", "--train", table, "--valid", table, "--epochs", "2", "-o", checkpoint, "--threads", "1", "--batch-size", "4");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(log, Does.Contain("epoch    2: training loss").And.Contain("validation loss"));
        var model = ModelCatalog.Load(checkpoint);
        Assert.That(model.Module.GetType().Name, Is.EqualTo("CnnGruModel"));
        model.Module.Dispose();

        var (predictCode, output, predictLog) = CliHarness.Run("predict", "-m", checkpoint, "-i", table, "--raw", "--threads", "1");
        Assert.That(predictCode, Is.EqualTo(ExitCodes.Success), predictLog);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines, Has.Length.EqualTo(13));
            Assert.That(lines[1], Does.StartWith("row1,"));
        }
    }

    [TestCase("pairedallele", "first_count")]
    [TestCase("singleallele", "chr1-0-330/second")]
    public void Train_ThenPredict_OnADeepAlleleFile_TakesPairsOrSingleAlleles(string architecture, string expected)
    {
        using var scratch = new ScratchFolder();
        var data = WriteAllelePairs(scratch.PathOf("atac.h5"), count: 4, length: 330);
        var checkpoint = scratch.PathOf("m.gckpt");

        var (code, _, log) = CliHarness.Run("train", "-a", architecture, "--preset", "atac", "--train", data, "--epochs", "1", "-o", checkpoint, "--threads", "1", "--batch-size", "4");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);

        var (predictCode, output, predictLog) = CliHarness.Run("predict", "-m", checkpoint, "-i", data, "--raw", "--threads", "1");
        Assert.That(predictCode, Is.EqualTo(ExitCodes.Success), predictLog);
        Assert.That(output, Does.Contain(expected));
    }

    [Test]
    public void Train_OnADeepAlleleFileWithConditions_NeedsAndUsesCondition()
    {
        using var scratch = new ScratchFolder();
        var data = WriteAllelePairs(scratch.PathOf("conditions.h5"), count: 4, length: 330, conditions: ["sc", "sum"]);
        var checkpoint = scratch.PathOf("m.gckpt");
        string[] train = ["train", "-a", "pairedallele", "--preset", "atac", "--train", data, "--epochs", "1", "-o", checkpoint, "--threads", "1", "--batch-size", "4"];

        var (missingCode, _, missing) = CliHarness.Run(train);
        var (unknownCode, _, unknown) = CliHarness.Run([.. train, "--condition", "bulk"]);
        var (code, _, log) = CliHarness.Run([.. train, "--condition", "sc"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(missingCode, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(missing, Does.Contain("conditions.h5").And.Contain("the file holds the conditions sc, sum; choose one with --condition"));
            Assert.That(unknownCode, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(unknown, Does.Contain("no condition 'bulk'"));
            Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        }
    }

    [TestCase("deepallele_pairs.h5", "pairedallele", "the sequences are 12 long; the model expects 330")]
    [TestCase("deepallele_conditions.h5", "pairedallele", "the sequences are 12 long; the model expects 330")]
    [TestCase("halflife.h5", "cnngru", "the sequences are 40 long; the model expects 12288")]
    [TestCase("halflife.h5", "deepdife", "the train split has 6 channels; the model expects 4")]
    [TestCase("deepallele_missing.h5", "pairedallele", "dataset 'Cast_sequence': the dataset is missing")]
    public void Train_OnOriginalHdf5Files_RecognisesTheLayoutAndNamesTheMismatch(string file, string architecture, string reason)
    {
        using var scratch = new ScratchFolder();
        var path = Fixture(file);

        var (code, _, error) = CliHarness.Run("train", "-a", architecture, "--train", path, "--epochs", "1", "-o", scratch.PathOf("m.gckpt"), "--threads", "1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), error);
            Assert.That(error, Does.Contain(file).And.Contain(reason));
        }
    }
}
