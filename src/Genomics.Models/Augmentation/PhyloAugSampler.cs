using Genomics.Models.Encoding;
using Genomics.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Augmentation;

/// <summary>
/// PhyloAug (DeepDifE recipe R3): for every row of a training batch, with probability
/// <see cref="SubstitutionProbability"/> replaces the <i>A. thaliana</i> promoter by a uniformly chosen ortholog of the
/// same gene (when it has any), then reverse-complements the result with probability
/// <see cref="ReverseComplementProbability"/>. Use it as <see cref="TrainerOptions.BatchTransform"/>
/// (<see cref="Architectures.DeepDifE.DeepDifETraining.PhyloAug"/>) or through a <see cref="PhyloAugBatchGenerator"/>.
/// </summary>
/// <remarks>
/// <para>
/// The training set given to the trainer holds each training gene once, forward strand (the strand is chosen per
/// batch here). Targets are not changed: an ortholog carries the label of its <i>A. thaliana</i> gene.
/// </para>
/// <para>
/// No leakage: a row is only ever replaced by an ortholog of its own gene, and the table should come from
/// <see cref="OrthologTable.ForTraining"/>, which also drops every ortholog of a validation or test gene.
/// </para>
/// <para>Per row, in row order, draws are: one uniform for the substitution, one integer for the ortholog (only when substituting a gene that has orthologs), one uniform for the strand — as the original generator.</para>
/// </remarks>
public sealed class PhyloAugSampler : IBatchTransform
{
    /// <summary>The published substitution probability, 0.7.</summary>
    public const double DefaultSubstitutionProbability = 0.7;

    /// <summary>The published reverse-complement probability, 0.5.</summary>
    public const double DefaultReverseComplementProbability = 0.5;

    private readonly IReadOnlyList<OrthologPromoter>[] _orthologsOfRow;

    /// <summary>Creates a sampler.</summary>
    /// <param name="orthologs">The orthologs, ideally <see cref="OrthologTable.ForTraining"/> of the split.</param>
    /// <param name="trainingGeneIds">The <i>A. thaliana</i> gene of every training-set row, in row order (at least one).</param>
    /// <param name="substitutionProbability">Chance to substitute an ortholog, in [0, 1]. Default 0.7.</param>
    /// <param name="reverseComplementProbability">Chance to reverse-complement, in [0, 1]. Default 0.5.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="trainingGeneIds"/> is empty or holds a null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A probability is outside [0, 1].</exception>
    public PhyloAugSampler(
        OrthologTable orthologs,
        IReadOnlyList<string> trainingGeneIds,
        double substitutionProbability = DefaultSubstitutionProbability,
        double reverseComplementProbability = DefaultReverseComplementProbability)
    {
        ArgumentNullException.ThrowIfNull(orthologs);
        ArgumentNullException.ThrowIfNull(trainingGeneIds);
        if (trainingGeneIds.Count == 0 || trainingGeneIds.Any(g => g is null))
        {
            throw new ArgumentException("Give the A. thaliana gene of every training row (no nulls).", nameof(trainingGeneIds));
        }

        RequireProbability(substitutionProbability, nameof(substitutionProbability));
        RequireProbability(reverseComplementProbability, nameof(reverseComplementProbability));
        Orthologs = orthologs;
        SubstitutionProbability = substitutionProbability;
        ReverseComplementProbability = reverseComplementProbability;
        _orthologsOfRow = trainingGeneIds.Select(orthologs.OrthologsOf).ToArray();
    }

    /// <summary>Gets the ortholog table.</summary>
    public OrthologTable Orthologs { get; }

    /// <summary>Gets the chance to substitute an ortholog.</summary>
    public double SubstitutionProbability { get; }

    /// <summary>Gets the chance to reverse-complement.</summary>
    public double ReverseComplementProbability { get; }

    /// <summary>Gets the number of training rows.</summary>
    public int RowCount => _orthologsOfRow.Length;

    /// <summary>Gets the fraction of training rows whose gene has at least one ortholog.</summary>
    public double OrthologCoverage => _orthologsOfRow.Count(o => o.Count > 0) / (double)_orthologsOfRow.Length;

    /// <summary>Draws what happens to each row of a batch (no tensors involved).</summary>
    /// <param name="rows">Training-set rows of the batch, in batch order.</param>
    /// <param name="random">The source of every draw.</param>
    /// <returns>One choice per row, in batch order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A row is outside [0, <see cref="RowCount"/>).</exception>
    public IReadOnlyList<PhyloAugChoice> Choose(IReadOnlyList<int> rows, Random random)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(random);
        var choices = new PhyloAugChoice[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row < 0 || row >= RowCount)
            {
                throw new ArgumentException($"Row {row} is outside the {RowCount} training rows.", nameof(rows));
            }

            OrthologPromoter? ortholog = null;
            if (random.NextDouble() < SubstitutionProbability && _orthologsOfRow[row] is { Count: > 0 } candidates)
            {
                ortholog = candidates[random.Next(candidates.Count)];
            }

            choices[i] = new PhyloAugChoice(row, ortholog, random.NextDouble() < ReverseComplementProbability);
        }

        return choices;
    }

    /// <summary>Builds the augmented batch from the rows' own sequences and the choices.</summary>
    /// <param name="inputs">The rows' own one-hot sequences (N, 4, L), float32, on the CPU; not modified.</param>
    /// <param name="choices">N choices in the same order (from <see cref="Choose"/>).</param>
    /// <returns>A new tensor (N, 4, L), float32; the caller owns it.</returns>
    /// <remarks>Shape (N, 4, L) → (N, 4, L), float32.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The shapes disagree: not (N, 4, L) float32 on the CPU, N ≠ number of choices, or ortholog length ≠ L.</exception>
    public Tensor Build(Tensor inputs, IReadOnlyList<PhyloAugChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var (count, length) = AugmentationArrays.Validate(inputs, nameof(inputs));
        if (choices.Count != count)
        {
            throw new ArgumentException($"{choices.Count} choices for a batch of {count}.", nameof(choices));
        }

        var substituted = Enumerable.Range(0, count).Where(i => choices[i].Ortholog is not null).ToArray();
        if (substituted.Length > 0 && Orthologs.SequenceLength != length)
        {
            throw new ArgumentException($"Orthologs have length {Orthologs.SequenceLength} but the batch has length {length}.", nameof(inputs));
        }

        using var scope = torch.NewDisposeScope();
        var result = inputs.clone();
        if (substituted.Length > 0)
        {
            var encoded = OneHotEncoder.Encode(substituted.Select(i => choices[i].Ortholog!.Sequence).ToArray());
            result.index_copy_(0, torch.tensor(substituted.Select(i => (long)i).ToArray()), encoded);
        }

        var mask = torch.tensor(choices.Select(c => c.ReverseComplement).ToArray()).view(count, 1, 1);
        return torch.where(mask, result.flip(1, 2), result).contiguous().MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Shape (N, 4, L) → (N, 4, L), float32: <see cref="Build"/> of <see cref="Choose"/> for <see cref="BatchTransformContext.Rows"/>.</remarks>
    public Tensor Transform(Tensor inputs, BatchTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Build(inputs, Choose(context.Rows, context.CreateRandom()));
    }

    private static void RequireProbability(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "The probability must be in [0, 1].");
        }
    }
}
