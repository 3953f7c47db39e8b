using System.Globalization;
using System.Text.Json.Serialization;

namespace Genomics.Models.Architectures.Basset;

/// <summary>
/// Hyper-parameters of <see cref="BassetModel"/>; <see cref="Published"/> is the configuration of Kelley et al. (2016)
/// (davek44/Basset: <c>data/models/pretrained_params.txt</c>).
/// </summary>
/// <remarks>
/// Give target names (the cell types) with <c>BassetOptions.Published with { TargetNames = BassetOptions.ReadTargetNames(path) }</c>,
/// where <c>path</c> is Basset's <c>targets.txt</c>.
/// </remarks>
public sealed record BassetOptions
{
    /// <summary>
    /// The published configuration: 600 bp input; convolutions of 300, 200, 200 filters of widths 19, 11, 7, each followed
    /// by batch normalisation, ReLU and max-pooling of 3, 4, 4; two hidden layers of 1000 units with batch
    /// normalisation, ReLU and dropout 0.3; 164 sigmoid targets.
    /// </summary>
    public static BassetOptions Published { get; } = new();

    /// <summary>Input length L in bases. Default 600.</summary>
    public int InputLength { get; init; } = 600;

    /// <summary>Filters of each convolution layer. Default 300, 200, 200.</summary>
    public IReadOnlyList<int> ConvFilters { get; init; } = [300, 200, 200];

    /// <summary>Width of each convolution layer (valid convolutions, stride 1); one per layer. Default 19, 11, 7.</summary>
    public IReadOnlyList<int> ConvWidths { get; init; } = [19, 11, 7];

    /// <summary>Max-pool window (= stride, floor mode) after each convolution layer; 1 means no pooling. Default 3, 4, 4.</summary>
    public IReadOnlyList<int> PoolWidths { get; init; } = [3, 4, 4];

    /// <summary>Units of each fully connected hidden layer. Default 1000, 1000.</summary>
    public IReadOnlyList<int> HiddenUnits { get; init; } = [1000, 1000];

    /// <summary>Dropout probability after each hidden layer, each in [0, 1); one per hidden layer. Default 0.3, 0.3.</summary>
    public IReadOnlyList<double> HiddenDropouts { get; init; } = [0.3, 0.3];

    /// <summary>
    /// Batch-normalise the hidden fully connected layers (between Linear and ReLU), as Basset's Torch7 code does with its
    /// default <c>batch_normalize = true</c>. Default true. Convolution layers are always batch-normalised.
    /// </summary>
    public bool HiddenBatchNorm { get; init; } = true;

    /// <summary>Number of targets T (independent sigmoid outputs). Default 164.</summary>
    public int Targets { get; init; } = 164;

    /// <summary>
    /// Target names in output order, or null (default) for <c>target_0</c> … <c>target_{T−1}</c>. When given, there must be
    /// exactly <see cref="Targets"/> unique, non-blank names.
    /// </summary>
    public IReadOnlyList<string>? TargetNames { get; init; }

    /// <summary>Batch-normalisation epsilon. Default 1e-5 (Torch7 and PyTorch default).</summary>
    public double BatchNormEpsilon { get; init; } = 1e-5;

    /// <summary>Batch-normalisation momentum in PyTorch's convention, in (0, 1]. Default 0.1 (Torch7 and PyTorch default).</summary>
    public double BatchNormMomentum { get; init; } = 0.1;

    /// <summary>The length after each convolution-and-pool stage, in order (Published: 194, 46, 10).</summary>
    [JsonIgnore]
    public IReadOnlyList<int> StageLengths
    {
        get
        {
            var lengths = new List<int>();
            var length = InputLength;
            var count = Math.Min(ConvWidths?.Count ?? 0, PoolWidths?.Count ?? 0);
            for (var i = 0; i < count; i++)
            {
                length = (length - ConvWidths![i] + 1) / Math.Max(PoolWidths![i], 1);
                lengths.Add(length);
            }

            return lengths;
        }
    }

