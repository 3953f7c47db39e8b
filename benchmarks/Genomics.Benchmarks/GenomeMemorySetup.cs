using System.Globalization;
using Genomics.Models.Architectures;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Compute;
using Genomics.Models.IO;

namespace Genomics.Benchmarks;

/// <summary>
/// <c>genome-memory-setup DIR MEGABASES...</c>: writes, for benchmarks/genome-memory.sh, a seeded random genome of each
/// size (<c>genome-N.fa</c> with its .fai index; sequences of 10 Mb) and one small Basset-class checkpoint with 1-kb input
/// (<c>model.gckpt</c>: filters 16/16/16, widths 19/11/7, pools 3/4/4, hidden 32, one target).
/// </summary>
public static class GenomeMemorySetup
{
    /// <summary>The command's name.</summary>
    public const string Command = "genome-memory-setup";

    private const long SequenceLength = 10_000_000;

    /// <summary>Runs the command.</summary>
    /// <param name="args">The folder, then one or more genome sizes in megabases.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 2)
        {
            Console.Error.WriteLine($"usage: {Command} DIR MEGABASES...");
            return 2;
        }

        var folder = Directory.CreateDirectory(args[0]).FullName;
        foreach (var size in args[1..].Select(a => long.Parse(a, CultureInfo.InvariantCulture)))
        {
            var path = Path.Combine(folder, $"genome-{size}.fa");
            Write(path, size * 1_000_000);
            FastaIndex.Build(path).Write(FastaIndex.DefaultPathFor(path));
            Console.WriteLine($"{path}: {size} Mb");
        }

        using (new TorchSeedScope(1))
        {
            var model = new BassetModel(new BassetOptions
            {
                InputLength = 1000, ConvFilters = [16, 16, 16], ConvWidths = [19, 11, 7], PoolWidths = [3, 4, 4], HiddenUnits = [32], HiddenDropouts = [0.3], Targets = 1,
            });
            ModelCatalog.Save(Path.Combine(folder, "model.gckpt"), model);
            model.Module.Dispose();
        }

        return 0;
    }

    private static void Write(string path, long bases)
    {
        var random = new Random(7);
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        var line = new char[60];
        for (long offset = 0, index = 0; offset < bases; offset += SequenceLength, index++)
        {
            writer.WriteLine($">seq{index}");
            var length = Math.Min(SequenceLength, bases - offset);
            for (long done = 0; done < length; done += line.Length)
            {
                var n = (int)Math.Min(line.Length, length - done);
                for (var i = 0; i < n; i++)
                {
                    line[i] = "ACGT"[random.Next(4)];
                }

                writer.WriteLine(line, 0, n);
            }
        }
    }
}
