using System.Globalization;
using System.IO.Compression;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;
using Parquet;

namespace Genomics.Cli.Tests;

[NonParallelizable]
public sealed class VariantsCommandTests
{
    private ScratchFolder _scratch = null!;
    private string _checkpoint = null!;
    private string _genome = null!;
    private string _chr1 = null!;

    [OneTimeSetUp]
    public void SaveModelAndGenome()
    {
        _scratch = new ScratchFolder();
        _checkpoint = CatalogCheckpoint.Save(_scratch.PathOf("demo2.gckpt"), "neuronmotif-demo", "demo2");   // DNA, 82 nt, one output
        var random = new Random(5);
        _chr1 = new string(Enumerable.Range(0, 300).Select(_ => "ACGT"[random.Next(4)]).ToArray());
        _genome = _scratch.WriteText("genome.fa", $">chr1\n{_chr1}\n>chr2\nACGTACGTACGT\n");
    }

    [OneTimeTearDown]
    public void CleanUp() => _scratch.Dispose();

    [Test]
    public async Task ScoresEveryAllele_AsParquetAndTsvGz_WithTheSettingsAndCounts()
    {
        var vcf = WriteVcf("calls.vcf",
            Record(100, _chr1[99].ToString(), Other(_chr1[99])),                                   // SNV
            Record(150, _chr1[149].ToString(), $"{Other(_chr1[149])},{_chr1[149]}GA,<DUP>"),       // multi-allelic: SNV, insertion, symbolic
            Record(200, _chr1.Substring(199, 4), _chr1[199].ToString()),                            // deletion of 3
            Record(10, _chr1[9].ToString(), Other(_chr1[9])));                                     // too near the start for 82 nt
        var parquet = _scratch.PathOf("scores.parquet");
        var tsv = _scratch.PathOf("scores.tsv.gz");
        var (code, _, log) = CliHarness.Run("variants", "-m", _checkpoint, "--fasta", _genome, "--vcf", vcf, "-o", parquet, "--threads", "1", "--chunk-size", "2");
        var (code2, _, log2) = CliHarness.Run("variants", "-m", _checkpoint, "--fasta", _genome, "--vcf", vcf, "-o", tsv, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(code2, Is.EqualTo(ExitCodes.Success), log2);
        Assert.That(log, Does.Contain("Scored 4 variant allele(s) of 4 record(s)").And.Contain("1 symbolic").And.Contain("1 allele(s) too near"));

        using var text = new StreamReader(new GZipStream(File.OpenRead(tsv), CompressionMode.Decompress));
        var lines = text.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Where(l => l.StartsWith("##", StringComparison.Ordinal)), Has.Some.StartsWith("##genomics.model_sha256="));
        var rows = lines.Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        Assert.That(rows[0][..7], Is.EqualTo(new[] { "chrom", "pos", "id", "ref", "alt", "allele", "window_start" }));
        Assert.That(rows.Skip(1).Select(r => $"{r[1]}:{r[4].Length}:{r[5]}"), Is.EqualTo(new[] { "100:1:1", "150:1:1", "150:3:2", "200:1:1" }));
        foreach (var r in rows.Skip(1))
        {
            double reference = double.Parse(r[7], CultureInfo.InvariantCulture), alternative = double.Parse(r[8], CultureInfo.InvariantCulture);
            Assert.That(double.Parse(r[9], CultureInfo.InvariantCulture), Is.EqualTo(alternative - reference).Within(1e-6));
            Assert.That(double.Parse(r[10], CultureInfo.InvariantCulture), Is.EqualTo(Math.Log2((alternative + 1e-6) / (reference + 1e-6))).Within(1e-5));
        }

        await using var reader = await ParquetReader.CreateAsync(parquet);
        Assert.That(reader.CustomMetadata["genomics.alleles_scored"], Is.EqualTo("4"));
        Assert.That(reader.CustomMetadata["genomics.symbolic_skipped"], Is.EqualTo("1"));
        Assert.That(reader.CustomMetadata["genomics.window_length"], Is.EqualTo("82"));
        var fields = reader.Schema.DataFields;
        var positions = new List<long>();
        var alternatives = new List<float>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var pos = new long[group.RowCount];
            var alt = new float[group.RowCount];
            await group.ReadAsync<long>(fields[1], pos, null, CancellationToken.None);
            await group.ReadAsync<float>(fields[8], alt, null, CancellationToken.None);
            positions.AddRange(pos);
            alternatives.AddRange(alt);
        }