    /// <summary>Features entering the first hidden layer: last filters × last stage length (Published: 200 × 10 = 2000).</summary>
    [JsonIgnore]
    public int FlattenedFeatures => StageLengths.Count == 0 ? 0 : ConvFilters[^1] * StageLengths[^1];

    /// <summary>The target names in output order: <see cref="TargetNames"/> or generated names.</summary>
    /// <returns>T names.</returns>
    public IReadOnlyList<string> ResolveTargetNames() =>
        TargetNames ?? Enumerable.Range(0, Targets).Select(i => "target_" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Checks every property and throws naming the first invalid one.</summary>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range.</exception>
    public BassetOptions Validate()
    {
        if (InputLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(InputLength), InputLength, "InputLength must be at least 1.");
        }

        RequirePositive(ConvFilters, nameof(ConvFilters), minimumCount: 1);
        RequirePositive(ConvWidths, nameof(ConvWidths), ConvFilters.Count);
        RequirePositive(PoolWidths, nameof(PoolWidths), ConvFilters.Count);
        var stages = StageLengths;
        for (var i = 0; i < stages.Count; i++)
        {
            if (stages[i] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ConvWidths), $"Convolution {i} and pool {i} leave no positions of a {InputLength}-long input; use a longer input or smaller widths.");
            }
        }

        RequirePositive(HiddenUnits, nameof(HiddenUnits), minimumCount: 0);
        if (HiddenDropouts is null || HiddenDropouts.Count != HiddenUnits.Count || HiddenDropouts.Any(p => !(p >= 0 && p < 1)))
        {
            throw new ArgumentOutOfRangeException(nameof(HiddenDropouts), $"Give one dropout probability in [0, 1) per hidden layer ({HiddenUnits.Count}).");
        }

        if (Targets < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Targets), Targets, "Targets must be at least 1.");
        }

        if (TargetNames is not null && (TargetNames.Count != Targets || TargetNames.Any(string.IsNullOrWhiteSpace) || TargetNames.Distinct(StringComparer.Ordinal).Count() != TargetNames.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetNames), $"TargetNames must hold {Targets} unique, non-blank names (got {TargetNames.Count}); set Targets to the number of names.");
        }

        if (!(BatchNormEpsilon > 0) || !double.IsFinite(BatchNormEpsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchNormEpsilon), BatchNormEpsilon, "BatchNormEpsilon must be positive and finite.");
        }

        if (!(BatchNormMomentum > 0 && BatchNormMomentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchNormMomentum), BatchNormMomentum, "BatchNormMomentum must be in (0, 1].");
        }

        return this;
    }

    /// <summary>
    /// Reads target names from a Basset <c>targets.txt</c> file: one target per line, the name in the first
    /// tab-separated column (the peak-file column is ignored); blank lines are skipped.
    /// </summary>
    /// <param name="path">The file, e.g. davek44/Basset's <c>data/models/targets.txt</c> (164 names, 8988T first).</param>
    /// <returns>The names in file order (= output order).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or whitespace.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A line has an empty name, a name repeats, or the file holds no names; the message names the file and line.</exception>
    public static IReadOnlyList<string> ReadTargetNames(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Basset targets file '{path}' does not exist.", path);
        }

        var names = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var name = line.Split('\t')[0].Trim();
            if (name.Length == 0)
            {
                throw new FormatException($"{path}, line {lineNumber}: the first tab-separated column (the target name) is empty.");
            }

            if (seen.TryGetValue(name, out var first))
            {
                throw new FormatException($"{path}, line {lineNumber}: target name '{name}' repeats line {first}; names must be unique.");
            }

            seen[name] = lineNumber;
            names.Add(name);
        }

        if (names.Count == 0)
        {
            throw new FormatException($"{path}: the file holds no target names.");
        }

        return names;
    }

    private static void RequirePositive(IReadOnlyList<int>? values, string name, int? count = null, int minimumCount = 0)
    {
        if (values is null || values.Count < minimumCount || (count is int c && values.Count != c) || values.Any(v => v < 1))
        {
            var size = count is int n ? $"exactly {n}" : $"at least {minimumCount}";
            throw new ArgumentOutOfRangeException(name, $"{name} must hold {size} values, each at least 1.");
        }
    }
}
