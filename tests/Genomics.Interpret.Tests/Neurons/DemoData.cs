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
