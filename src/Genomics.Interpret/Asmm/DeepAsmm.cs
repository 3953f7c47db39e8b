using System.Diagnostics;
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
/// <para><b>Execution.</b> Perturbed inputs are built on the CPU (in parallel) one batch of
/// <see cref="ComputeContext.BatchSize"/> at a time and run through <see cref="BatchedPredictor"/>; only one chunk of
/// <see cref="DeepAsmmOptions.MotifsPerChunk"/> motifs' outputs is held, so memory is bounded by the batch and chunk
/// sizes, never by motifs × samples. The cost is one forward pass per distinct (motif, position) for autonomy and one
/// per occurrence for synergy, plus one per background sample (the synergy references) and one for r0. Results do not
/// depend on the batch size, nor (except with <see cref="SynergyReference.ChunkRow"/>) on the chunking, beyond float32
/// rounding of the model (BLAS kernels may round differently for different batch shapes or buffer alignments;
/// relative differences of about 1e-6 after the division by the reference).</para>
/// <para><b>Local edits.</b> For models implementing <see cref="IConvolutionalTrunk"/> (with
/// <see cref="DeepAsmmOptions.Algorithm"/> Auto or Fast) every perturbation is evaluated as a local edit: the trunk
/// activations of the all-zero input and of each chunk of background samples (<see cref="DeepAsmmOptions.ActivationCacheBytes"/>)
/// are computed once and each stage is recomputed only where the W edited columns reach. Synergy then runs over all
/// motifs one sample chunk at a time; scores equal the naive path's up to float32 rounding.</para>
/// <para><b>Thread safety.</b> An instance keeps no per-call state and may be called from several threads at once, on one model or on several: every call holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>.</para>
/// </remarks>
public sealed class DeepAsmm
{
    private readonly DeepAsmmOptions _options;
    private readonly ComputeContext _context;
    private readonly ILogger _logger;

    /// <summary>Creates the engine.</summary>
    /// <param name="options">Scoring options; <see cref="DeepAsmmOptions.Default"/> when null.</param>
    /// <param name="context">Device, batch size and logging; <see cref="ComputeContext.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public DeepAsmm(DeepAsmmOptions? options = null, ComputeContext? context = null)
    {
        _options = (options ?? DeepAsmmOptions.Default).Validate();
        _context = context ?? ComputeContext.Default;
        _logger = _context.LoggerFactory.CreateLogger<DeepAsmm>();
    }

    /// <summary>Scores every k-mer occurring at least <paramref name="minimumCount"/> times (the original tool's run).</summary>
    /// <param name="model">A one-hot DNA model taking inputs (N, 4, L) with L the background's total length.</param>
    /// <param name="background">The true-positive background samples.</param>
    /// <param name="motifLength">k (default 8).</param>
    /// <param name="minimumCount">Minimum occurrences (default 10).</param>
    /// <param name="progress">Receives ("autonomy" | "synergy" | "reference", done, total) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>One row per k-mer, in order of first occurrence.</returns>
    /// <exception cref="ArgumentException">The model does not take the background's one-hot layout.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public DeepAsmmResult Run(ISequenceModel model, AsmmBackground background, int motifLength = 8, int minimumCount = 10, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(model, background, new KmerCandidateSource(motifLength, minimumCount), progress, cancellationToken);

