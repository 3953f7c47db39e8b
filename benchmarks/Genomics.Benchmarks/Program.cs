using BenchmarkDotNet.Running;
using Genomics.Benchmarks.Interpret;

namespace Genomics.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks/Genomics.Benchmarks -- --filter '*'</c> runs benchmarks;
/// <c>-- neuronmotif-demo 1|2 [layer] [--log file]</c> runs the NeuronMotif demo experiment (<see cref="NeuronMotifDemoRun"/>);
/// <c>-- neuronmotif-ctcf-pairs [population:perBin:seed ...]</c> tries reduced settings for demo 2's output neuron
/// (<see cref="NeuronMotifCtcfPairSettingsRun"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == NeuronMotifDemoRun.Command)
        {
            return NeuronMotifDemoRun.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == NeuronMotifCtcfPairSettingsRun.Command)
        {
            return NeuronMotifCtcfPairSettingsRun.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
