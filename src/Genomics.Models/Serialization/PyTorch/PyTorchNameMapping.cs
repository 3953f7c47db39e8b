using System.Globalization;
using System.Text.RegularExpressions;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.Architectures.PairedAllele;

namespace Genomics.Models.Serialization.PyTorch;

/// <summary>How a tensor's shape differs between a model of this library and the original PyTorch layout.</summary>
public enum PyTorchShapeChange
{
    /// <summary>The shapes are equal.</summary>
    None,

    /// <summary>The original holds a column (n, 1) where this library holds a vector (n) (AttentiveChrome's context vectors).</summary>
    ColumnVector,

    /// <summary>
    /// The original may hold the same elements in another shape, read by reshaping (a PyTorch Basset port's Conv2d
    /// kernels (O, I, W, 1) for this library's Conv1d (O, I, W)); written in this library's shape.
    /// </summary>
    SameElements,
}

/// <summary>One renaming rule: a regular expression over this library's state-dict keys and the original's name.</summary>
/// <param name="Pattern">A regular expression matching whole keys of this library (anchored by the mapping).</param>
/// <param name="Replacement">The original's key, with <c>$1</c>, <c>$2</c> … for the pattern's groups.</param>
/// <param name="Shape">How the shapes differ.</param>
public sealed record PyTorchNameRule(string Pattern, string Replacement, PyTorchShapeChange Shape = PyTorchShapeChange.None);

/// <summary>
/// The names a zoo architecture's weights have in the original PyTorch code, where they differ from this library's
/// state-dict keys: applied when PyTorch weights are loaded (<see cref="PyTorchWeights.LoadInto(ISequenceModel, string, string?)"/>)
/// and written (<see cref="PyTorchWeights.Save"/>). Keys no rule matches keep their name.
/// </summary>
/// <remarks>
/// One mapping per architecture (<see cref="For"/>): AttentiveChrome v2's <c>att_chrome</c>, the common PyTorch Basset
/// port (<c>conv1</c>/<c>bn1</c> … <c>fc3</c>); DeepAllele's <c>SeparateMultiHeadResidualCNN</c> and CombMotif's
/// <c>saluki_torch</c> need none, since this library's modules already carry their names. The table is in
/// docs/guides/bring-your-own-model.md.
/// </remarks>
public sealed class PyTorchNameMapping
{
    private readonly (Regex Pattern, PyTorchNameRule Rule)[] _rules;

    /// <summary>Creates a mapping.</summary>
    /// <param name="original">The original PyTorch model the names come from (e.g. "AttentiveChrome v2 att_chrome"), or null for none.</param>
    /// <param name="rules">The renaming rules, tried in order; the first match wins.</param>
    public PyTorchNameMapping(string? original, IReadOnlyList<PyTorchNameRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Original = original;
        Rules = rules;
        _rules = rules.Select(r => (new Regex("^(?:" + r.Pattern + ")$", RegexOptions.CultureInvariant), r)).ToArray();
    }

    /// <summary>The original PyTorch model, or null when the architecture has no PyTorch original.</summary>
    public string? Original { get; }

    /// <summary>The rules; empty when the names are this library's own.</summary>
    public IReadOnlyList<PyTorchNameRule> Rules { get; }

    /// <summary>The original's name of one of this library's keys (the key itself when no rule matches).</summary>
    /// <param name="key">A state-dict key of this library.</param>
    /// <returns>The original's key.</returns>
    public string ToOriginal(string key) => Find(key) is var (pattern, rule) && pattern is not null ? pattern.Replace(key, rule!.Replacement) : key;

    /// <summary>How the shape of <paramref name="key"/> differs in the original.</summary>
    /// <param name="key">A state-dict key of this library.</param>
    /// <returns>The shape change of the first matching rule, <see cref="PyTorchShapeChange.None"/> when none matches.</returns>
    public PyTorchShapeChange ShapeChange(string key) => Find(key).Rule?.Shape ?? PyTorchShapeChange.None;

    /// <summary>The mapping of a zoo model; an identity mapping for architectures whose names are the original's or that have no PyTorch original.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The mapping.</returns>
    public static PyTorchNameMapping For(ISequenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Module switch
        {
            AttentiveChromeModel => AttentiveChrome,
            BassetModel basset => Basset(basset.Options),
            PairedAlleleModel => new("DeepAllele SeparateMultiHeadResidualCNN", []),
            SingleAlleleModel => new("DeepAllele SingleHeadResidualCNN", []),
            CnnGruModel => new("CombMotif saluki_torch (CNN + GRU)", []),
            _ => new(null, []),
        };
    }

    /// <summary>AttentiveChrome v2 (QData/AttentiveChrome, v2PyTorch/models.py <c>att_chrome</c>).</summary>
    public static PyTorchNameMapping AttentiveChrome { get; } = new("AttentiveChrome v2 att_chrome",
    [
        new(@"binLstms\.(\d+)\.(.+)", "rnn_hms.$1.rnn.$2"),
        new(@"binAttention\.(\d+)\.context", "rnn_hms.$1.bin_attention.bin_context_vector", PyTorchShapeChange.ColumnVector),
        new(@"markLstm\.(.+)", "hm_level_rnn_1.rnn.$1"),
        new(@"markAttention\.context", "hm_level_rnn_1.bin_attention.bin_context_vector", PyTorchShapeChange.ColumnVector),
        new(@"output\.(.+)", "fdiff1_1.$1"),
    ]);

    /// <summary>
    /// The common PyTorch Basset port: <c>conv1</c>…<c>convC</c> with <c>bn1</c>…<c>bnC</c>, then <c>fc1</c>…<c>fcH</c>
    /// with <c>bn(C+1)</c>…<c>bn(C+H)</c>, and <c>fc(H+1)</c> for the output (C convolutions, H hidden layers).
    /// </summary>
    /// <param name="options">The Basset options (the numbering depends on the layer counts).</param>
    /// <returns>The mapping.</returns>
    public static PyTorchNameMapping Basset(BassetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var convs = options.ConvFilters.Count;
        var hidden = options.HiddenUnits.Count;
        var rules = new List<PyTorchNameRule>();
        for (var i = 0; i < convs; i++)
        {
            rules.Add(new(Invariant($@"convs\.{i}\.weight"), Invariant($"conv{i + 1}.weight"), PyTorchShapeChange.SameElements));
            rules.Add(new(Invariant($@"convs\.{i}\.(.+)"), Invariant($"conv{i + 1}.$1")));
            rules.Add(new(Invariant($@"convNorms\.{i}\.(.+)"), Invariant($"bn{i + 1}.$1")));
        }

        for (var i = 0; i < hidden; i++)
        {
            rules.Add(new(Invariant($@"hidden\.{i}\.(.+)"), Invariant($"fc{i + 1}.$1")));
            rules.Add(new(Invariant($@"hiddenNorms\.{i}\.(.+)"), Invariant($"bn{convs + i + 1}.$1")));
        }

        rules.Add(new(@"output\.(.+)", Invariant($"fc{hidden + 1}.$1")));
        return new("PyTorch Basset port (conv1/bn1 ... fc3)", rules);
    }

    private (Regex? Pattern, PyTorchNameRule? Rule) Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var (pattern, rule) in _rules)
        {
            if (pattern.IsMatch(key))
            {
                return (pattern, rule);
            }
        }

        return (null, null);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
