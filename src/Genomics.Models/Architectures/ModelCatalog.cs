using System.Globalization;
using System.Reflection;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Architectures.DeepCba;
using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Serialization;
using Genomics.Models.Serialization.PyTorch;

namespace Genomics.Models.Architectures;

/// <summary>One architecture of the model zoo: how to build it from options or a named preset.</summary>
/// <param name="Name">The short name used on the command line and in docs (e.g. "basset").</param>
/// <param name="ModelType">The module type (its name is stored in checkpoints written by the trainer).</param>
/// <param name="OptionsType">The options record type.</param>
/// <param name="Description">One line about the architecture.</param>
/// <param name="Presets">Named option presets (names in lower case; the first is the default).</param>
/// <param name="Build">Builds the model from an options object of <paramref name="OptionsType"/>.</param>
public sealed record ModelCatalogEntry(string Name, Type ModelType, Type OptionsType, string Description, IReadOnlyDictionary<string, object> Presets, Func<object, ISequenceModel> Build)
{
    /// <summary>The name of the default preset.</summary>
    public string DefaultPreset => Presets.Keys.First();

    /// <summary>Builds the model from a named preset.</summary>
    /// <param name="preset">The preset name (case-insensitive); null for <see cref="DefaultPreset"/>.</param>
    /// <returns>A new model with freshly initialised weights.</returns>
    /// <exception cref="ArgumentException">The preset is unknown; the message lists the known ones.</exception>
    public ISequenceModel Create(string? preset = null)
    {
        var key = (preset ?? DefaultPreset).ToLowerInvariant();
        return Presets.TryGetValue(key, out var options)
            ? Build(options)
            : throw new ArgumentException($"Architecture '{Name}' has no preset '{preset}'; known presets: {string.Join(", ", Presets.Keys)}.", nameof(preset));
    }
}

/// <summary>
/// The model zoo by name: builds architectures from presets, and rebuilds any zoo model from a checkpoint using the
/// options and architecture stored in it. Used by the command-line tool; handy wherever a model is chosen at run time.
/// </summary>
public static class ModelCatalog
{
    private static readonly ModelCatalogEntry[] All =
    [
        Entry<DeepChromeModel, DeepChromeOptions>("deepchrome", "CNN over 5 histone marks x 100 bins -> expressed or not", o => new DeepChromeModel(o), ("published", DeepChromeOptions.Published)),
        Entry<AttentiveChromeModel, AttentiveChromeOptions>("attentivechrome", "bin- and mark-level BiLSTMs with attention over histone marks", o => new AttentiveChromeModel(o), ("published", AttentiveChromeOptions.Published)),
        Entry<DeepDifEModel, DeepDifEOptions>("deepdife", "promoter CNN for differential expression (one-hot DNA)", o => new DeepDifEModel(o), ("published", DeepDifEOptions.Published)),
        Entry<CnnGruModel, CnnGruOptions>("cnngru", "CNN + GRU over mRNA: half-life or mean ribosome load", o => new CnnGruModel(o), ("halflife", CnnGruOptions.HalfLife), ("mrl", CnnGruOptions.MeanRibosomeLoad)),
        Entry<PairedAlleleModel, PairedAlleleOptions>("pairedallele", "multi-head residual CNN on paired alleles (counts per allele + ratio)", o => new PairedAlleleModel(o), ("atac", PairedAlleleOptions.Atac), ("chip", PairedAlleleOptions.Chip)),
        Entry<SingleAlleleModel, PairedAlleleOptions>("singleallele", "one allele of the paired-allele trunk with a single count head", o => new SingleAlleleModel(o), ("atac", PairedAlleleOptions.Atac), ("chip", PairedAlleleOptions.Chip)),
        Entry<BassetModel, BassetOptions>("basset", "Basset: 3 conv + 2 dense layers, 164 chromatin accessibility targets", o => new BassetModel(o), ("published", BassetOptions.Published)),
        Entry<DeepCbaModel, DeepCbaOptions>("deepcba", "DeepCBA-class CNN with attention", o => new DeepCbaModel(o), ("published", DeepCbaOptions.Published), ("small", DeepCbaOptions.Small)),
        Entry<NeuronMotifDemoModel, NeuronMotifDemoOptions>("neuronmotif-demo", "the two toy CNNs of NeuronMotif's simulations", o => new NeuronMotifDemoModel(o), ("demo1", NeuronMotifDemoOptions.Demo1), ("demo2", NeuronMotifDemoOptions.Demo2)),
    ];