    /// <summary>Locates candidates with a source and scores them.</summary>
    /// <param name="model">A one-hot DNA model taking inputs (N, 4, L) with L the background's total length.</param>
    /// <param name="background">The true-positive background samples.</param>
    /// <param name="source">The candidate source (k-mers, scanner hits …).</param>
    /// <param name="progress">Receives ("autonomy" | "synergy" | "reference", done, total) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>One row per candidate, in candidate order.</returns>
    /// <exception cref="ArgumentException">The model does not take the background's one-hot layout.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public DeepAsmmResult Run(ISequenceModel model, AsmmBackground background, IMotifCandidateSource source, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(background);
        cancellationToken.ThrowIfCancellationRequested();
        return Run(model, background, source.Locate(background, cancellationToken), progress, cancellationToken);
    }

    /// <summary>Scores located candidates.</summary>
    /// <param name="model">A one-hot DNA model taking inputs (N, 4, L) with L the background's total length; its mode and device are restored afterwards.</param>
    /// <param name="background">The true-positive background samples the occurrences refer to.</param>
    /// <param name="candidates">The candidates and their occurrences.</param>
    /// <param name="progress">Receives ("reference", samples done, N), ("autonomy", perturbations done, total) and ("synergy", perturbations done, total) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>One row per candidate, in candidate order.</returns>
    /// <exception cref="ArgumentException">The model does not take the background's one-hot layout, the candidates refer to another input length or to missing samples, or <see cref="DeepAsmmOptions.Target"/> is not an output of the model.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public DeepAsmmResult Run(ISequenceModel model, AsmmBackground background, MotifCandidateSet candidates, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(candidates);
        Check(model, background, candidates);
        cancellationToken.ThrowIfCancellationRequested();
        var stopwatch = Stopwatch.StartNew();
        var targets = _options.Target is int t ? [t] : Enumerable.Range(0, model.Output.Targets).ToArray();
        var positions = DistinctPositions.Build(candidates);
        AsmmLog.Start(_logger, candidates.Count, background.Count, background.TotalLength, positions.Total, candidates.TotalOccurrences, targets.Length);
        var autonomy = new double[candidates.Count];
        var synergy = new double[candidates.Count];
        if (UseFast(model))
        {
            RunFast(model, background, candidates, positions, targets, autonomy, synergy, progress, cancellationToken);
        }
        else
        {
            RunNaive(model, background, candidates, positions, targets, autonomy, synergy, progress, cancellationToken);
        }

        var counts = Enumerable.Range(0, candidates.Count).Select(candidates.OccurrenceCount).ToArray();
        var result = DeepAsmmResult.FromRawScores(candidates.Names, counts, autonomy, synergy);
        AsmmLog.End(_logger, candidates.Count, stopwatch.Elapsed.TotalSeconds);
        return result;
    }

    /// <summary>Whether local-edit evaluation can run on a model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="reason">Why not, or null when it can.</param>
    /// <returns>True when the model describes its convolutional trunk.</returns>
    public static bool SupportsFast(ISequenceModel model, out string? reason) => Mutagenesis.InSilicoMutagenesis.SupportsFast(model, out reason);

    private bool UseFast(ISequenceModel model)
    {
        if (_options.Algorithm == DeepAsmmAlgorithm.Naive)
        {
            return false;
        }

        if (SupportsFast(model, out var reason))
        {
            return true;
        }

        if (_options.Algorithm == DeepAsmmAlgorithm.Fast)
        {
            throw new ArgumentException($"Local-edit evaluation was requested but {reason}; use DeepAsmmAlgorithm.Naive or Auto.", nameof(model));
        }

        AsmmLog.FallbackToNaive(_logger, reason!);
        return false;
    }

    private void RunFast(ISequenceModel model, AsmmBackground background, MotifCandidateSet candidates, DistinctPositions positions, int[] targets, double[] autonomy, double[] synergy, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        var device = DeviceResolver.Resolve(_context);
        using var state = new ModelStateScope(model.Module, device);
        using var fast = new FastPerturbations(model, (IConvolutionalTrunk)model, device, _context.BatchSize, background.TotalLength, targets, _options.ActivationCacheBytes, background.Count, progress, cancellationToken);
        AsmmLog.FastPlan(_logger, fast.SamplesPerChunk, fast.BytesPerSample);
        var autonomyStage = new StageCounter("autonomy", positions.Total);
        for (var first = 0; first < candidates.Count; first += _options.MotifsPerChunk)
        {
            var last = Math.Min(candidates.Count, first + _options.MotifsPerChunk);
            ScoreAutonomy(null, fast, candidates, positions, first, last, fast.ZeroOutputs, autonomy, autonomyStage);
        }

        ScoreSynergyFast(fast, background, candidates, synergy, progress);
    }

    private void RunNaive(ISequenceModel model, AsmmBackground background, MotifCandidateSet candidates, DistinctPositions positions, int[] targets, double[] autonomy, double[] synergy, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        var runner = new PerturbationRunner(model, new BatchedPredictor(_context), _context.BatchSize, background.TotalLength, targets, progress, cancellationToken);

        var zero = runner.Predict(1, static (_, _) => { }, null);
        double[]? sampleOutputs = null;
        if (_options.SynergyReference == SynergyReference.Sample)
        {
            sampleOutputs = ToDouble(runner.Predict(background.Count, background.WriteOneHot, new StageCounter("reference", background.Count)));
        }

        var autonomyStage = new StageCounter("autonomy", positions.Total);
        var synergyStage = new StageCounter("synergy", candidates.TotalOccurrences);
        for (var first = 0; first < candidates.Count; first += _options.MotifsPerChunk)
        {
            var last = Math.Min(candidates.Count, first + _options.MotifsPerChunk);
            ScoreSynergy(runner, background, candidates, first, last, sampleOutputs, synergy, synergyStage);
            ScoreAutonomy(runner, null, candidates, positions, first, last, zero, autonomy, autonomyStage);
            AsmmLog.ChunkDone(_logger, first, last - 1);
        }
    }

    private void ScoreAutonomy(PerturbationRunner? runner, FastPerturbations? fast, MotifCandidateSet candidates, DistinctPositions positions, int first, int last, float[] zero, double[] scores, StageCounter stage)
    {
        int start = positions.Offsets[first], count = positions.Offsets[last] - start;
        if (count == 0)
        {
            return;
        }

        var owner = new int[count];
        for (var m = first; m < last; m++)
        {
            owner.AsSpan(positions.Offsets[m] - start, positions.Offsets[m + 1] - positions.Offsets[m]).Fill(m);
        }

        if (fast is not null)
        {
            var patterns = new float[last - first][];
            var placed = fast.Place(
                count,
                i => positions.Positions[start + i],
                i => candidates.Width(owner[i]),
                i => patterns[owner[i] - first] ??= candidates.Pattern(owner[i]).ToArray(),
                stage);
            AggregateAutonomy(candidates, positions, first, last, zero, placed, scores);
            return;
        }

        var total = runner!.TotalLength;
        var outputs = runner.Predict(count, (i, buffer) =>
        {
            var m = owner[i];
            var width = candidates.Width(m);
            var pattern = candidates.Pattern(m);
            var z = positions.Positions[start + i];
            for (var c = 0; c < 4; c++)
            {
                pattern.Slice(c * width, width).CopyTo(buffer.Slice((c * total) + z, width));
            }
        }, stage);
        AggregateAutonomy(candidates, positions, first, last, zero, outputs, scores);
    }

    private void AggregateAutonomy(MotifCandidateSet candidates, DistinctPositions positions, int first, int last, float[] zero, float[] outputs, double[] scores)
    {
        var start = positions.Offsets[first];
        var o = zero.Length;
        for (var m = first; m < last; m++)
        {
            int from = positions.Offsets[m] - start, n = positions.Offsets[m + 1] - positions.Offsets[m];
            var s = new double[n];
            for (var i = 0; i < n; i++)
            {
                s[i] = Score(zero, 0, outputs, (from + i) * o, o);
            }

            var multiplicities = positions.Multiplicities.AsSpan(positions.Offsets[m], n).ToArray();
            scores[m] = AsmmAggregation.Aggregate(s, multiplicities, candidates.OccurrenceCount(m), sort: true, _options.TopFraction, _options.MinimumTopCount);
        }
    }

    private void ScoreSynergy(PerturbationRunner runner, AsmmBackground background, MotifCandidateSet candidates, int first, int last, double[]? sampleOutputs, double[] scores, StageCounter stage)
    {
        var owner = new List<int>();
        var samples = new List<int>();
        var starts = new List<int>();
        for (var m = first; m < last; m++)
        {
            var xs = candidates.OccurrenceSamples(m);
            var zs = candidates.OccurrencePositions(m);
            for (var j = 0; j < xs.Length; j++)
            {
                owner.Add(m);
                samples.Add(xs[j]);
                starts.Add(zs[j]);
            }
        }

        if (owner.Count == 0)
        {
            return;
        }

        var total = runner.TotalLength;
        var outputs = runner.Predict(owner.Count, (i, buffer) =>
        {
            background.WriteOneHot(samples[i], buffer);
            var width = candidates.Width(owner[i]);
            for (var c = 0; c < 4; c++)
            {
                buffer.Slice((c * total) + starts[i], width).Clear();
            }
        }, stage);

        var o = runner.Targets.Length;
        var rows = owner.Count;
        var item = 0;
        for (var m = first; m < last; m++)
        {
            var n = candidates.OccurrenceCount(m);
            var s = new double[n];
            for (var j = 0; j < n; j++, item++)
            {
                var x = samples[item];
                s[j] = sampleOutputs is not null
                    ? Score(sampleOutputs, x * o, outputs, item * o, o)
                    : Score(outputs, x % rows * o, outputs, item * o, o);
            }

            scores[m] = AsmmAggregation.Aggregate(s, null, n, _options.SynergySelection == SynergySelection.Highest, _options.TopFraction, _options.MinimumTopCount);
        }
    }

    /// <summary>
    /// Synergy by local edits over all motifs at once, one chunk of samples at a time. Items are numbered as in the naive
    /// path (motif order, then occurrence order), so the original's chunk-row reference picks the same item.
    /// </summary>
    private void ScoreSynergyFast(FastPerturbations fast, AsmmBackground background, MotifCandidateSet candidates, double[] scores, IProgress<OperationProgress>? progress)
    {
        var total = candidates.TotalOccurrences;
        var sample = new int[total];
        var start = new int[total];
        var width = new int[total];
        var referenceItem = new int[total];
        var chunkRow = _options.SynergyReference == SynergyReference.ChunkRow;
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
                    sample[g] = xs[j];
                    start[g] = zs[j];
                    width[g] = candidates.Width(m);
                }
            }

            var rows = g - chunkStart;
            for (var i = chunkStart; i < g; i++)
            {
                referenceItem[i] = chunkStart + (sample[i] % rows);
            }
        }

        var itemScores = new double[total];
        var stage = new StageCounter("synergy", total);
        if (!chunkRow)
        {
            var referenceStage = new StageCounter("reference", background.Count);
            fast.Erase(background, Enumerable.Range(0, total).ToArray(), sample, start, width, (item, outputs, sampleOutputs) => itemScores[item] = Score(sampleOutputs, outputs), stage, progress is null ? null : referenceStage);
        }
        else
        {
            // The original's reference is another item's perturbed outputs: evaluate those items first and keep them.
            var needed = new bool[total];
            foreach (var r in referenceItem)
            {
                needed[r] = true;
            }

            var kept = new Dictionary<int, float[]>();
            var neededItems = Enumerable.Range(0, total).Where(i => needed[i]).ToArray();
            fast.Erase(background, neededItems, sample, start, width, (item, outputs, _) => kept[item] = outputs.ToArray(), stage, null);
            foreach (var item in neededItems)
            {
                itemScores[item] = Score(kept[referenceItem[item]], kept[item]);
            }

            var rest = Enumerable.Range(0, total).Where(i => !needed[i]).ToArray();
            fast.Erase(background, rest, sample, start, width, (item, outputs, _) => itemScores[item] = Score(kept[referenceItem[item]], outputs), stage, null);
        }

        g = 0;
        for (var m = 0; m < candidates.Count; m++)
        {
            var n = candidates.OccurrenceCount(m);
            var s = itemScores.AsSpan(g, n).ToArray();
            g += n;
            scores[m] = AsmmAggregation.Aggregate(s, null, n, _options.SynergySelection == SynergySelection.Highest, _options.TopFraction, _options.MinimumTopCount);
        }

    }

    private double Score(ReadOnlySpan<float> reference, ReadOnlySpan<float> outputs)
    {
        var sum = 0.0;
        for (var k = 0; k < outputs.Length; k++)
        {
            double r = reference[k], f = outputs[k];
            sum += Math.Abs((r - f) / (r + _options.Epsilon));
        }

        return sum;
    }

    private double Score(ReadOnlySpan<float> reference, int referenceOffset, ReadOnlySpan<float> outputs, int offset, int count)
    {
        var sum = 0.0;
        for (var k = 0; k < count; k++)
        {
            double r = reference[referenceOffset + k], f = outputs[offset + k];
            sum += Math.Abs((r - f) / (r + _options.Epsilon));
        }

        return sum;
    }

    private double Score(ReadOnlySpan<double> reference, int referenceOffset, ReadOnlySpan<float> outputs, int offset, int count)
    {
        var sum = 0.0;
        for (var k = 0; k < count; k++)
        {
            double r = reference[referenceOffset + k], f = outputs[offset + k];
            sum += Math.Abs((r - f) / (r + _options.Epsilon));
        }

        return sum;
    }

    private static double[] ToDouble(float[] values) => Array.ConvertAll(values, v => (double)v);

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
