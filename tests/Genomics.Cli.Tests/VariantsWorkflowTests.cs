using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary>
/// Runs workflows/variants/Snakefile with Snakemake on this machine (two jobs at once), kills one shard job mid-way,
/// runs the workflow again and compares the merged table with a single <c>genomics variants</c> run. Needs Snakemake 7
/// on PATH (Debian: <c>apt-get install snakemake</c>; .ci/run installs it); without it the test is ignored, saying so.
/// </summary>
[NonParallelizable]
public sealed class VariantsWorkflowTests
{
    private const int Shards = 3;

    [Test]
    public void TheWorkflow_RunsTwoShardJobsAtOnce_ResumesAKilledShard_AndMergesToTheSingleRunsBytes()
    {
        var snakemake = FindOnPath("snakemake");
        if (snakemake is null)
        {
            Assert.Ignore("Snakemake is not on PATH (Debian: apt-get install snakemake); the workflow test needs it.");
        }

        using var scratch = new ScratchFolder();
        var model = CatalogCheckpoint.Save(scratch.PathOf("model.gckpt"), "neuronmotif-demo", "demo2");   // DNA, 82 nt
        var random = new Random(11);
        var chromosome = new string(Enumerable.Range(0, 12_000).Select(_ => "ACGT"[random.Next(4)]).ToArray());
        var genome = scratch.WriteText("genome.fa", $">chr1\n{chromosome}\n");
        var vcf = new StringBuilder("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        for (var position = 60; position < 11_940; position += 4)
        {
            var reference = chromosome[position - 1];
            vcf.Append(CultureInfo.InvariantCulture, $"chr1\t{position}\trs{position}\t{reference}\t{(reference == 'A' ? 'G' : 'A')}\t.\tPASS\t.\n");
        }

        var calls = scratch.WriteText("calls.vcf", vcf.ToString());
        var work = Directory.CreateDirectory(scratch.PathOf("work")).FullName;
        var tool = Path.Combine(AppContext.BaseDirectory, "genomics");
        var config = scratch.WriteText("config.yaml", string.Join('\n',
            $"genomics: \"{tool}\"", $"model: \"{model}\"", $"fasta: \"{genome}\"", $"vcf: \"{calls}\"", "output: scores.tsv.gz",
            $"shards: {Shards}", "block_size: 50", "chunk_size: 4", "threads: 1", string.Empty));
        string[] arguments = ["-s", RepositoryFiles.Path("workflows", "variants", "Snakefile"), "--configfile", config, "-d", work, "--cores", "2", "--keep-going"];

        // First run: kill shard 1's process as soon as it has saved progress.
        var progress = Path.Combine(work, $"scores.shard-1-of-{Shards}.tsv.gz.progress.json");
        var (firstCode, firstLog) = RunSnakemake(snakemake, arguments, whileRunning: () =>
        {
            if (File.Exists(progress))
            {
                return KillShard(1) ? Outcome.Stop : Outcome.Continue;
            }

            return Outcome.Continue;
        });
        Assert.That(firstCode, Is.Not.EqualTo(0), "the killed shard fails the first run\n" + firstLog);
        var shard1 = Path.Combine(work, $"scores.shard-1-of-{Shards}.tsv.gz");
        Assert.That(File.Exists(shard1), Is.False, "the killed shard has no output");
        Assert.That(File.Exists(shard1 + ".partial") && File.Exists(progress), Is.True, "the killed shard keeps its partial output and progress\n" + firstLog);
        Assert.That(File.Exists(Path.Combine(work, $"scores.shard-0-of-{Shards}.tsv.gz.manifest.json")), Is.True, "the other shards go on (--keep-going)\n" + firstLog);

        var (secondCode, secondLog) = RunSnakemake(snakemake, arguments, whileRunning: () => Outcome.Continue);
        Assert.That(secondCode, Is.EqualTo(0), secondLog);
        Assert.That(File.ReadAllText(Path.Combine(work, $"scores.shard-1-of-{Shards}.log")), Does.Contain($"Resuming shard 1/{Shards} after record"));
        Assert.That(Regex.Count(secondLog, @"rule shard:"), Is.EqualTo(1), "only the killed shard runs again\n" + secondLog);

        var single = scratch.PathOf("single.tsv.gz");
        var (code, _, log) = CliHarness.Run("variants", "-m", model, "--fasta", genome, "--vcf", calls, "-o", single, "--block-size", "50", "--chunk-size", "4", "--threads", "1");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), log);
        var merged = Path.Combine(work, "scores.tsv.gz");
        Assert.That(Text(merged), Is.EqualTo(Text(single)));
        Assert.That(Text(merged).Split('\n').Count(l => l.StartsWith("chr1\t", StringComparison.Ordinal)), Is.EqualTo(2_970));
    }

    [TestCase("local")]
    [TestCase("slurm")]
    public void TheProfiles_PlanOneJobPerShardAndAMerge(string profile)
    {
        var snakemake = FindOnPath("snakemake");
        if (snakemake is null)
        {
            Assert.Ignore("Snakemake is not on PATH (Debian: apt-get install snakemake); the workflow test needs it.");
        }

        using var scratch = new ScratchFolder();
        foreach (var name in new[] { "model.gckpt", "genome.fa", "calls.vcf" })
        {
            scratch.WriteText(name, string.Empty);
        }

        var config = scratch.WriteText("config.yaml", "model: model.gckpt\nfasta: genome.fa\nvcf: calls.vcf\noutput: scores.tsv.gz\nshards: 5\n");
        var (code, log) = RunSnakemake(snakemake, ["-s", RepositoryFiles.Path("workflows", "variants", "Snakefile"), "--configfile", config, "-d", scratch.Root, "-n", "--profile", RepositoryFiles.Path("workflows", "variants", "profiles", profile)], () => Outcome.Continue);
        Assert.That(code, Is.EqualTo(0), log);
        Assert.That(Regex.Count(log, "rule shard:"), Is.EqualTo(5), log);
        Assert.That(log, Does.Contain("--shard 4/5 --block-size 1000 --chunk-size 512").And.Contain("rule merge:"));
    }

    [Test]
    public void TheKubernetesIndexedJob_GivesEveryPodItsShard_AndMergesFromTheSameVolume()
    {
        var job = File.ReadAllText(RepositoryFiles.Path("workflows", "variants", "kubernetes", "variants-indexed-job.yaml"));
        var merge = File.ReadAllText(RepositoryFiles.Path("workflows", "variants", "kubernetes", "variants-merge-job.yaml"));
        Assert.That(job, Does.Contain("completionMode: Indexed").And.Contain("- --shard\n            - auto"));
        var completions = Regex.Match(job, @"completions: (\d+)").Groups[1].Value;
        var count = Regex.Match(job, @"name: GENOMICS_SHARD_COUNT\s+value: ""(\d+)""").Groups[1].Value;
        Assert.That(count, Is.EqualTo(completions).And.Not.Empty, "GENOMICS_SHARD_COUNT must equal the Job's completions");
        var output = Regex.Match(job, @"- -o\s+- (\S+)").Groups[1].Value;
        Assert.That(merge, Does.Contain($"command: [genomics, merge, -o, {output}]"));
        Assert.That(Regex.Match(job, @"claimName: (\S+)").Value, Is.EqualTo(Regex.Match(merge, @"claimName: (\S+)").Value));
    }

    private enum Outcome
    {
        Continue,
        Stop,
    }

    private static (int Code, string Log) RunSnakemake(string snakemake, string[] arguments, Func<Outcome> whileRunning)
    {
        var info = new ProcessStartInfo(snakemake) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var watching = true;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!process.WaitForExit(5))
        {
            if (watching && whileRunning() == Outcome.Stop)
            {
                watching = false;
            }

            if (DateTime.UtcNow > deadline)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("Snakemake did not finish within 3 minutes.");
            }
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>SIGKILLs the genomics process scoring <paramref name="shard"/> (not the shell around it).</summary>
    private static bool KillShard(int shard)
    {
        var killed = false;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            string[] argv;
            try
            {
                argv = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (argv.Length > 2 && Path.GetFileName(argv[0]) == "genomics" && argv[1] == "variants" && argv.Contains($"{shard}/{Shards}"))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    killed = true;
                }
                catch (ArgumentException)
                {
                    // it finished in the meantime
                }
            }
        }

        return killed;
    }

    private static string Text(string gz)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gz), CompressionMode.Decompress));
        return reader.ReadToEnd();
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
}