    /// <summary>Every architecture, in a stable order.</summary>
    public static IReadOnlyList<ModelCatalogEntry> Entries => All;

    /// <summary>Finds an architecture by its short name or module type name (case-insensitive).</summary>
    /// <param name="name">For example "basset" or "BassetModel".</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentException">No architecture has that name; the message lists the known names.</exception>
    public static ModelCatalogEntry Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(e.ModelType.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown architecture '{name}'; known architectures: {string.Join(", ", All.Select(e => e.Name))}.", nameof(name));
    }

    /// <summary>Builds an architecture from a named preset.</summary>
    /// <param name="name">The architecture's short name.</param>
    /// <param name="preset">The preset; null for the architecture's default.</param>
    /// <returns>A new model.</returns>
    public static ISequenceModel Create(string name, string? preset = null) => Get(name).Create(preset);

    /// <summary>
    /// Saves a zoo model with its options and architecture name (<see cref="Checkpoint.SaveModel"/>), so <see cref="Load"/>
    /// can rebuild it.
    /// </summary>
    /// <param name="path">The checkpoint file (written atomically).</param>
    /// <param name="model">A zoo model.</param>
    /// <param name="metadata">Extra metadata; optional.</param>
    /// <exception cref="ArgumentException">The model is not a zoo architecture built from options.</exception>
    public static void Save(string path, ISequenceModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var entry = All.FirstOrDefault(e => e.ModelType == model.Module.GetType())
            ?? throw new ArgumentException($"{model.Module.GetType().Name} is not a model-zoo architecture; use Checkpoint.Save.", nameof(model));
        if ((model as IConfiguredModel ?? model.Module as IConfiguredModel)?.Options is null)
        {
            throw new ArgumentException($"{entry.ModelType.Name} does not expose its options.", nameof(model));
        }

        Checkpoint.SaveModel(path, model, metadata);
    }

