using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Compute;
using Genomics.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Framework;

/// <summary>
/// One architecture's published preset at its benchmark batch size: how to build it (weights seeded with 1), its input
/// batch and targets (drawn from their own generator seeded with 2) and its training loss.
/// </summary>
/// <param name="Name">The name used on the command line, in the export folder and in the Python twin.</param>
/// <param name="Batch">Examples per batch (the original training batch size, as in ArchitectureBenchmarks).</param>
/// <param name="Build">Creates the model with TorchSharp's default initialisation.</param>
/// <param name="Data">Creates the input batch and the targets from a seeded generator.</param>
/// <param name="Loss">The loss the architecture trains with.</param>
public sealed record BenchCase(string Name, int Batch, Func<ISequenceModel> Build, Func<Generator, int, (Tensor Input, Tensor Targets)> Data, TrainingLoss Loss)
{
    /// <summary>The seed of the weight initialisation.</summary>
    public const long WeightSeed = 1;

    /// <summary>The seed of the input batch and targets.</summary>
    public const long DataSeed = 2;

    /// <summary>Basset, DeepDifE and DeepChrome, in that order.</summary>
    public static IReadOnlyList<BenchCase> All { get; } =
    [
        new("Basset", 128, () => new BassetModel(), (g, n) => (OneHot(g, n, BassetOptions.Published.InputLength), Binary(g, n, BassetOptions.Published.Targets)), TrainingLoss.BinaryCrossEntropy()),
        new("DeepDifE", 100, () => new DeepDifEModel(), (g, n) => (OneHot(g, n, DeepDifEOptions.Published.InputLength), Binary(g, n, 1)), TrainingLoss.BinaryCrossEntropy()),
        new("DeepChrome", 64, () => new DeepChromeModel(), (g, n) => (Tracks(g, n), randint(0, 2, [n], generator: g)), TrainingLoss.CrossEntropy()),
    ];

    /// <summary>Finds a case by name (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The case.</returns>
    /// <exception cref="ArgumentException">No case has that name.</exception>
    public static BenchCase Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown architecture '{name}'; use one of {string.Join(", ", All.Select(c => c.Name))}.", nameof(name));

    /// <summary>Builds the model, input and targets, each from its own seed.</summary>
    /// <returns>The seeded model and data.</returns>
    public (ISequenceModel Model, Tensor Input, Tensor Targets) Create()
    {
        ISequenceModel model;
        using (new TorchSeedScope(WeightSeed))
        {
            model = Build();
        }

        using var generator = new Generator((ulong)DataSeed);
        var (input, targets) = Data(generator, Batch);
        return (model, input, targets);
    }

    private static Tensor OneHot(Generator g, int n, int length)
    {
        using var indices = randint(0, 4, [n, length], generator: g);
        using var oneHot = nn.functional.one_hot(indices, 4);
        return oneHot.permute(0, 2, 1).to_type(ScalarType.Float32).contiguous();
    }

    private static Tensor Binary(Generator g, int n, int targets)
    {
        using var u = rand([n, targets], generator: g);
        return u.lt(0.5).to_type(ScalarType.Float32);
    }

    // Histone read counts, as ArchitectureBenchmarks draws them: uniform in [0, 20).
    private static Tensor Tracks(Generator g, int n)
    {
        var o = DeepChromeOptions.Published;
        using var u = rand([n, o.MarkNames.Count, o.Bins], generator: g);
        return u.mul(20);
    }
}
