using System.Globalization;
using Genomics.Models.Abstractions;
using Genomics.Models.Encoding;
using Genomics.Models.IO;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace Genomics.Cli;

/// <summary>Examples read from a file for a model: identifiers, inputs (N, C, L) and, when the file has them, labels (N, T).</summary>
internal sealed class InputData : IDisposable
{
    private InputData(IReadOnlyList<string> ids, Tensor inputs, Tensor? labels, IReadOnlyList<string>? sequences)
    {
        Ids = ids;
        Inputs = inputs;
        Labels = labels;
        Sequences = sequences;
    }

    public IReadOnlyList<string> Ids { get; }

    public Tensor Inputs { get; }

    public Tensor? Labels { get; }

    /// <summary>The fitted sequences (one-hot inputs only).</summary>
    public IReadOnlyList<string>? Sequences { get; }

    public int Count => Ids.Count;

    /// <summary>
    /// Reads FASTA (.fa, .fasta, .fna, optionally .gz) for one-hot models, or a histone-mark table (.csv) for track
    /// models. FASTA sequences are checked by <paramref name="policy"/> (letters, empty records, lengths) and its
    /// warnings go to <paramref name="logger"/>. Labels: for FASTA,
    /// whitespace-separated numbers after the identifier on the header line; for histone tables, the table's label
    /// column. The originals' data files are recognised too: HDF5 (.h5, .hdf5) in DeepAllele's allele-pair layout or
    /// CombMotif's half-life layout (the <paramref name="split"/> split; DeepAllele's targets of <paramref name="condition"/>), and, for one-hot models, CombMotif's
    /// mean-ribosome-load table (.csv with utr, rl and total_reads columns).
    /// </summary>
    public static InputData Load(string path, SequenceInputSpec spec, bool requireLabels, int labelColumns, SequencePolicy policy, ILogger logger, string split = "train", string? condition = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Input file not found: {path}", path);
        }

        if (IsHdf5(path))
        {
            return OriginalData.LoadHdf5(path, spec, requireLabels, labelColumns, split, condition);
        }

        if (spec.Kind == InputKind.OneHot && OriginalData.IsRibosomeLoadTable(path))
        {
            return OriginalData.LoadRibosomeLoadTable(path, spec, requireLabels, labelColumns);
        }

        return spec.Kind == InputKind.Tracks ? LoadTable(path, spec, requireLabels) : LoadFasta(path, spec, requireLabels, labelColumns, policy, logger);
    }

    /// <summary>Wraps examples read by another reader.</summary>
    internal static InputData Create(IReadOnlyList<string> ids, Tensor inputs, Tensor? labels, IReadOnlyList<string>? sequences) => new(ids, inputs, labels, sequences);

    private static InputData LoadTable(string path, SequenceInputSpec spec, bool requireLabels)
    {
        if (IsFasta(path))
        {
            throw new ArgumentException($"{path}: the model takes {spec.Channels} signal tracks; give a histone-mark table (.csv), not FASTA.", nameof(path));
        }

        var data = HistoneTableReader.Read(path);
        if (data.MarkCount != spec.Channels || (spec.Length is int bins && data.BinCount != bins))
        {
            throw new DataFormatException(path, 1, $"the table has {data.MarkCount} marks x {data.BinCount} bins; the model expects {spec.Channels} x {spec.Length?.ToString(CultureInfo.InvariantCulture) ?? "any"}.");
        }

        Tensor? labels = requireLabels ? data.LabelsTensor() : null;
        return new InputData(data.GeneIds, data.ToTensor(), labels, null);
    }

    private static InputData LoadFasta(string path, SequenceInputSpec spec, bool requireLabels, int targets, SequencePolicy policy, ILogger logger)
    {
        if (!IsFasta(path))
        {
            throw new ArgumentException($"{path}: the model takes one-hot sequences; give FASTA (.fa, .fasta, .fna, optionally .gz).", nameof(path));
        }

        var ids = new List<string>();
        var sequences = new List<string>();
        var labels = new List<float>();
        var record = 0;
        foreach (var r in FastaReader.Read(path))
        {
            record++;
            ids.Add(r.Id);
            sequences.Add(r.Sequence);
            if (requireLabels)
            {
                var fields = r.Description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != targets)
                {
                    throw new DataFormatException(path, null, $"record {record} ('{r.Id}') has {fields.Length} label(s) after its identifier; the model has {targets} target(s).");
                }

                foreach (var f in fields)
                {
                    if (!float.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v))
                    {
                        throw new DataFormatException(path, null, $"record {record} ('{r.Id}'): label '{f}' is not a finite number.");
                    }

                    labels.Add(v);
                }
            }
        }

        if (ids.Count == 0)
        {
            throw new DataFormatException(path, null, "the file holds no sequences.");
        }

        var prepared = policy.Apply(ids, sequences, spec.Length, path, logger).Sequences;
        if (spec.Length is null && prepared.Select(s => s.Length).Distinct().Count() > 1)
        {
            throw new DataFormatException(path, null, "the model accepts any length, but a batch needs equal lengths: give sequences of one length.");
        }

        var inputs = OneHotEncoder.Encode(prepared);
        var labelTensor = requireLabels ? tensor(labels.ToArray(), [ids.Count, targets]) : null;
        return new InputData(ids, inputs, labelTensor, prepared);
    }

    private static bool IsHdf5(string path) => Path.GetExtension(path).ToLowerInvariant() is ".h5" or ".hdf5";

    private static bool IsFasta(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var ext = Path.GetExtension(name).ToLowerInvariant();
        return ext is ".fa" or ".fasta" or ".fna" or ".fas";
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Labels?.Dispose();
    }
}