    /// <summary>Rebuilds a zoo model from a checkpoint: its architecture (from metadata or the stored options type), options and weights.</summary>
    /// <param name="path">A checkpoint written by the trainer, <see cref="Save"/> or <see cref="Checkpoint.Save"/> with the model's options.</param>
    /// <param name="architecture">The architecture name, needed only when the checkpoint does not say and its options type is shared (paired/single allele).</param>
    /// <returns>The model with the saved weights, on the CPU.</returns>
    /// <exception cref="CheckpointCorruptException">The file is not a valid checkpoint.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint holds no options, or its architecture cannot be determined.</exception>
    /// <exception cref="CheckpointMismatchException">The weights do not fit the architecture.</exception>
    /// <remarks>
    /// A PyTorch weight file (<see cref="PyTorchWeights.Extensions"/>: .pt, .pth, .bin, .ckpt, .safetensors) records no
    /// architecture or options: <paramref name="architecture"/> is then required, as <c>name</c> or <c>name:preset</c>
    /// (the default preset otherwise), and the weights are read by <see cref="LoadPyTorch"/>.
    /// </remarks>
    /// <exception cref="PyTorchWeightsException">A PyTorch weight file is not readable.</exception>
    public static ISequenceModel Load(string path, string? architecture = null)
    {
        if (PyTorchWeights.IsPyTorchFile(path))
        {
            return LoadPyTorchByName(path, architecture);
        }

        var file = Checkpoint.Read(path);
        ModelCatalogEntry entry;
        if (architecture is not null)
        {
            entry = Get(architecture);
        }
        else if (file.Metadata.TryGetValue(CheckpointMetadata.Architecture, out var stored))
        {
            entry = Get(stored);
        }
        else
        {
            var candidates = All.Where(e => string.Equals(e.OptionsType.FullName, file.OptionsTypeName, StringComparison.Ordinal)).ToArray();
            entry = candidates.Length switch
            {
                1 => candidates[0],
                0 => throw new InvalidOperationException($"{path}: the checkpoint's options type '{file.OptionsTypeName ?? "(none)"}' is not a model-zoo architecture."),
                _ => throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{path}: options type {file.OptionsTypeName} is shared by {string.Join(", ", candidates.Select(c => c.Name))}; name the architecture.")),
            };
        }

        var options = typeof(CheckpointFile).GetMethod(nameof(CheckpointFile.GetOptions))!.MakeGenericMethod(entry.OptionsType).Invoke(file, BindingFlags.DoNotWrapExceptions, null, null, CultureInfo.InvariantCulture)!;
        var model = entry.Build(options);
        try
        {
            file.LoadInto(model.Module);
            return model;
        }
        catch
        {
            model.Module.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Builds a zoo architecture and loads PyTorch weights into it (<see cref="PyTorchWeights.LoadInto(ISequenceModel, string, string?)"/>):
    /// a state dict in the original's names or this library's, from torch.save, Lightning .ckpt or safetensors files.
    /// </summary>
    /// <param name="path">The weight file.</param>
    /// <param name="architecture">The architecture's short or module type name.</param>
    /// <param name="options">The options the weights were trained with (an object of the entry's <see cref="ModelCatalogEntry.OptionsType"/>); null for the default preset.</param>
    /// <returns>The model with the loaded weights, on the CPU.</returns>
    /// <exception cref="ArgumentException">The architecture is unknown, or the options are of another type.</exception>
    /// <exception cref="PyTorchWeightsException">The file is not readable.</exception>
    /// <exception cref="CheckpointMismatchException">The weights do not fit the architecture built from the options.</exception>
    public static ISequenceModel LoadPyTorch(string path, string architecture, object? options = null)
    {
        var entry = Get(architecture);
        if (options is not null && !entry.OptionsType.IsInstanceOfType(options))
        {
            throw new ArgumentException($"Architecture '{entry.Name}' takes {entry.OptionsType.Name}, not {options.GetType().Name}.", nameof(options));
        }

        return WithPyTorchWeights(options is null ? entry.Create() : entry.Build(options), path);
    }

    private static ISequenceModel LoadPyTorchByName(string path, string? architecture)
    {
        if (string.IsNullOrWhiteSpace(architecture))
        {
            throw new InvalidOperationException($"{path}: a PyTorch state dict does not record its architecture; name it (--architecture NAME or NAME:PRESET, see 'genomics models').");
        }

        var colon = architecture.IndexOf(':', StringComparison.Ordinal);
        var entry = Get(colon < 0 ? architecture : architecture[..colon]);
        return WithPyTorchWeights(entry.Create(colon < 0 ? null : architecture[(colon + 1)..]), path);
    }

    /// <summary>Loads PyTorch weights into a freshly built model, disposing it when they do not load.</summary>
    private static ISequenceModel WithPyTorchWeights(ISequenceModel model, string path)
    {
        try
        {
            PyTorchWeights.LoadInto(model, path);
            return model;
        }
        catch
        {
            model.Module.Dispose();
            throw;
        }
    }

    private static ModelCatalogEntry Entry<TModel, TOptions>(string name, string description, Func<TOptions, TModel> build, params (string Name, TOptions Options)[] presets)
        where TModel : ISequenceModel
        where TOptions : class
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (presetName, options) in presets)
        {
            map[presetName] = options;
        }

        return new ModelCatalogEntry(name, typeof(TModel), typeof(TOptions), description, map, o => build((TOptions)o));
    }
}
