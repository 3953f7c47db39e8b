using System.Globalization;
using static TorchSharp.torch;

namespace Genomics.Models.IO;

/// <summary>One split of CombMotif's half-life data: inputs (N, C, L) and one label per transcript.</summary>
public sealed class HalfLifeSplit
{
    internal HalfLifeSplit(string name, int count, int channels, int length, float[] inputs, float[] labels)
    {
        Name = name;
        Count = count;
        Channels = channels;
        Length = length;
        Inputs = inputs;
        Labels = labels;
    }

    /// <summary>Gets the split's name: <c>train</c>, <c>valid</c> or <c>test</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the number of transcripts N.</summary>
    public int Count { get; }

    /// <summary>Gets the number of input channels C (6 in Saluki's data: A, C, G, T, coding frame, splice sites).</summary>
    public int Channels { get; }

    /// <summary>Gets the input length L (12,288 in Saluki's data).</summary>
    public int Length { get; }

    /// <summary>Gets the inputs, (N, C, L) in C order. Shared: do not modify.</summary>
    public float[] Inputs { get; }

    /// <summary>Gets the labels (the half-life targets), N values. Shared: do not modify.</summary>
    public float[] Labels { get; }

    /// <summary>The inputs as an (N, C, L) float32 tensor: the input of the <c>cnngru</c> half-life preset.</summary>
    /// <returns>A new tensor; the caller disposes it.</returns>
    public Tensor InputsTensor() => tensor(Inputs, [Count, Channels, Length]);

    /// <summary>The labels as an (N, 1) float32 tensor, the trainer's targets for a one-output model.</summary>
    /// <returns>A new tensor; the caller disposes it.</returns>
    public Tensor LabelsTensor() => tensor(Labels, [Count, 1]);
}

/// <summary>
/// CombMotif's mRNA half-life data (SEEDS-SPEC §3.3): the HDF5 file its <c>generate_halflife_data.py</c> writes from
/// Saluki's basenji RNA dataset (Agarwal and Kelley 2022, zenodo 6326409).
/// </summary>
/// <remarks>
/// Layout: <c>train_sequence</c>, <c>valid_sequence</c>, <c>test_sequence</c> (N, 6, 12288) — already channels first,
/// as the script transposes basenji's (N, L, C) — and <c>train_label</c>, <c>valid_label</c>, <c>test_label</c> (N)
/// (or (N, 1)). Any numeric type is read as float32; any C and L are accepted (the model checks its own).
/// <c>train_*</c> is required; <c>valid_*</c> and <c>test_*</c> are read when present.
/// </remarks>
public sealed class HalfLifeDataset
{
    private HalfLifeDataset(HalfLifeSplit train, HalfLifeSplit? valid, HalfLifeSplit? test)
    {
        Train = train;
        Valid = valid;
        Test = test;
    }

    /// <summary>Gets the training split.</summary>
    public HalfLifeSplit Train { get; }

    /// <summary>Gets the validation split, or null when the file has none.</summary>
    public HalfLifeSplit? Valid { get; }

    /// <summary>Gets the test split, or null when the file has none.</summary>
    public HalfLifeSplit? Test { get; }

    /// <summary>Reads a CombMotif half-life HDF5 file.</summary>
    /// <param name="path">The <c>.h5</c> file.</param>
    /// <returns>The splits, fully in memory (the file is closed on return).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Hdf5DataException">
    /// The file is not HDF5; <c>train_sequence</c> or <c>train_label</c> is missing; a split has only one of its two
    /// datasets; a sequence dataset is not (N, C, L); the labels are not one per sequence; or the splits' C and L differ.
    /// </exception>
    public static HalfLifeDataset Read(string path) => Hdf5DataFile.Read(path, "Half-life data file", ReadOpen);

    private static HalfLifeDataset ReadOpen(Hdf5DataFile file)
    {
        var train = ReadSplit(file, "train") ?? throw file.Error("train_sequence", "the dataset is missing (a half-life file holds train_sequence and train_label, and optionally valid_* and test_*)");
        var valid = ReadSplit(file, "valid");
        var test = ReadSplit(file, "test");
        foreach (var split in new[] { valid, test })
        {
            if (split is not null && (split.Channels != train.Channels || split.Length != train.Length))
            {
                throw file.Error($"{split.Name}_sequence", $"has {split.Channels} x {split.Length} inputs but train_sequence has {train.Channels} x {train.Length}");
            }
        }

        return new HalfLifeDataset(train, valid, test);
    }

    private static HalfLifeSplit? ReadSplit(Hdf5DataFile file, string name)
    {
        var sequenceName = $"{name}_sequence";
        var labelName = $"{name}_label";
        var hasSequences = file.Has(sequenceName);
        var hasLabels = file.Has(labelName);
        if (!hasSequences && !hasLabels)
        {
            return null;
        }

        if (!hasSequences || !hasLabels)
        {
            var missing = hasSequences ? labelName : sequenceName;
            throw file.Error(missing, $"the dataset is missing while '{(hasSequences ? sequenceName : labelName)}' is present");
        }

        var (inputs, shape) = file.ReadSingles(sequenceName);
        if (shape.Length != 3 || shape.Any(d => d > int.MaxValue))
        {
            throw file.Error(sequenceName, $"has shape ({string.Join(", ", shape)}); expected (N, C, L)");
        }

        var (labels, labelShape) = file.ReadSingles(labelName);
        var n = (int)shape[0];
        if (labels.Length != n || labelShape.Length is not (1 or 2))
        {
            throw file.Error(labelName, string.Create(CultureInfo.InvariantCulture, $"holds {labels.Length} labels of shape ({string.Join(", ", labelShape)}) for {n} sequences"));
        }

        return new HalfLifeSplit(name, n, (int)shape[1], (int)shape[2], inputs, labels);
    }
}
