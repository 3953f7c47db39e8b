using System.Globalization;
using Genomics.Models.Data;
using static TorchSharp.torch;

namespace Genomics.Models.IO;

/// <summary>
/// DeepAllele's paired-allele data (the HDF5 files its preprocessing scripts write): the two alleles of each peak as
/// one-hot sequences, each allele's log count and their log ratio, per condition, and the peak names.
/// </summary>
/// <remarks>
/// <para>
/// File layout read (Muquesting/DeepAllele-public, <c>atac_preprocess.py</c> and <c>data.load_h5</c>):
/// <c>B6_sequence</c> and <c>Cast_sequence</c> (N, L, 4) one-hot (float64 as written; any numeric type is read),
/// zero-padded on the right where an allele is shorter; <c>peak_name</c> (N) strings such as <c>chr16-123-456</c>,
/// optional; and the targets in one of two layouts: <c>B6_counts</c>, <c>Cast_counts</c>, <c>ratio</c> (N), or per
/// condition <c>&lt;cond&gt;.B6</c>, <c>&lt;cond&gt;.CAST</c>, <c>&lt;cond&gt;.ratio</c> (e.g. <c>sum.B6</c>). Counts
/// are ln(1 + reads) and ratio ln((1 + first) / (1 + second)); other datasets are ignored. The first allele is the
/// reference strain (B6), the second the other strain (CAST, PWK or SPRET).
/// </para>
/// <para>
/// Held in the library's layout: sequences (N, 4, L) float32 per allele (<see cref="StackedTensor"/> gives
/// <see cref="Architectures.PairedAllele.PairedAlleleModel"/>'s (N, 8, L) input), targets (N, 3) float32 as first
/// count, second count, ratio (<see cref="Architectures.PairedAllele.PairedAlleleTraining"/>'s targets). DeepAllele
/// validates on the peaks of chromosomes 16, 17 and 18:
/// <c>DataSplits.HoldOutChromosomes(data.Chromosomes(), ["chr16", "chr17", "chr18"], [])</c>, then
/// <see cref="Subset"/>.
/// </para>
/// </remarks>
public sealed class AllelePairDataset
{
    /// <summary>The condition name of the single-condition layout (<c>B6_counts</c>, <c>Cast_counts</c>, <c>ratio</c>): the empty string.</summary>
    public const string SingleCondition = "";

    private AllelePairDataset(IReadOnlyList<string>? peakNames, int count, int length, float[] first, float[] second,
        IReadOnlyList<string> conditions, float[] firstCounts, float[] secondCounts, float[] ratios)
    {
        PeakNames = peakNames;
        Count = count;
        Length = length;
        First = first;
        Second = second;
        Conditions = conditions;
        FirstCounts = firstCounts;
        SecondCounts = secondCounts;
        Ratios = ratios;
    }

    /// <summary>Gets the peak names in file order, or null when the file has no <c>peak_name</c> dataset.</summary>
    public IReadOnlyList<string>? PeakNames { get; }

    /// <summary>Gets the number of peaks N.</summary>
    public int Count { get; }

    /// <summary>Gets the sequence length L (the longer allele; the shorter is zero-padded on the right).</summary>
    public int Length { get; }

    /// <summary>Gets the first alleles (B6), (N, 4, L) in C order: peak n, base c (A, C, G, T), position l at (n × 4 + c) × L + l. Shared: do not modify.</summary>
    public float[] First { get; }

    /// <summary>Gets the second alleles (CAST, PWK or SPRET) in the layout of <see cref="First"/>. Shared: do not modify.</summary>
    public float[] Second { get; }

    /// <summary>Gets the conditions K in file order (<c>sum</c>, <c>sc</c>, …), or the single <see cref="SingleCondition"/>.</summary>
    public IReadOnlyList<string> Conditions { get; }

    /// <summary>Gets the first allele's ln(1 + reads), (N, K): peak n, condition k at n × K + k. Shared: do not modify.</summary>
    public float[] FirstCounts { get; }

    /// <summary>Gets the second allele's ln(1 + reads), (N, K). Shared: do not modify.</summary>
    public float[] SecondCounts { get; }

    /// <summary>Gets ln((1 + first reads) / (1 + second reads)), (N, K). Shared: do not modify.</summary>
    public float[] Ratios { get; }

    /// <summary>The first alleles as an (N, 4, L) float32 tensor.</summary>
    /// <returns>A new tensor; the caller disposes it.</returns>
    public Tensor FirstTensor() => tensor(First, [Count, 4, Length]);

