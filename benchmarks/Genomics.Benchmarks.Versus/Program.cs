using System.Diagnostics;
using System.Globalization;
using Genomics.Models.Runtime;
using TorchSharp;

namespace Genomics.Benchmarks.Versus;

/// <summary>
/// <c>Genomics.Benchmarks.Versus CASE [--dump FILE]</c>: runs one case after one warm-up, single-threaded, and
/// prints <c>CASE seconds</c> (the median of several runs for cases under a second); with <c>--dump</c> the case's outputs are written as text so that two builds' outputs can
/// be compared. <c>--list</c> prints the cases. With the environment variable <c>GENOMICS_VERSUS_ONEDNN=1</c> libtorch's
/// oneDNN CPU kernels are switched on before the case is set up (otherwise the library's default applies).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] == "--list")
        {
            foreach (var name in Cases.All.Keys)
            {
                Console.WriteLine(name);
            }

            return args.Length == 0 ? 2 : 0;
        }

        if (!Cases.All.TryGetValue(args[0], out var factory))
        {
            Console.Error.WriteLine($"Unknown case '{args[0]}'; --list shows the cases.");
            return 2;
        }

        var dump = args.Length >= 3 && args[1] == "--dump" ? args[2] : null;
        TorchRuntime.EnsureAvailable();
        if (Environment.GetEnvironmentVariable("GENOMICS_VERSUS_ONEDNN") == "1")
        {
            TorchRuntime.SetOneDnnEnabled(true);
        }

        torch.set_num_threads(1);
        using var work = factory();
        work.Run();                                     // warm-up: JIT, allocator, oneDNN primitive caches
        // Short cases are timed several times (until a second has passed, at most 15 runs) and the median printed: a
        // single run of a tenth of a second varies by half on these shared machines. Cases of a second or more run once.
        var seconds = new List<double>();
        var total = Stopwatch.StartNew();
        do
        {
            var watch = Stopwatch.StartNew();
            work.Run();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        while (total.Elapsed.TotalSeconds < 1 && seconds.Count < 15);

        seconds.Sort();
        var median = seconds.Count % 2 == 1 ? seconds[seconds.Count / 2] : (seconds[(seconds.Count / 2) - 1] + seconds[seconds.Count / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[0]} {median:F4}"));
        if (dump is not null)
        {
            using var writer = new StreamWriter(dump);
            work.Dump(writer);
        }

        return 0;
    }
}

/// <summary>One measured piece of work: set up in the constructor, timed in <see cref="Run"/>.</summary>
public interface IWork : IDisposable
{
    /// <summary>Does the work once.</summary>
    void Run();

    /// <summary>Writes the last run's outputs as text (numbers with 9 significant digits).</summary>
    void Dump(TextWriter writer);
}
