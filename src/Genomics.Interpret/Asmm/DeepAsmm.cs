using System.Diagnostics;
using Genomics.Interpret.Evaluation;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Asmm;

/// <summary>
/// DeepASMM: scores candidate motifs by forward perturbation of a trained model — autonomous functionality (the motif
/// alone in an otherwise empty input) and sequence-context synergy (the motif erased from its native context).
/// </summary>
/// <remarks>
/// <para>As DeepASMM (Jie-Lii/DeepASMM) computes it, in its steps A1–A4. With f the model's pre-activation outputs over the
/// scored outputs O and ε = 1e-8:</para>
/// <para><b>Candidates (A1).</b> The k-mers of the background set with all their occurrences (<see cref="KmerCandidateSource"/>).</para>
/// <para><b>Autonomy (A2).</b> r0 = f(all-zero input). For each distinct start position z of motif m among its
/// occurrences, with multiplicity c(z), the motif's pattern is written into an all-zero input at z … z + W − 1 and
/// scored s(z) = Σ_o |(r0_o − f_o) / (r0_o + ε)|. The scores, repeated by multiplicity and sorted in decreasing order,
/// are aggregated by the top-fraction mean (<see cref="DeepAsmmOptions.TopFraction"/>,
/// <see cref="DeepAsmmOptions.MinimumTopCount"/>).</para>
/// <para><b>Synergy (A3).</b> For each occurrence (x, z), sample x is copied with positions z … z + W − 1 zeroed (turned
/// into N) and scored s = Σ_o |(r_o − f_o) / (r_o + ε)| with r = f(sample x) (intended) or, with
/// <see cref="SynergyReference.ChunkRow"/>, the original's unrelated reference row; aggregated like the autonomy
/// score over the highest scores (intended) or, with <see cref="SynergySelection.ScanOrder"/>, the first occurrences.</para>
/// <para><b>Final scores (A4).</b> Count, AF and SCS are min–max normalised over all candidates; final AF = norm(count) ·
/// norm(AF), final SCS = norm(count) · norm(SCS).</para>
/// <para><b>Execution.</b> Every perturbation is an edit of a reference input (a motif written into the all-zero input,
/// or W columns of a background sample zeroed), evaluated through the edit evaluator that
/// <see cref="DeepAsmmOptions.Algorithm"/> selects; the scoring is written once for both. Autonomy runs as one job
/// over all distinct (motif, position) pairs and synergy as one job over all occurrences (two with
/// <see cref="SynergyReference.ChunkRow"/>: the occurrences used as reference rows first); one double is kept per
/// perturbation. The cost is one model evaluation per distinct (motif, position) for autonomy and one per occurrence
/// for synergy, plus one per background sample (the synergy references) and one for r0. Results do not depend on the
/// batch size, nor (except with <see cref="SynergyReference.ChunkRow"/>) on <see cref="DeepAsmmOptions.MotifsPerChunk"/>,
/// beyond float32 rounding of the model (BLAS kernels may round differently for different batch shapes or buffer
/// alignments; relative differences of about 1e-6 after the division by the reference).</para>
/// <para><b>Full forward passes</b> (<see cref="EvaluationAlgorithm.Full"/>, or <see cref="EvaluationAlgorithm.Auto"/>
/// for models without a trunk description): perturbed inputs are built on the CPU (in parallel) one batch at a time
/// when <see cref="BatchedPredictor.PredictGenerated"/> asks for them, so memory is bounded by the batch size.</para>
/// <para><b>Local edits</b> (<see cref="EvaluationAlgorithm.LocalEdits"/>, or <see cref="EvaluationAlgorithm.Auto"/>
/// for models implementing <see cref="IConvolutionalTrunk"/>): the trunk activations of the all-zero input and of each
/// chunk of background samples (<see cref="DeepAsmmOptions.ActivationCacheBytes"/>) are computed once and each stage
/// is recomputed only where the W edited columns reach; scores equal those of full forward passes up to float32
/// rounding.</para>
/// <para><b>Thread safety.</b> An instance keeps no per-call state and may be called from several threads at once, on one model or on several: every call holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>.</para>
/// </remarks>
public sealed class DeepAsmm
{
    private readonly DeepAsmmOptions _options;

    /// <summary>Creates the engine.</summary>
    /// <param name="options">Scoring options; <see cref="DeepAsmmOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public DeepAsmm(DeepAsmmOptions? options = null)
    {
        _options = (options ?? DeepAsmmOptions.Default).Validate();
    }

    /// <summary>The scoring options.</summary>
    public DeepAsmmOptions Options => _options;