    /// <summary>The second alleles as an (N, 4, L) float32 tensor.</summary>
    /// <returns>A new tensor; the caller disposes it.</returns>
    public Tensor SecondTensor() => tensor(Second, [Count, 4, Length]);

    /// <summary>Both alleles stacked along the channels, (N, 8, L) float32: the input of <c>PairedAlleleModel</c>.</summary>
    /// <returns>A new tensor; the caller disposes it.</returns>
    public Tensor StackedTensor()
    {
        var stacked = new float[First.Length * 2];
        var block = 4 * Length;
        for (var n = 0; n < Count; n++)
        {
            Array.Copy(First, n * block, stacked, 2 * n * block, block);
            Array.Copy(Second, n * block, stacked, ((2 * n) + 1) * block, block);
        }

        return tensor(stacked, [Count, 8, Length]);
    }

    /// <summary>The targets of one condition as (N, 3) float32 values: first count, second count, ratio.</summary>
    /// <param name="condition">A name from <see cref="Conditions"/>; null for the only condition.</param>
    /// <returns>A new array, (N, 3) in C order.</returns>
    /// <exception cref="ArgumentException">The condition is unknown, or null while the file has several.</exception>
    public float[] Targets(string? condition = null)
    {
        var k = ConditionIndex(condition);
        var width = Conditions.Count;
        var targets = new float[Count * 3];
        for (var n = 0; n < Count; n++)
        {
            targets[3 * n] = FirstCounts[(n * width) + k];
            targets[(3 * n) + 1] = SecondCounts[(n * width) + k];
            targets[(3 * n) + 2] = Ratios[(n * width) + k];
        }

        return targets;
    }

    /// <summary>The targets of one condition as an (N, 3) float32 tensor: first count, second count, ratio.</summary>
    /// <param name="condition">A name from <see cref="Conditions"/>; null for the only condition.</param>
    /// <returns>A new tensor; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The condition is unknown, or null while the file has several.</exception>
    public Tensor TargetsTensor(string? condition = null) => tensor(Targets(condition), [Count, 3]);

    /// <summary>The chromosome of every peak, parsed from its name (<c>chr16-123-456</c> → <c>chr16</c>), for <see cref="DataSplits.HoldOutChromosomes"/>.</summary>
    /// <returns>One chromosome per peak.</returns>
    /// <exception cref="InvalidOperationException">The file had no peak names.</exception>
    /// <exception cref="ArgumentException">A peak name has no chromosome (see <see cref="ChromosomeNames"/>).</exception>
    public string[] Chromosomes() =>
        ChromosomeNames.ParseAll(PeakNames ?? throw new InvalidOperationException("The file has no 'peak_name' dataset, so peaks cannot be split by chromosome; use DataSplits.Random."));