        Assert.That(positions, Is.EqualTo(new long[] { 100, 150, 150, 200 }));
        Assert.That(alternatives, Is.EqualTo(rows.Skip(1).Select(r => float.Parse(r[8], CultureInfo.InvariantCulture))).Within(1e-6));
    }

    [Test]
    public void AReferenceMismatch_StopsNamingTheLine_UnlessSkipped()
    {
        var vcf = WriteVcf("wrong.vcf", Record(100, Other(_chr1[99]), _chr1[99].ToString()));
        var (code, _, error) = CliHarness.Run("variants", "-m", _checkpoint, "--fasta", _genome, "--vcf", vcf, "-o", _scratch.PathOf("x.tsv"), "--threads", "1");
        Assert.That(code, Is.Not.EqualTo(ExitCodes.Success));
        Assert.That(error, Does.Contain("wrong.vcf:2:").And.Contain("differs from the genome"));
        Assert.That(File.Exists(_scratch.PathOf("x.tsv")), Is.False, "nothing is left half-written");
        var (code2, _, log2) = CliHarness.Run("variants", "-m", _checkpoint, "--fasta", _genome, "--vcf", vcf, "-o", _scratch.PathOf("y.tsv"), "--threads", "1", "--skip-ref-mismatch");
        Assert.That(code2, Is.EqualTo(ExitCodes.Success), log2);
        Assert.That(log2, Does.Contain("1 REF mismatch"));
    }

    [Test]
    public void BadArguments_AreInvalidInputNamingTheOption()
    {
        var vcf = WriteVcf("ok.vcf", Record(100, _chr1[99].ToString(), Other(_chr1[99])));
        var (code, _, error) = CliHarness.Run("variants", "-m", _checkpoint, "--fasta", _genome, "--vcf", vcf, "-o", _scratch.PathOf("x.csv"));
        var (code2, _, error2) = CliHarness.Run("variants", "-m", _checkpoint, "--fasta", _genome, "--vcf", _scratch.PathOf("none.vcf"), "-o", _scratch.PathOf("x.tsv"));
        var (code3, _, error3) = CliHarness.Run("variants", "-m", _checkpoint, "--fasta", _genome, "--vcf", vcf, "-o", _scratch.PathOf("x.tsv"), "--chunk-size", "0");
        Assert.That(new[] { code, code2, code3 }, Is.All.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("--output"));
        Assert.That(error2, Does.Contain("--vcf"));
        Assert.That(error3, Does.Contain("--chunk-size"));
    }

    [Test]
    public void PredictGenome_TilesEverySequence_AndEqualsPredictingTheWindowsAsAFasta()
    {
        var tiled = _scratch.PathOf("tiles.csv.gz");
        var (code, _, log) = CliHarness.Run("predict", "-m", _checkpoint, "--genome", _genome, "--stride", "50", "--keep-last", "--chunk-size", "2", "-o", tiled, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        using var text = new StreamReader(new GZipStream(File.OpenRead(tiled), CompressionMode.Decompress));
        var rows = text.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var starts = new[] { 0, 50, 100, 150, 200, 218 };      // 300 nt, 82-nt windows every 50, one flush with the end; chr2 is too short
        Assert.That(rows.Skip(1).Select(r => r.Split(',')[0]), Is.EqualTo(starts.Select(s => $"chr1:{s}-{s + 82}")));
        var fasta = _scratch.WriteText("tiles.fa", string.Concat(starts.Select(s => $">chr1:{s}-{s + 82}\n{_chr1.Substring(s, 82)}\n")));
        var (code2, direct, log2) = CliHarness.Run("predict", "-m", _checkpoint, "-i", fasta, "--threads", "1");
        Assert.That(code2, Is.EqualTo(ExitCodes.Success), log2);
        Assert.That(rows, Is.EqualTo(direct.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var (code3, _, error3) = CliHarness.Run("predict", "-m", _checkpoint, "--genome", _genome, "-i", fasta);
        Assert.That(code3, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error3, Does.Contain("either --input"));
    }

    [Test]
    public void ThreeShards_Merged_EqualOneRun_AndACompletedShardIsSkipped()
    {
        var records = Enumerable.Range(0, 25).Select(i => 60 + (7 * i)).Select(p => Record(p, _chr1[p - 1].ToString(), Other(_chr1[p - 1]))).ToArray();
        var vcf = WriteVcf("many.vcf", records);
        var whole = _scratch.PathOf("whole.tsv.gz");
        var merged = _scratch.PathOf("split.tsv.gz");
        string[] common = ["variants", "-m", _checkpoint, "--fasta", _genome, "--vcf", vcf, "--threads", "1", "--block-size", "3"];
        var (code, _, log) = CliHarness.Run([.. common, "-o", whole]);
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        foreach (var shard in new[] { 2, 0 })
        {
            var (c, _, l) = CliHarness.Run([.. common, "-o", merged, "--shard", $"{shard}/3"]);
            Assert.That(c, Is.EqualTo(ExitCodes.Success), l);
        }

        var (missingCode, _, missingError) = CliHarness.Run("merge", "-o", merged);
        Assert.That(missingCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(missingError, Does.Contain("shard(s) 1 of 3 are missing"));

        Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_ID", "2");
        Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_MIN", "1");
        Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_COUNT", "3");
        try
        {
            var (c1, _, l1) = CliHarness.Run([.. common, "-o", merged, "--shard", "auto"]);     // SLURM task 2 of 1..3 is shard 1
            Assert.That(c1, Is.EqualTo(ExitCodes.Success), l1);
            var (again, _, againLog) = CliHarness.Run([.. common, "-o", merged, "--shard", "auto"]);
            Assert.That(again, Is.EqualTo(ExitCodes.Success), againLog);
            Assert.That(againLog, Does.Contain("already complete"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_ID", null);
            Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_MIN", null);
            Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_COUNT", null);
        }

        var (mergeCode, _, mergeLog) = CliHarness.Run("merge", "-o", merged);
        Assert.That(mergeCode, Is.EqualTo(ExitCodes.Success), mergeLog);
        // Chunks never span blocks, so every window is computed in the same batch as in the single run: the same text.
        Assert.That(Lines(merged), Is.EqualTo(Lines(whole)));

        File.AppendAllText(_scratch.PathOf("split.shard-1-of-3.tsv.gz"), "x");
        var (tamperedCode, _, tamperedError) = CliHarness.Run("merge", "-o", merged);
        Assert.That(tamperedCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(tamperedError, Does.Contain("no longer matches its manifest"));
        var (parquetCode, _, parquetError) = CliHarness.Run([.. common, "-o", _scratch.PathOf("s.parquet"), "--shard", "0/2"]);
        Assert.That(parquetCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(parquetError, Does.Contain("--shard"));
    }

    [Test]
    public void AShardStoppedMidway_ResumesAfterItsLastCompletedChunk_AndMergesToTheSingleRunsBytes()
    {
        var positions = Enumerable.Range(0, 30).Select(i => 60 + (6 * i)).ToArray();
        var good = positions.Select(p => Record(p, _chr1[p - 1].ToString(), Other(_chr1[p - 1]))).ToArray();
        var broken = (string[])good.Clone();
        broken[22] = Record(positions[22], Other(_chr1[positions[22] - 1]), "G");    // REF differs from the genome: the run stops there
        var vcf = WriteVcf("resume.vcf", broken);
        var merged = _scratch.PathOf("resumed.tsv");
        string[] common = ["variants", "-m", _checkpoint, "--fasta", _genome, "--vcf", vcf, "--threads", "1", "--block-size", "4", "--chunk-size", "3"];
        var (code, _, error) = CliHarness.Run([.. common, "-o", merged, "--shard", "1/2"]);    // blocks 1, 3, 5 (records 4–7, 12–15, 20–23)
        Assert.That(code, Is.Not.EqualTo(ExitCodes.Success));
        Assert.That(error, Does.Contain("resume.vcf:24"));
        var shardFile = _scratch.PathOf("resumed.shard-1-of-2.tsv");
        Assert.That(File.Exists(shardFile), Is.False, "an unfinished shard has no output");
        Assert.That(File.Exists(shardFile + ".partial") && File.Exists(shardFile + ".progress.json"), Is.True);
        var kept = File.ReadAllLines(shardFile + ".partial").Count(l => !l.StartsWith('#') && !l.StartsWith("chrom", StringComparison.Ordinal));
        Assert.That(kept, Is.EqualTo(8), "the chunks of blocks 1 and 3 were complete when record 22 stopped the run");

        _scratch.WriteText("resume.vcf", "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n" + string.Join('\n', good) + "\n");
        var (again, _, againLog) = CliHarness.Run([.. common, "-o", merged, "--shard", "1/2"]);
        Assert.That(again, Is.EqualTo(ExitCodes.Success), againLog);
        Assert.That(againLog, Does.Contain("Resuming shard 1/2 after record 15 (allele 1): 8 row(s) kept"));
        Assert.That(againLog, Does.Contain("Scored 6 variant allele(s)"), "only the records of blocks 5 and 7 (20–23, 28–29) were scored");
        Assert.That(File.Exists(shardFile + ".partial") || File.Exists(shardFile + ".progress.json"), Is.False);
        var (c0, _, l0) = CliHarness.Run([.. common, "-o", merged, "--shard", "0/2"]);
        Assert.That(c0, Is.EqualTo(ExitCodes.Success), l0);
        var (mergeCode, _, mergeLog) = CliHarness.Run("merge", "-o", merged);
        Assert.That(mergeCode, Is.EqualTo(ExitCodes.Success), mergeLog);

        var whole = _scratch.PathOf("resumed-whole.tsv");
        var (wholeCode, _, wholeLog) = CliHarness.Run([.. common, "-o", whole]);
        Assert.That(wholeCode, Is.EqualTo(ExitCodes.Success), wholeLog);
        Assert.That(File.ReadAllBytes(merged), Is.EqualTo(File.ReadAllBytes(whole)));
    }

    [Test]
    public void PredictGenome_InTwoShards_MergesToTheSingleRunsBytes()
    {
        var merged = _scratch.PathOf("tiles-split.csv.gz");
        var whole = _scratch.PathOf("tiles-whole.csv.gz");
        string[] common = ["predict", "-m", _checkpoint, "--genome", _genome, "--stride", "10", "--keep-last", "--chunk-size", "2", "--block-size", "3", "--threads", "1"];
        var (code, _, log) = CliHarness.Run([.. common, "-o", whole]);
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        foreach (var shard in new[] { 1, 0 })
        {
            var (c, _, l) = CliHarness.Run([.. common, "-o", merged, "--shard", $"{shard}/2"]);
            Assert.That(c, Is.EqualTo(ExitCodes.Success), l);
        }

        var (again, _, againLog) = CliHarness.Run([.. common, "-o", merged, "--shard", "0/2"]);
        Assert.That(again, Is.EqualTo(ExitCodes.Success), againLog);
        Assert.That(againLog, Does.Contain("already complete"));
        var (mergeCode, _, mergeLog) = CliHarness.Run("merge", "-o", merged);
        Assert.That(mergeCode, Is.EqualTo(ExitCodes.Success), mergeLog);
        Assert.That(Lines(merged), Is.EqualTo(Lines(whole)));
        Assert.That(Lines(whole), Has.Count.EqualTo(1 + 23), "22 windows every 10 nt over 300 nt, one flush with the end");

        var (stdoutCode, _, stdoutError) = CliHarness.Run([.. common, "--shard", "0/2"]);
        Assert.That(stdoutCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(stdoutError, Does.Contain("--shard"));
    }

    [Test]
    public void AttributeBothAlleles_WritesEveryRowsWindows_EqualToAttributingTheWindowsAsAFasta()
    {
        var vcf = WriteVcf("attr.vcf",
            Record(100, _chr1[99].ToString(), Other(_chr1[99])),
            Record(150, _chr1[149].ToString(), $"{_chr1[149]}GA"),
            Record(10, _chr1[9].ToString(), Other(_chr1[9])));                                     // too near the start: no row
        var table = _scratch.PathOf("attr.tsv");
        var archive = _scratch.PathOf("attr.npz");
        var (code, _, log) = CliHarness.Run("variants", "-m", _checkpoint, "--fasta", _genome, "--vcf", vcf, "-o", table, "--attribute", "ism", "--attributions", archive, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(NpzFile.Keys(archive), Is.EqualTo(new[] { "ref_ohe", "alt_ohe", "ref_scores", "alt_scores", "ref_hypothetical", "alt_hypothetical" }));
        var refOheArray = NpzFile.Read(archive, "ref_ohe");
        Assert.That(refOheArray.Shape, Is.EqualTo(new[] { 2, 4, 82 }));
        var refOhe = refOheArray.ToSingleArray();
        var altScores = NpzFile.Read(archive, "alt_scores").ToSingleArray();
        var rows = File.ReadAllLines(table).Where(l => !l.StartsWith('#') && !l.StartsWith("chrom", StringComparison.Ordinal)).Select(l => l.Split('\t')).ToList();
        var starts = rows.Select(r => int.Parse(r[6], CultureInfo.InvariantCulture)).ToList();
        for (var i = 0; i < 2; i++)
        {
            var window = _chr1.Substring(starts[i], 82);
            for (var p = 0; p < 82; p++)
            {
                Assert.That(refOhe[(i * 4 * 82) + ("ACGT".IndexOf(window[p], StringComparison.Ordinal) * 82) + p], Is.EqualTo(1f), $"row {i}, position {p}");
            }
        }

        // The SNV's alternative window, attributed on its own, gives the same ISM map.
        var altWindow = string.Concat(_chr1.AsSpan(starts[0], 41), Other(_chr1[99]), _chr1.AsSpan(starts[0] + 42, 40));
        var fasta = _scratch.WriteText("alt.fa", $">alt\n{altWindow}\n");
        var npz = _scratch.PathOf("alt.npz");
        var (code2, _, log2) = CliHarness.Run("attribute", "-m", _checkpoint, "-i", fasta, "--method", "ism", "--npz", npz, "-o", _scratch.PathOf("alt.tsv"), "--threads", "1");
        Assert.That(code2, Is.EqualTo(ExitCodes.Success), log2);
        var direct = NpzFile.Read(npz, "scores").ToSingleArray();
        Assert.That(altScores.Take(4 * 82), Is.EqualTo(direct).Within(1e-5));

        var (code3, _, error3) = CliHarness.Run("variants", "-m", _checkpoint, "--fasta", _genome, "--vcf", vcf, "-o", _scratch.PathOf("a2.tsv"), "--attribute", "ism");
        Assert.That(code3, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error3, Does.Contain("--attributions"));
    }

    [Test]
    public void PredictGenomeWithABed_CentresAWindowOnEveryInterval_KeepingNamesAndStrands()
    {
        var bed = _scratch.WriteText("peaks.bed", "chr1\t100\t120\tpeakA\t0\t+\nchr1\t150\t151\tpeakB\t0\t-\nchr1\t5\t10\tedge\t0\t+\n");
        var output = _scratch.PathOf("peaks.csv");
        var (code, _, log) = CliHarness.Run("predict", "-m", _checkpoint, "--genome", _genome, "--bed", bed, "-o", output, "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        Assert.That(log, Does.Contain("Skipped 1 interval(s)"));
        var rows = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.That(rows.Select(r => r[0]), Is.EqualTo(new[] { "peakA", "peakB" }));

        // The same windows as a FASTA: centre 110 → 69..151; centre 150 → 109..191 on the minus strand.
        var minus = new string(_chr1.Substring(109, 82).Reverse().Select(b => b switch { 'A' => 'T', 'C' => 'G', 'G' => 'C', _ => 'A' }).ToArray());
        var fasta = _scratch.WriteText("peaks.fa", $">peakA\n{_chr1.Substring(69, 82)}\n>peakB\n{minus}\n");
        var (code2, direct, log2) = CliHarness.Run("predict", "-m", _checkpoint, "-i", fasta, "--threads", "1");
        Assert.That(code2, Is.EqualTo(ExitCodes.Success), log2);
        Assert.That(File.ReadAllLines(output), Is.EqualTo(direct.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        var (code3, _, error3) = CliHarness.Run("predict", "-m", _checkpoint, "--genome", _genome, "--bed", bed, "--stride", "5");
        Assert.That(code3, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error3, Does.Contain("--bed"));
    }

    private static List<string> Lines(string gz)
    {
        using var text = new StreamReader(new GZipStream(File.OpenRead(gz), CompressionMode.Decompress));
        return [.. text.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static string Other(char b) => b == 'A' ? "C" : "A";

    private static string Record(int position, string reference, string alternative) => $"chr1\t{position}\t.\t{reference}\t{alternative}\t.\tPASS\t.";

    private string WriteVcf(string name, params string[] records) =>
        _scratch.WriteText(name, "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n" + string.Join('\n', records) + "\n");
}
