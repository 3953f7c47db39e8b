using System.Diagnostics;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Evaluation;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>
/// Saturation in-silico mutagenesis (ISM): every single-base substitution of every sequence inside a window is
/// predicted, and Δ = f(mutant) − f(reference) recorded for every target.
/// </summary>
/// <remarks>
/// <para>
/// As an <see cref="IAttributionMethod"/>, the hypothetical scores are the full Δ map of the explained target
/// (mean-centred by default, <see cref="InSilicoMutagenesisOptions.CentreAcrossChannels"/>) and the scores are its projection on
/// the observed bases (hypothetical × one-hot): with centring, minus the mean effect of substituting the observed base.
/// Unknown (all-zero) columns have zero actual scores; their four hypothetical values are all measured substitutions.
/// </para>
/// <para>
/// Every substitution is an edit of width 1 of its sequence, evaluated through an edit evaluator
/// (<see cref="InSilicoMutagenesisOptions.Algorithm"/>). <see cref="EvaluationAlgorithm.Full"/> streams the substituted
/// sequences through <see cref="BatchedPredictor.PredictGenerated"/>, built batch by batch; nothing proportional to
/// the number of substitutions is held besides the result. <see cref="EvaluationAlgorithm.LocalEdits"/> (for models
/// implementing <see cref="IConvolutionalTrunk"/>) recomputes each trunk stage of one sequence at a time only on the
/// slice the substitution reaches, splices it into the reference activations and runs the head on the result; it
/// agrees with the full forward pass to float rounding. The reference output is the model's prediction for the
/// unmodified sequence; DeepDifE's ISM track (reference minus mutant) is −Δ.
/// </para>
/// <para><b>Thread safety.</b> An instance keeps no per-call state and may be called from several threads at once, on one model or on several: every call (with either algorithm) holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>.</para>
/// </remarks>
public sealed class InSilicoMutagenesis : IAttributionMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="options">Settings; <see cref="InSilicoMutagenesisOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (<see cref="InSilicoMutagenesisOptions.Validate"/>).</exception>
    public InSilicoMutagenesis(InSilicoMutagenesisOptions? options = null)
    {
        Options = (options ?? InSilicoMutagenesisOptions.Default).Validate();
    }

    /// <summary>The settings.</summary>
    public InSilicoMutagenesisOptions Options { get; }

    /// <inheritdoc />
    public string Name => "ism";

    /// <inheritdoc />
    public AttributionResult Attribute(ISequenceModel model, Tensor sequences, AttributionTarget target, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(target);
        model.Input.Validate(sequences, nameof(sequences));
        target.Validate(model, sequences.shape[0], nameof(target));
        using var result = Run(model, sequences, context, progress, cancellationToken);
        using var scope = torch.NewDisposeScope();
        var hypothetical = result.ForTarget(target, Options.CentreAcrossChannels);
        var scores = hypothetical * sequences.to(ScalarType.Float32, torch.CPU);
        return new AttributionResult(Name, target, scores.MoveToOuterDisposeScope(), hypothetical.MoveToOuterDisposeScope());
    }

    /// <summary>Computes the raw deltas for every target.</summary>
    /// <param name="model">The model; its device and training mode are restored afterwards.</param>
    /// <param name="sequences">One-hot inputs (N, 4, L) on the CPU (columns one-hot or all zero); not modified.</param>
    /// <param name="context">Device, batch size (substitutions per model call) and logging; <see cref="ComputeContext.Default"/> when null.</param>
    /// <param name="progress">Receives ("ism", substitutions done, total) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>The deltas; the caller disposes the result.</returns>
    /// <exception cref="ArgumentException">The input is not one-hot, does not fit the model, or local-edit evaluation was requested for a model without a trunk description.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The window lies outside the sequences.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public IsmResult Run(ISequenceModel model, Tensor sequences, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sequences);
        if (model.Input.Kind != InputKind.OneHot || model.Input.Channels != 4)
        {
            throw new ArgumentException("In-silico mutagenesis needs a model with one-hot DNA input (4 channels).", nameof(model));
        }

        model.Input.Validate(sequences, nameof(sequences));
        cancellationToken.ThrowIfCancellationRequested();
        var ctx = context ?? ComputeContext.Default;
        var logger = ctx.LoggerFactory.CreateLogger<InSilicoMutagenesis>();
        var length = (int)sequences.shape[2];
        var (start, end) = Options.WindowFor(length);
        var plan = SubstitutionPlan.Create(sequences, start, end, nameof(sequences));

        var algorithm = EditEvaluation.Resolve(model, Options.Algorithm, out var fallback);
        if (fallback is not null)
        {
            MutagenesisLog.FallbackToFull(logger, fallback);
        }

        var n = (int)sequences.shape[0];
        var t = model.Output.Targets;
        var stopwatch = Stopwatch.StartNew();
        using var evaluator = EditEvaluator.Create(model, algorithm, ctx, LocalEditEvaluator.OneReferencePerChunk);
        var deviceName = evaluator.Device.type == DeviceType.CPU ? "cpu" : $"cuda:{evaluator.Device.index}";
        MutagenesisLog.Start(logger, algorithm, plan.Examples, start, end, plan.Total, deviceName);

        // Deltas are collected as (N, 4, L, T) so that one substitution writes one contiguous row.
        var store = torch.zeros([n, 4, length, t]);
        try
        {
            var job = new SubstitutionJob(plan, length, store, t, new Reporter(logger, progress, plan.Total));
            evaluator.Run(job, cancellationToken);
            job.Reporter.Finish();
            var referenceOutputs = torch.tensor(job.Outputs, [n, t]);
            try
            {
                using var permuted = store.permute(0, 3, 1, 2);
                var deltas = permuted.contiguous();
                MutagenesisLog.End(logger, plan.Total, stopwatch.Elapsed.TotalSeconds);
                return new IsmResult(deltas, referenceOutputs, algorithm, start, end, plan.Total);
            }
            catch
            {
                referenceOutputs.Dispose();
                throw;
            }
        }
        finally
        {
            store.Dispose();
        }
    }

    /// <summary>
    /// Every single-base substitution of the plan as an edit of width 1 of its sequence: collects the reference outputs
    /// and writes each batch's Δ = f(mutant) − f(reference) into the (N, 4, L, T) store.
    /// </summary>
    private sealed class SubstitutionJob : EditJob
    {
        private readonly SubstitutionPlan _plan;
        private readonly Tensor _store;
        private readonly int _targets;
        private readonly List<(long Example, long Base, long Position)> _pending = [];
        private readonly List<float> _pendingDeltas = [];

        public SubstitutionJob(SubstitutionPlan plan, int length, Tensor store, int targets, Reporter reporter)
            : base(plan.Examples, length, plan.Total, referenceOutputs: true, "ism")
        {
            _plan = plan;
            _store = store;
            _targets = targets;
            Reporter = reporter;
            Outputs = new float[(long)plan.Examples * targets];
        }

        public Reporter Reporter { get; }

        /// <summary>The reference outputs (N, T), row-major.</summary>
        public float[] Outputs { get; }

        /// <summary>The sequence's one-hot columns from its base codes (the plan checked that they are one-hot or all zero).</summary>
        public override void WriteReference(int reference, Span<float> input)
        {
            var codes = _plan.Codes(reference);
            for (var l = 0; l < codes.Length; l++)
            {
                if (codes[l] < 4)
                {
                    input[(codes[l] * Length) + l] = 1f;
                }
            }
        }

        public override int ReferenceOf(long edit) => _plan.Substitution(edit).Example;

        public override int StartOf(long edit) => _plan.Substitution(edit).Position;

        public override int WidthOf(long edit) => 1;

        public override void WriteWindow(long edit, Span<float> window) => window[_plan.Substitution(edit).Base] = 1f;

        public override void ReferenceDone(int reference, ReadOnlySpan<float> outputs) =>
            outputs.CopyTo(Outputs.AsSpan(reference * _targets, _targets));

        public override void EditDone(long edit, ReadOnlySpan<float> outputs, ReadOnlySpan<float> referenceOutputs)
        {
            var (n, p, b) = _plan.Substitution(edit);
            _pending.Add((n, b, p));
            for (var k = 0; k < _targets; k++)
            {
                _pendingDeltas.Add(outputs[k] - referenceOutputs[k]);
            }
        }

        public override void BatchDone(bool references, int count)
        {
            if (references)
            {
                return;
            }

            using (var scope = torch.NewDisposeScope())
            {
                var deltas = torch.tensor(_pendingDeltas.ToArray(), [_pending.Count, _targets]);
                var examples = torch.tensor(_pending.Select(x => x.Example).ToArray());
                var bases = torch.tensor(_pending.Select(x => x.Base).ToArray());
                var positions = torch.tensor(_pending.Select(x => x.Position).ToArray());
                _store.index_put_(deltas, TensorIndex.Tensor(examples), TensorIndex.Tensor(bases), TensorIndex.Tensor(positions));
            }

            _pending.Clear();
            _pendingDeltas.Clear();
            Reporter.Add(count);
        }
    }

    /// <summary>Progress and per-batch logging.</summary>
    internal sealed class Reporter(ILogger logger, IProgress<OperationProgress>? progress, long total)
    {
        private long _done;

        public void Add(long count)
        {
            _done += count;
            MutagenesisLog.BatchDone(logger, _done, total);
            progress?.Report(new OperationProgress("ism", _done, total));
        }

        public void Finish()
        {
            if (total == 0)
            {
                progress?.Report(new OperationProgress("ism", 0, 0));
            }
        }
    }
}