    /// <summary>The peaks at the given indices, in that order.</summary>
    /// <param name="indices">Peak indices, each in [0, <see cref="Count"/>).</param>
    /// <returns>A new dataset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="indices"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public AllelePairDataset Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var block = 4 * Length;
        var k = Conditions.Count;
        var first = new float[indices.Count * block];
        var second = new float[indices.Count * block];
        var firstCounts = new float[indices.Count * k];
        var secondCounts = new float[indices.Count * k];
        var ratios = new float[indices.Count * k];
        for (var i = 0; i < indices.Count; i++)
        {
            var n = indices[i];
            if ((uint)n >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), n, $"Index {i} is {n}, outside [0, {Count}).");
            }

            Array.Copy(First, n * block, first, i * block, block);
            Array.Copy(Second, n * block, second, i * block, block);
            Array.Copy(FirstCounts, n * k, firstCounts, i * k, k);
            Array.Copy(SecondCounts, n * k, secondCounts, i * k, k);
            Array.Copy(Ratios, n * k, ratios, i * k, k);
        }

        var names = PeakNames is null ? null : (IReadOnlyList<string>)[.. indices.Select(n => PeakNames[n])];
        return new AllelePairDataset(names, indices.Count, Length, first, second, Conditions, firstCounts, secondCounts, ratios);
    }

    /// <summary>Reads a DeepAllele HDF5 file.</summary>
    /// <param name="path">The <c>.h5</c>/<c>.hdf5</c> file.</param>
    /// <returns>The peaks, fully in memory (the file is closed on return).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Hdf5DataException">
    /// The file is not HDF5; a sequence dataset is missing or not (N, L, 4); the alleles' shapes differ; there are no
    /// targets in either layout; or a target or name dataset does not hold N values. The message names the dataset.
    /// </exception>
    public static AllelePairDataset Read(string path) => Hdf5DataFile.Read(path, "DeepAllele data file", ReadOpen);

    private static AllelePairDataset ReadOpen(Hdf5DataFile file)
    {
        var (firstRaw, firstShape) = file.ReadSingles("B6_sequence");
        if (firstShape.Length != 3 || firstShape[2] != 4 || firstShape[0] > int.MaxValue || firstShape[1] > int.MaxValue)
        {
            throw file.Error("B6_sequence", $"has shape {Format(firstShape)}; expected (N, L, 4) one-hot sequences");
        }

        var (secondRaw, secondShape) = file.ReadSingles("Cast_sequence");
        if (!secondShape.SequenceEqual(firstShape))
        {
            throw file.Error("Cast_sequence", $"has shape {Format(secondShape)} but B6_sequence has {Format(firstShape)}; pad the shorter allele with zeros on the right");
        }

        var n = (int)firstShape[0];
        var length = (int)firstShape[1];
        IReadOnlyList<string>? names = null;
        if (file.Has("peak_name"))
        {
            var read = file.ReadStrings("peak_name");
            names = read.Length == n ? read : throw file.Error("peak_name", $"holds {read.Length} names for {n} sequences");
        }

        var conditions = FindConditions(file);
        var k = conditions.Count;
        var firstCounts = new float[n * k];
        var secondCounts = new float[n * k];
        var ratios = new float[n * k];
        for (var c = 0; c < k; c++)
        {
            var (first, second, ratio) = conditions[c] == SingleCondition
                ? ("B6_counts", "Cast_counts", "ratio")
                : ($"{conditions[c]}.B6", $"{conditions[c]}.CAST", $"{conditions[c]}.ratio");
            Column(file, first, n, firstCounts, c, k);
            Column(file, second, n, secondCounts, c, k);
            Column(file, ratio, n, ratios, c, k);
        }

        return new AllelePairDataset(names, n, length, ChannelsFirst(firstRaw, n, length), ChannelsFirst(secondRaw, n, length), conditions, firstCounts, secondCounts, ratios);
    }

    private int ConditionIndex(string? condition)
    {
        if (condition is null)
        {
            return Conditions.Count == 1
                ? 0
                : throw new ArgumentException($"The data has {Conditions.Count} conditions ({string.Join(", ", Conditions)}); name one.", nameof(condition));
        }

        var index = Conditions.ToList().IndexOf(condition);
        return index >= 0 ? index : throw new ArgumentException($"No condition '{condition}'; the data has {string.Join(", ", Conditions.Select(c => $"'{c}'"))}.", nameof(condition));
    }

    private static List<string> FindConditions(Hdf5DataFile file)
    {
        if (file.Has("B6_counts") || file.Has("Cast_counts"))
        {
            return [SingleCondition];
        }

        var names = file.DatasetNames();
        var found = names
            .Where(name => name.EndsWith(".B6", StringComparison.Ordinal) && name.Length > 3)
            .Select(name => name[..^3])
            .Where(c => names.Contains($"{c}.CAST") && names.Contains($"{c}.ratio"))
            .ToList();
        return found.Count > 0
            ? found
            : throw file.Error(null, "holds no targets: expected 'B6_counts', 'Cast_counts' and 'ratio', or '<condition>.B6', '<condition>.CAST' and '<condition>.ratio' datasets");
    }

    private static void Column(Hdf5DataFile file, string name, int n, float[] destination, int column, int width)
    {
        var (values, shape) = file.ReadSingles(name);
        if (values.Length != n || shape.Length is not (1 or 2))
        {
            throw file.Error(name, string.Create(CultureInfo.InvariantCulture, $"holds {values.Length} values of shape {Format(shape)}; expected one per sequence ({n})"));
        }

        for (var i = 0; i < n; i++)
        {
            destination[(i * width) + column] = values[i];
        }
    }

    /// <summary>(N, L, 4) → (N, 4, L).</summary>
    internal static float[] ChannelsFirst(float[] values, int n, int length)
    {
        var result = new float[values.Length];
        for (var i = 0; i < n; i++)
        {
            var offset = i * length * 4;
            for (var l = 0; l < length; l++)
            {
                for (var c = 0; c < 4; c++)
                {
                    result[offset + (c * length) + l] = values[offset + (l * 4) + c];
                }
            }
        }

        return result;
    }

    private static string Format(ulong[] shape) => "(" + string.Join(", ", shape) + ")";
}
