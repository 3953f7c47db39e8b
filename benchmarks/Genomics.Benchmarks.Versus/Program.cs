using System.Diagnostics;
using System.Globalization;
using Genomics.Models.Runtime;
using TorchSharp;

namespace Genomics.Benchmarks.Versus;

/// <summary>
/// <c>Genomics.Benchmarks.Versus CASE [--dump FILE]</c>: runs one case once after one warm-up, single-threaded, and
/// prints <c>CASE seconds</c>; with <c>--dump</c> the case's outputs are written as text so that two builds' outputs can
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
        var watch = Stopwatch.StartNew();
        work.Run();
        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[0]} {watch.Elapsed.TotalSeconds:F4}"));
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
