using System.Globalization;
using Genomics.Models.Abstractions;
using Genomics.Models.Encoding;
using Genomics.Models.IO;
using static TorchSharp.torch;

namespace Genomics.Cli;

/// <summary>The original tools' data files as CLI inputs: DeepAllele's and CombMotif's HDF5 files, CombMotif's MRL table.</summary>
internal static class OriginalData
{
    /// <summary>Whether a .csv file's header names the MRL table's utr, rl and total_reads columns.</summary>
    public static bool IsRibosomeLoadTable(string path)
    {
        if (!Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',').Select(c => c.Trim().Trim('"')).ToArray() ?? [];
        return header.Contains("utr") && header.Contains("rl") && header.Contains("total_reads");
    }

    public static InputData LoadHdf5(string path, SequenceInputSpec spec, bool requireLabels, int labelColumns, string split, string? condition) =>
        Hdf5DataFormats.Identify(path) switch
        {
            Hdf5DataLayout.AllelePairs => LoadAllelePairs(path, spec, requireLabels, labelColumns, condition),
            Hdf5DataLayout.HalfLife => LoadHalfLife(path, spec, requireLabels, labelColumns, split),
            _ => throw new DataFormatException(path, null, "an HDF5 input must be DeepAllele's allele-pair file (B6_sequence, Cast_sequence, ...) or CombMotif's half-life file (train_sequence, train_label, ...)."),
        };

    /// <summary>
    /// A paired model (8 input tracks: both alleles stacked) takes each peak once with targets first count, second count,
    /// ratio; a one-hot model of 4 channels takes both alleles as separate examples (first alleles, then second alleles)
    /// with each allele's count, as DeepAllele trains its single-allele model.
    /// </summary>
    private static InputData LoadAllelePairs(string path, SequenceInputSpec spec, bool requireLabels, int labelColumns, string? condition)
    {
        var data = AllelePairDataset.Read(path);
        CheckLength(path, spec, data.Length);
        var ids = data.PeakNames ?? [.. Enumerable.Range(0, data.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"peak{i}"))];
        if (requireLabels && (condition is null ? data.Conditions.Count > 1 : !data.Conditions.Contains(condition)))
        {
            throw new DataFormatException(path, null, condition is null
                ? $"the file holds the conditions {string.Join(", ", data.Conditions)}; choose one with --condition."
                : $"the file has no condition '{condition}' (it holds {string.Join(", ", data.Conditions.Select(c => c.Length == 0 ? "B6_counts/Cast_counts/ratio" : c))}).");
        }

        var k = data.Conditions.Count;
        var column = condition is null ? 0 : data.Conditions.ToList().IndexOf(condition);

        if (spec.Kind == InputKind.Tracks && spec.Channels == 8)
        {
            if (requireLabels && labelColumns != 3)
            {
                throw new DataFormatException(path, null, $"the file gives 3 targets per peak (first count, second count, ratio); the model has {labelColumns}.");
            }

            return InputData.Create(ids, data.StackedTensor(), requireLabels ? data.TargetsTensor(condition) : null, null);
        }

        if (spec.Kind == InputKind.OneHot && spec.Channels == 4)
        {
            if (requireLabels && labelColumns != 1)
            {
                throw new DataFormatException(path, null, $"a single-allele model takes one count per allele; the model has {labelColumns} targets.");
            }

            using var first = data.FirstTensor();
            using var second = data.SecondTensor();
            Tensor? labels = null;
            if (requireLabels)
            {
                var counts = new float[2 * data.Count];
                for (var i = 0; i < data.Count; i++)
                {
                    counts[i] = data.FirstCounts[(i * k) + column];
                    counts[data.Count + i] = data.SecondCounts[(i * k) + column];
                }

                labels = tensor(counts, [2L * data.Count, 1]);
            }

            return InputData.Create([.. ids.Select(i => i + "/first"), .. ids.Select(i => i + "/second")], cat([first, second], 0), labels, null);
        }

        throw new DataFormatException(path, null, $"allele pairs feed a paired model (8 tracks) or a single-allele one-hot model; this model takes {spec.Channels} {spec.Kind} channels.");
    }

    private static InputData LoadHalfLife(string path, SequenceInputSpec spec, bool requireLabels, int labelColumns, string split)
    {
        var data = HalfLifeDataset.Read(path);
        var chosen = split switch
        {
            "valid" => data.Valid ?? throw new DataFormatException(path, null, "the file has no validation split (valid_sequence, valid_label)."),
            "test" => data.Test ?? data.Train,
            _ => data.Train,
        };
        if (chosen.Channels != spec.Channels)
        {
            throw new DataFormatException(path, null, $"the {chosen.Name} split has {chosen.Channels} channels; the model expects {spec.Channels}.");
        }

        CheckLength(path, spec, chosen.Length);
        if (requireLabels && labelColumns != 1)
        {
            throw new DataFormatException(path, null, $"the file gives one label per transcript; the model has {labelColumns} targets.");
        }

        var ids = Enumerable.Range(0, chosen.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{chosen.Name}{i}")).ToArray();
        return InputData.Create(ids, chosen.InputsTensor(), requireLabels ? chosen.LabelsTensor() : null, null);
    }

    /// <summary>Every row: the first L nt of its UTR (shorter ones padded with N), label rl as in the file.</summary>
    public static InputData LoadRibosomeLoadTable(string path, SequenceInputSpec spec, bool requireLabels, int labelColumns)
    {
        var table = RibosomeLoadTable.Read(path);
        if (requireLabels && labelColumns != 1)
        {
            throw new DataFormatException(path, null, $"the table gives one label (rl) per UTR; the model has {labelColumns} targets.");
        }

        var length = spec.Length ?? RibosomeLoadTable.CombMotifLength;
        var rows = Enumerable.Range(0, table.Count).ToArray();
        var sequences = table.Utrs.Select(u => u.Length >= length ? u[..length] : u.PadRight(length, 'N')).Select(u => u.ToUpperInvariant()).ToArray();
        var ids = rows.Select(i => string.Create(CultureInfo.InvariantCulture, $"row{i + 1}")).ToArray();
        return InputData.Create(ids, OneHotEncoder.Encode(sequences), requireLabels ? table.TargetsTensor(rows) : null, sequences);
    }

    private static void CheckLength(string path, SequenceInputSpec spec, int length)
    {
        if (spec.Length is int expected && expected != length)
        {
            throw new DataFormatException(path, null, string.Create(CultureInfo.InvariantCulture, $"the sequences are {length} long; the model expects {expected}."));
        }
    }
}
