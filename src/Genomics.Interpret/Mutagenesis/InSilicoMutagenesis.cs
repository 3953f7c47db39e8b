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
/// (mean-centred by default, <see cref="InSilicoMutagenesisOptions.MeanCentre"/>) and the scores are its projection on
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
    public InSilicoMutagenesis(InSilicoMutagenesisOptions? options = null)
    {
        Options = options ?? InSilicoMutagenesisOptions.Default;
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
        var hypothetical = result.ForTarget(target, Options.MeanCentre);
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
        var (start, end) = Options.Window(length);
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
        var job = new SubstitutionJob(sequences, plan, t, new Reporter(logger, progress, plan.Total));
        evaluator.Run(job, cancellationToken);
        job.Reporter.Finish();

        // Deltas are collected as (N, T, 4, L); the observed bases and positions outside the window stay zero.
        var deltas = torch.tensor(job.Deltas, [n, t, 4, length]);
        try
        {
            var referenceOutputs = torch.tensor(job.Outputs, [n, t]);
            MutagenesisLog.End(logger, plan.Total, stopwatch.Elapsed.TotalSeconds);
            return new IsmResult(deltas, referenceOutputs, algorithm, start, end, plan.Total);
        }
        catch
        {
            deltas.Dispose();
            throw;
        }
    }

    /// <summary>Every single-base substitution of the plan as an edit of width 1 of its sequence; collects Δ and the reference outputs.</summary>
    private sealed class SubstitutionJob : EditJob
    {
        private readonly float[] _sequences;
        private readonly SubstitutionPlan _plan;
        private readonly int _targets;

        public SubstitutionJob(Tensor sequences, SubstitutionPlan plan, int targets, Reporter reporter)
            : base(plan.Examples, (int)sequences.shape[2], plan.Total, referenceOutputs: true, "ism")
        {
            using (var scope = torch.NewDisposeScope())
            {
                _sequences = sequences.to(ScalarType.Float32, torch.CPU).contiguous().data<float>().ToArray();
            }

            _plan = plan;
            _targets = targets;
            Reporter = reporter;
            Deltas = new float[(long)plan.Examples * targets * 4 * Length];
            Outputs = new float[(long)plan.Examples * targets];
        }

        public Reporter Reporter { get; }

        /// <summary>Δ (N, T, 4, L), row-major.</summary>
        public float[] Deltas { get; }

        /// <summary>The reference outputs (N, T), row-major.</summary>
        public float[] Outputs { get; }

        public override void WriteReference(int reference, Span<float> input) =>
            _sequences.AsSpan(reference * 4 * Length, 4 * Length).CopyTo(input);

        public override int ReferenceOf(long edit) => _plan.Substitution(edit).Example;

        public override int StartOf(long edit) => _plan.Substitution(edit).Position;

        public override int WidthOf(long edit) => 1;

        public override void WriteWindow(long edit, Span<float> window) => window[_plan.Substitution(edit).Base] = 1f;

        public override void ReferenceDone(int reference, ReadOnlySpan<float> outputs) =>
            outputs.CopyTo(Outputs.AsSpan(reference * _targets, _targets));

        public override void EditDone(long edit, ReadOnlySpan<float> outputs, ReadOnlySpan<float> referenceOutputs)
        {
            var (n, p, b) = _plan.Substitution(edit);
            var plane = 4L * Length;
            var first = ((long)n * _targets * plane) + (b * (long)Length) + p;
            for (var k = 0; k < _targets; k++)
            {
                Deltas[first + (k * plane)] = outputs[k] - referenceOutputs[k];
            }
        }

        public override void BatchDone(bool references, int count)
        {
            if (!references)
            {
                Reporter.Add(count);
            }
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
