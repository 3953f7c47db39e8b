using Genomics.Interpret.Abstractions;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Genomics.Models.IO;
using TorchSharp;

namespace Genomics.Interpret.Variants;

/// <summary>Settings of <see cref="VariantScorer"/>.</summary>
public sealed record VariantScorerOptions
{
    /// <summary>Variant alleles scored together (both windows of each go through the model in one pass); at least 1. Default 512.
    /// Memory is bounded by this, not by the number of variants.</summary>
    public int ChunkSize { get; init; } = 512;

    /// <summary>True (default) to apply the model's output activation (probabilities); false for raw outputs.</summary>
    public bool ApplyActivation { get; init; } = true;

    /// <summary>
    /// When set, a chunk never spans two blocks of this many consecutive input records (<see cref="Variant.RecordIndex"/>
    /// / block size): every block is chunked on its own, from its first allele. A shard of a job that owns whole blocks
    /// (<see cref="Models.Compute.ShardSpec"/>) then computes every window in the same batch, at the same row, as a single
    /// run with the same block size, so the two give the same bits. Null (default): chunks run across blocks.
    /// </summary>
    public int? RecordBlockSize { get; init; }

    /// <summary>Validates the options.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ChunkSize"/> or <see cref="RecordBlockSize"/> is below 1.</exception>
    public VariantScorerOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1, nameof(ChunkSize));
        if (RecordBlockSize is int block)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(block, 1, nameof(RecordBlockSize));
        }

        return this;
    }
}

/// <summary>Counts of one <see cref="VariantScorer.Run"/>, complete once its enumeration has finished.</summary>
public sealed class VariantScoringSummary
{
    /// <summary>Variant alleles scored.</summary>
    public long Scored { get; internal set; }

    /// <summary>Variant alleles skipped because their window would leave the chromosome.</summary>
    public long NearChromosomeEnd { get; internal set; }
}

/// <summary>
/// Scores variant alleles on a genome with a single-sequence DNA model: for each allele, the model's outputs on the
/// reference window and on the alternative window (<see cref="VariantWindow"/>), streamed chunk by chunk so that
/// memory does not grow with the number of variants.
/// </summary>
public sealed class VariantScorer
{
    /// <summary>Creates a scorer.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public VariantScorer(VariantScorerOptions? options = null) => Options = (options ?? new VariantScorerOptions()).Validate();

    /// <summary>The settings.</summary>
    public VariantScorerOptions Options { get; }

    /// <summary>Scores the variants lazily, in their order.</summary>
    /// <param name="model">A DNA model with a fixed input length.</param>
    /// <param name="genome">The genome the variants were called on.</param>
    /// <param name="variants">The variant alleles (e.g. from <see cref="VcfReader"/>, which checks REF against the genome).</param>
    /// <param name="summary">Filled with counts while enumerating, or null.</param>
    /// <param name="context">Device, batch size, logging.</param>
    /// <param name="progress">Receives ("variants", alleles done, 0) after every chunk; optional.</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    /// <returns>One score per allele whose window fits its chromosome.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The model does not take one-hot DNA of a fixed length.</exception>
    public IEnumerable<VariantScore> Run(ISequenceModel model, IndexedFasta genome, IEnumerable<Variant> variants, VariantScoringSummary? summary = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunChunks(model, genome, variants, summary, context, progress, cancellationToken).SelectMany(c => c.Scores);

    /// <summary>
    /// Scores the variants lazily chunk by chunk, as <see cref="Run"/>, and returns each chunk with the alleles it took
    /// in: a caller that saves its output after every chunk can resume a stopped run from the allele after the last
    /// saved chunk's last input. With <see cref="VariantScorerOptions.RecordBlockSize"/> set, chunks start at every
    /// block's first allele and every <see cref="VariantScorerOptions.ChunkSize"/> alleles after it, so a run resumed
    /// after a chunk cuts the rest into the same chunks as an uninterrupted run.
    /// </summary>
    /// <param name="model">A DNA model with a fixed input length.</param>
    /// <param name="genome">The genome the variants were called on.</param>
    /// <param name="variants">The variant alleles.</param>
    /// <param name="summary">Filled with counts while enumerating, or null.</param>
    /// <param name="context">Device, batch size, logging.</param>
    /// <param name="progress">Receives ("variants", alleles done, 0) after every chunk; optional.</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    /// <returns>The chunks, in order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The model does not take one-hot DNA of a fixed length.</exception>
    public IEnumerable<VariantScoreChunk> RunChunks(ISequenceModel model, IndexedFasta genome, IEnumerable<Variant> variants, VariantScoringSummary? summary = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(genome);
        ArgumentNullException.ThrowIfNull(variants);
        if (model.Input.Kind != InputKind.OneHot || model.Input.Channels != 4 || model.Input.Length is not int length)
        {
            throw new ArgumentException($"Variant scoring needs a DNA model with a fixed input length; this one takes {model.Input.Kind} of length {model.Input.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"}.", nameof(model));
        }

        return Enumerate(model, genome, variants, length, summary ?? new VariantScoringSummary(), context ?? ComputeContext.Default, progress, cancellationToken);
    }

    private IEnumerable<VariantScoreChunk> Enumerate(ISequenceModel model, IndexedFasta genome, IEnumerable<Variant> variants, int length, VariantScoringSummary summary, ComputeContext context, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        var function = new PredictionFunction(Options.ApplyActivation);
        foreach (var chunk in Chunks(variants))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kept = new List<(Variant Variant, VariantWindow Window)>(chunk.Length);
            foreach (var variant in chunk)
            {
                if (VariantWindow.Make(genome, variant, length) is { } window)
                {
                    kept.Add((variant, window));
                }
                else
                {
                    summary.NearChromosomeEnd++;
                }
            }

            if (kept.Count == 0)
            {
                yield return new VariantScoreChunk(chunk, []);
                continue;
            }

            float[] values;
            long targets;
            using (var scope = torch.NewDisposeScope())
            {
                var sequences = kept.Select(k => k.Window.Reference).Concat(kept.Select(k => k.Window.Alternative)).ToList();
                var inputs = OneHotEncoder.Encode(sequences);
                var outputs = function.Apply(model, inputs, context, null, cancellationToken).contiguous();
                targets = outputs.shape[1];
                values = outputs.data<float>().ToArray();
            }

            var scores = new VariantScore[kept.Count];
            for (var i = 0; i < kept.Count; i++)
            {
                var reference = values.AsSpan((int)(i * targets), (int)targets).ToArray();
                var alternative = values.AsSpan((int)((kept.Count + i) * targets), (int)targets).ToArray();
                scores[i] = new VariantScore(kept[i].Variant, kept[i].Window.Start, reference, alternative);
            }

            summary.Scored += kept.Count;
            progress?.Report(new OperationProgress("variants", summary.Scored, 0));
            yield return new VariantScoreChunk(chunk, scores);
        }
    }

    /// <summary>Chunks of at most <see cref="VariantScorerOptions.ChunkSize"/> alleles, cut at every record block
    /// boundary when <see cref="VariantScorerOptions.RecordBlockSize"/> is set.</summary>
    private IEnumerable<Variant[]> Chunks(IEnumerable<Variant> variants) =>
        Options.RecordBlockSize is int blockSize
            ? ShardSpec.BlockChunks(variants, v => v.RecordIndex, Options.ChunkSize, blockSize)
            : variants.Chunk(Options.ChunkSize);
}
