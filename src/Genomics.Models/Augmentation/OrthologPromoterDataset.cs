using Genomics.Models.Encoding;
using Genomics.Models.IO;
using Genomics.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// The labelled ortholog promoters as a flat dataset (DeepDifE's 2,794 sequences), with a group per promoter for
/// grouped splits (<see cref="Data.DataSplits.GroupShuffle"/>, <see cref="Data.DataSplits.GroupedKFold"/>).
/// </summary>
/// <remarks>
/// The group of a promoter is its <i>A. thaliana</i> gene, so the orthologs of one gene (up to three species) never
/// end up on both sides of a split. A promoter missing from its species' map has no such gene; it forms a group of
/// its own named <c>unmapped:{species}:{geneId}</c> (none in the DeepDifE files). Rows follow
/// <see cref="OrthologTable.Promoters"/>.
/// </remarks>
public sealed class OrthologPromoterDataset
{
    private readonly string[] _groups;

    /// <summary>Creates the dataset from a loaded table.</summary>
    /// <param name="table">The orthologs; at least one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    /// <exception cref="ArgumentException">The table is empty.</exception>
    public OrthologPromoterDataset(OrthologTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Count == 0)
        {
            throw new ArgumentException("The table holds no promoters.", nameof(table));
        }

        Promoters = table.Promoters;
        Labels = table.Promoters.Select(p => p.Label).ToArray();
        _groups = table.Promoters.Select(GroupOf).ToArray();
    }

    /// <summary>Gets the promoters, one per row.</summary>
    public IReadOnlyList<OrthologPromoter> Promoters { get; }

    /// <summary>Gets the number of rows N.</summary>
    public int Count => Promoters.Count;

    /// <summary>Gets the label (0 or 1) of every row.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Gets the group of every row: the <i>A. thaliana</i> gene, or <c>unmapped:{species}:{geneId}</c>.</summary>
    public IReadOnlyList<string> Groups => _groups;

    /// <summary>Gets the fraction of rows labelled 1.</summary>
    public double PositiveFraction => Labels.Average();

    /// <summary>Loads the DeepDifE ortholog files from a folder (see <see cref="OrthologTable.Load(string)"/>).</summary>
    /// <param name="folder">The folder holding <c>{aly,chi,cru}.tss.fasta</c> and <c>ath_{aly,chi,cru}.txt</c>.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is null or blank.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="DataFormatException">A file is malformed; the message names the file and line.</exception>
    public static OrthologPromoterDataset Load(string folder) => new(OrthologTable.Load(folder));

    /// <summary>The group name of a promoter.</summary>
    /// <param name="promoter">The promoter.</param>
    /// <returns>Its <i>A. thaliana</i> gene, or <c>unmapped:{species}:{geneId}</c> when it has none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="promoter"/> is null.</exception>
    public static string GroupOf(OrthologPromoter promoter)
    {
        ArgumentNullException.ThrowIfNull(promoter);
        return promoter.ThalianaGeneId ?? $"unmapped:{promoter.Species}:{promoter.GeneId}";
    }

    /// <summary>Encodes some rows for the <see cref="Trainer"/>.</summary>
    /// <param name="rows">Row indices (e.g. one side of a grouped split), or null for all rows in order.</param>
    /// <param name="addReverseComplements">
    /// Also append the reverse complement of every selected row, with its label (DeepDifE's forward + RC training matrix):
    /// 2 × rows in all, forward rows first. Default false.
    /// </param>
    /// <returns>A new set; the caller owns (and disposes) its tensors.</returns>
    /// <remarks>Inputs (N, 4, L) float32; targets (N, 1) float32 holding 0 or 1 (for <see cref="TrainingLoss.BinaryCrossEntropy"/>).</remarks>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is empty or holds an index outside [0, <see cref="Count"/>).</exception>
    public TrainingSet ToTrainingSet(IReadOnlyList<int>? rows = null, bool addReverseComplements = false)
    {
        var selected = rows?.ToArray() ?? Enumerable.Range(0, Count).ToArray();
        if (selected.Length == 0)
        {
            throw new ArgumentException("Select at least one row.", nameof(rows));
        }

        if (selected.Any(r => r < 0 || r >= Count))
        {
            throw new ArgumentException($"Row indices must be in [0, {Count}).", nameof(rows));
        }

        using var scope = torch.NewDisposeScope();
        var inputs = OneHotEncoder.Encode(selected.Select(r => Promoters[r].Sequence).ToArray());
        var labels = selected.Select(r => (float)Labels[r]).ToArray();
        var targets = torch.tensor(labels).view(-1, 1);
        if (addReverseComplements)
        {
            inputs = torch.cat([inputs, OneHotEncoder.ReverseComplement(inputs)], 0);
            targets = torch.cat([targets, targets], 0);
        }

        return new TrainingSet(inputs.contiguous().MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope());
    }
}
