using System.Globalization;
using Genomics.Interpret.Motifs;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.TestKit;

namespace Genomics.Interpret.Tests.Neurons;

/// <summary>NeuronMotif's demo models and their simulation PWMs (shared data neuronmotif/).</summary>
internal static class DemoData
{
    public static NeuronMotifDemoModel Demo1() => NeuronMotifDemoModel.FromKeras(SharedData.Path("neuronmotif", "demo1", "weight.hdf5"));

    public static NeuronMotifDemoModel Demo2() => NeuronMotifDemoModel.FromKeras(SharedData.Path("neuronmotif", "demo2", "weight.hdf5"));

    /// <summary>NeuronMotif's JASPAR motif database plus the simulation PWMs (ids PWM0, PWM1 for demo 1; PWM for demo 2).</summary>
    public static IReadOnlyList<Motif> DatabaseWithSimulationMotifs(int demo)
    {
        var database = MemeMotifFormat.Read(SharedData.Path("neuronmotif", "motifDB.txt")).ToList();
        var names = demo == 1 ? new[] { "PWM0", "PWM1" } : ["PWM"];
        database.AddRange(names.Select(n => new Motif(n, PositionProbabilityMatrix.FromCounts(Pwm($"demo{demo}", n)), $"simulation_{n}")));
        return database;
    }

    /// <summary>A count matrix divided column by column by its totals (rows A, C, G, T).</summary>
    public static double[,] Probabilities(double[,] counts) => PositionProbabilityMatrix.FromCounts(counts).ToArray();

    /// <summary>
    /// Pearson correlation of <paramref name="motif"/> (4 × w probabilities) with the w columns of
    /// <paramref name="matrix"/> starting at <paramref name="start"/>, over the 4·w values, the better of the motif and
    /// its reverse complement.
    /// </summary>
    public static double Correlation(double[,] matrix, int start, double[,] motif)
    {
        return Math.Max(Pearson(matrix, start, motif, reverse: false), Pearson(matrix, start, motif, reverse: true));

        static double Pearson(double[,] matrix, int start, double[,] motif, bool reverse)
        {
            var w = motif.GetLength(1);
            var x = new double[4 * w];
            var y = new double[4 * w];
            for (var j = 0; j < w; j++)
            {
                for (var b = 0; b < 4; b++)
                {
                    x[(4 * j) + b] = matrix[b, start + j];
                    y[(4 * j) + b] = reverse ? motif[3 - b, w - 1 - j] : motif[b, j];
                }
            }

            return Genomics.Models.Evaluation.Metrics.Pearson(x, y);
        }
    }

    /// <summary>Reads a whitespace-separated 4 × W count matrix (rows A, C, G, T).</summary>
    public static double[,] Pwm(params string[] parts)
    {
        var rows = File.ReadAllLines(SharedData.Path(["neuronmotif", .. parts]))
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        var matrix = new double[4, rows[0].Length];
        for (var b = 0; b < 4; b++)
        {
            for (var j = 0; j < rows[0].Length; j++)
            {
                matrix[b, j] = rows[b][j];
            }
        }

        return matrix;
    }
}