    /// <summary>Scores every k-mer occurring at least <paramref name="minimumCount"/> times (the original tool's run).</summary>
    /// <param name="model">A one-hot DNA model taking inputs (N, 4, L) with L the background's total length.</param>
    /// <param name="background">The true-positive background samples.</param>
    /// <param name="motifLength">k (default 8).</param>
    /// <param name="minimumCount">Minimum occurrences (default 10).</param>
    /// <param name="context">Device, batch size and logging; <see cref="ComputeContext.Default"/> when null.</param>
    /// <param name="progress">Receives ("autonomy" | "synergy" | "reference", done, total) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>One row per k-mer, in order of first occurrence.</returns>
    /// <exception cref="ArgumentException">The model does not take the background's one-hot layout.</exception>
    /// <exception cref="SynergyReferenceOutOfRangeException">With <see cref="SynergyReference.ChunkRow"/>, an occurrence's sample index is past the end of its motif chunk's batch (the original's index error).</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public DeepAsmmResult Run(ISequenceModel model, AsmmBackground background, int motifLength = 8, int minimumCount = 10, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(model, background, new KmerCandidateSource(motifLength, minimumCount), context, progress, cancellationToken);

    /// <summary>Locates candidates with a source and scores them.</summary>
    /// <param name="model">A one-hot DNA model taking inputs (N, 4, L) with L the background's total length.</param>
    /// <param name="background">The true-positive background samples.</param>
    /// <param name="source">The candidate source (k-mers, scanner hits …).</param>
    /// <param name="context">Device, batch size and logging; <see cref="ComputeContext.Default"/> when null.</param>
    /// <param name="progress">Receives ("autonomy" | "synergy" | "reference", done, total) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>One row per candidate, in candidate order.</returns>
    /// <exception cref="ArgumentException">The model does not take the background's one-hot layout.</exception>
    /// <exception cref="SynergyReferenceOutOfRangeException">With <see cref="SynergyReference.ChunkRow"/>, an occurrence's sample index is past the end of its motif chunk's batch (the original's index error).</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public DeepAsmmResult Run(ISequenceModel model, AsmmBackground background, IMotifCandidateSource source, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(background);
        cancellationToken.ThrowIfCancellationRequested();
        return Run(model, background, source.Locate(background, cancellationToken), context, progress, cancellationToken);
    }

    /// <summary>Scores located candidates.</summary>
    /// <param name="model">A one-hot DNA model taking inputs (N, 4, L) with L the background's total length; its mode and device are restored afterwards.</param>
    /// <param name="background">The true-positive background samples the occurrences refer to.</param>
    /// <param name="candidates">The candidates and their occurrences.</param>
    /// <param name="context">Device, batch size and logging; <see cref="ComputeContext.Default"/> when null.</param>
    /// <param name="progress">Receives ("reference", samples done, N), ("autonomy", perturbations done, total) and ("synergy", perturbations done, total) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>One row per candidate, in candidate order.</returns>
    /// <exception cref="ArgumentException">The model does not take the background's one-hot layout, the candidates refer to another input length or to missing samples, <see cref="DeepAsmmOptions.Target"/> is not an output of the model, or local-edit evaluation was requested for a model without a trunk description.</exception>
    /// <exception cref="SynergyReferenceOutOfRangeException">With <see cref="SynergyReference.ChunkRow"/>, an occurrence's sample index x is not smaller than the number of occurrences in its motif chunk (where the original fails with an index error); thrown before any model evaluation.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public DeepAsmmResult Run(ISequenceModel model, AsmmBackground background, MotifCandidateSet candidates, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(candidates);
        Check(model, background, candidates);
        if (_options.SynergyReference == SynergyReference.ChunkRow)
        {
            CheckChunkRows(candidates, LocatorSlice(background.Count));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var ctx = context ?? ComputeContext.Default;
        var logger = ctx.LoggerFactory.CreateLogger<DeepAsmm>();
        var stopwatch = Stopwatch.StartNew();
        var targets = _options.Target is int t ? [t] : Enumerable.Range(0, model.Output.Targets).ToArray();
        var positions = DistinctPositions.Build(candidates);
        AsmmLog.Start(logger, candidates.Count, background.Count, background.TotalLength, positions.Total, candidates.TotalOccurrences, targets.Length);
        var algorithm = EditEvaluation.Resolve(model, _options.Algorithm, out var fallback);
        if (fallback is not null)
        {
            AsmmLog.FallbackToFull(logger, fallback);
        }

        double[] autonomy, synergy;
        using (var evaluator = EditEvaluator.Create(model, algorithm, ctx, _options.ActivationCacheBytes))
        {
            if (evaluator is LocalEditEvaluator local)
            {
                var perChunk = local.ReferencesPerChunk(background.TotalLength, background.Count);
                var bytes = local.BytesPerReference(background.TotalLength);
                AsmmLog.LocalEditPlan(logger, perChunk, bytes);
            }

            autonomy = ScoreAutonomy(evaluator, candidates, positions, targets, progress, cancellationToken);
            synergy = ScoreSynergy(evaluator, background, candidates, targets, progress, cancellationToken);
        }

        var counts = Enumerable.Range(0, candidates.Count).Select(candidates.OccurrenceCount).ToArray();
        var result = DeepAsmmResult.FromRawScores(candidates.Names, counts, autonomy, synergy);
        AsmmLog.End(logger, candidates.Count, stopwatch.Elapsed.TotalSeconds);
        return result;
    }

    /// <summary>
    /// Autonomy (A2): every distinct (motif, position) placed into the all-zero input, scored against r0, and each
    /// motif's scores repeated by multiplicity, sorted and aggregated.
    /// </summary>
    private double[] ScoreAutonomy(EditEvaluator evaluator, MotifCandidateSet candidates, DistinctPositions positions, int[] targets, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        var total = (int)positions.Total;
        var owner = new int[total];
        for (var m = 0; m < candidates.Count; m++)
        {
            owner.AsSpan(positions.Offsets[m], positions.Offsets[m + 1] - positions.Offsets[m]).Fill(m);
        }

        var itemScores = new double[total];
        var job = new PlacementJob(candidates.InputLength, positions.Positions, owner, candidates, (item, outputs, zero) => itemScores[item] = Score(zero, outputs, targets), new StageCounter("autonomy", total, progress));
        evaluator.Run(job, cancellationToken);

        var scores = new double[candidates.Count];
        for (var m = 0; m < candidates.Count; m++)
        {
            int from = positions.Offsets[m], n = positions.Offsets[m + 1] - from;
            var multiplicities = positions.Multiplicities.AsSpan(from, n).ToArray();
            scores[m] = AsmmAggregation.Aggregate(itemScores.AsSpan(from, n).ToArray(), multiplicities, candidates.OccurrenceCount(m), sort: true, _options.TopFraction, _options.MinimumTopCount);
        }

        return scores;
    }

    /// <summary>
    /// Synergy (A3) over all motifs at once. Occurrences are numbered in motif order, then occurrence order; with
    /// <see cref="SynergyReference.ChunkRow"/> the reference of occurrence i in a chunk of
    /// <see cref="DeepAsmmOptions.MotifsPerChunk"/> motifs is the perturbed outputs of the chunk's occurrence number
    /// (sample of i, modulo the locator's slice with <see cref="DeepAsmmOptions.LocatorProcessors"/> &gt; 1, which is
    /// also the sample the window is erased from), as in the original; where that row is past the chunk's end (the original's index error) it throws
    /// before any evaluation (<see cref="CheckChunkRows"/>).
    /// </summary>
    private double[] ScoreSynergy(EditEvaluator evaluator, AsmmBackground background, MotifCandidateSet candidates, int[] targets, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        var total = candidates.TotalOccurrences;
        var sample = new int[total];
        var start = new int[total];
        var width = new int[total];
        var referenceItem = new int[total];
        var chunkRow = _options.SynergyReference == SynergyReference.ChunkRow;
        var slice = chunkRow ? LocatorSlice(background.Count) : background.Count;
        var g = 0;
        for (var first = 0; first < candidates.Count; first += _options.MotifsPerChunk)
        {
            var last = Math.Min(candidates.Count, first + _options.MotifsPerChunk);
            var chunkStart = g;
            for (var m = first; m < last; m++)
            {
                var xs = candidates.OccurrenceSamples(m);
                var zs = candidates.OccurrencePositions(m);
                for (var j = 0; j < xs.Length; j++, g++)
                {
                    sample[g] = xs[j] % slice;
                    start[g] = zs[j];
                    width[g] = candidates.Width(m);
                }
            }

            if (chunkRow)
            {
                // Row x of the chunk's batch of masked predictions; CheckChunkRows made sure it exists.
                for (var i = chunkStart; i < g; i++)
                {
                    referenceItem[i] = chunkStart + sample[i];
                }
            }
        }

        var itemScores = new double[total];
        var stage = new StageCounter("synergy", total, progress);
        if (_options.SynergyReference == SynergyReference.Sample)
        {
            var all = Enumerable.Range(0, total).ToArray();
            var referenceStage = new StageCounter("reference", background.Count, progress);
            evaluator.Run(new ErasureJob(background, all, sample, start, width, sampleOutputs: true, (item, outputs, sampleOutputs) => itemScores[item] = Score(sampleOutputs, outputs, targets), stage, referenceStage), cancellationToken);
        }
        else
        {
            // The original's reference is another occurrence's perturbed outputs: evaluate those first and keep them.
            var needed = new bool[total];
            foreach (var r in referenceItem)
            {
                needed[r] = true;
            }

            var kept = new Dictionary<int, float[]>();
            var neededItems = Enumerable.Range(0, total).Where(i => needed[i]).ToArray();
            evaluator.Run(new ErasureJob(background, neededItems, sample, start, width, sampleOutputs: false, (item, outputs, _) => kept[item] = outputs.ToArray(), stage, null), cancellationToken);
            foreach (var item in neededItems)
            {
                itemScores[item] = Score(kept[referenceItem[item]], kept[item], targets);
            }

            var rest = Enumerable.Range(0, total).Where(i => !needed[i]).ToArray();
            evaluator.Run(new ErasureJob(background, rest, sample, start, width, sampleOutputs: false, (item, outputs, _) => itemScores[item] = Score(kept[referenceItem[item]], outputs, targets), stage, null), cancellationToken);
        }

        var scores = new double[candidates.Count];
        g = 0;
        for (var m = 0; m < candidates.Count; m++)
        {
            var n = candidates.OccurrenceCount(m);
            var s = itemScores.AsSpan(g, n).ToArray();
            g += n;
            scores[m] = AsmmAggregation.Aggregate(s, null, n, _options.SynergySelection == SynergySelection.Highest, _options.TopFraction, _options.MinimumTopCount);
        }

        return scores;
    }

    /// <summary>Σ over the scored outputs of |(r − f) / (r + ε)|.</summary>
    private double Score(ReadOnlySpan<float> reference, ReadOnlySpan<float> outputs, int[] targets)
    {
        var sum = 0.0;
        foreach (var k in targets)
        {
            double r = reference[k], f = outputs[k];
            sum += Math.Abs((r - f) / (r + _options.Epsilon));
        }

        return sum;
    }

    /// <summary>
    /// With <see cref="SynergyReference.ChunkRow"/>: every occurrence's sample index x must be a row of its chunk's
    /// batch of masked predictions (the occurrences of the chunk's <see cref="DeepAsmmOptions.MotifsPerChunk"/> motifs),
    /// as the original indexes that batch with x and fails past its end.
    /// </summary>
    /// <param name="candidates">The candidates.</param>
    /// <param name="slice">The original locator's slice of samples (<see cref="LocatorSlice"/>): x is recorded as x mod slice.</param>
    /// <exception cref="SynergyReferenceOutOfRangeException">The first occurrence, in motif and scan order, whose x is past its chunk's end.</exception>
    private void CheckChunkRows(MotifCandidateSet candidates, int slice)
    {
        for (var first = 0; first < candidates.Count; first += _options.MotifsPerChunk)
        {
            var last = Math.Min(candidates.Count, first + _options.MotifsPerChunk);
            var rows = 0;
            for (var m = first; m < last; m++)
            {
                rows += candidates.OccurrenceCount(m);
            }

            for (var m = first; m < last; m++)
            {
                foreach (var sample in candidates.OccurrenceSamples(m))
                {
                    var x = sample % slice;
                    if (x >= rows)
                    {
                        throw new SynergyReferenceOutOfRangeException(candidates.Names[m], x, rows, _options.MotifsPerChunk);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The size ⌈N / p⌉ of the original locator's slices of samples (p = <see cref="DeepAsmmOptions.LocatorProcessors"/>):
    /// it records sample x as x mod that size.
    /// </summary>
    private int LocatorSlice(int samples) => (int)Math.Max(1, (samples + (long)_options.LocatorProcessors - 1) / _options.LocatorProcessors);

    private void Check(ISequenceModel model, AsmmBackground background, MotifCandidateSet candidates)
    {
        if (model.Input.Kind != InputKind.OneHot || model.Input.Channels != 4)
        {
            throw new ArgumentException("DeepASMM needs a model taking one-hot DNA input (A, C, G, T).", nameof(model));
        }

        if (model.Input.Length is int length && length != background.TotalLength)
        {
            throw new ArgumentException($"The model takes inputs of length {length} but the background samples are {background.TotalLength} long ({background.SubSequenceCount} × {background.SubSequenceLength}).", nameof(background));
        }

        if (candidates.InputLength != background.TotalLength)
        {
            throw new ArgumentException($"The candidates were located in inputs of length {candidates.InputLength}, not {background.TotalLength}.", nameof(candidates));
        }

        for (var m = 0; m < candidates.Count; m++)
        {
            foreach (var x in candidates.OccurrenceSamples(m))
            {
                if (x >= background.Count)
                {
                    throw new ArgumentException($"Candidate '{candidates.Names[m]}' has an occurrence in sample {x}, but the background has {background.Count} samples.", nameof(candidates));
                }
            }
        }

        if (_options.Target is int t && t >= model.Output.Targets)
        {
            throw new ArgumentException($"Target {t} is not an output of a model with {model.Output.Targets} outputs.", nameof(model));
        }
    }
}
