using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;
using Genomics.Benchmarks;
using NUnit.Framework;

namespace Genomics.Benchmarks.Tests;

/// <summary>Runs every benchmark once with a dry in-process job, so benchmarks cannot rot between measurement runs.</summary>
[NonParallelizable]
public sealed class BenchmarksDryRunTests
{
    private static IEnumerable<TestCaseData> BenchmarkTypes() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => new TestCaseData(t).SetName($"DryRun_{t.Name}"));

    [OneTimeSetUp]
    public void SmokeScale()
    {
        TorchSharp.torch.set_num_threads(1);
        Environment.SetEnvironmentVariable("GENOMICS_BENCHMARK_SMOKE", "1");
    }

    [OneTimeTearDown]
    public void ResetScale() => Environment.SetEnvironmentVariable("GENOMICS_BENCHMARK_SMOKE", null);

    [Test]
    public void EveryBenchmarkClass_IsDiscovered() =>
        Assert.That(BenchmarkTypes().Count(), Is.GreaterThanOrEqualTo(2));

    [TestCaseSource(nameof(BenchmarkTypes))]
    public void Benchmark_RunsOnceWithoutErrors(Type type)
    {
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.Dry.WithToolchain(InProcessNoEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary | ConfigOptions.DisableOptimizationsValidator)
            .AddLogger(BenchmarkDotNet.Loggers.NullLogger.Instance)
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance);
        var summary = BenchmarkRunner.Run(type, config);
        using (Assert.EnterMultipleScope())
        {
            var critical = summary.ValidationErrors.Where(e => e.IsCritical).Select(e => e.Message).ToList();
            Assert.That(critical, Is.Empty);
            Assert.That(summary.Reports, Is.Not.Empty);
            Assert.That(summary.Reports.Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo), Is.Empty);
        }
    }
}
