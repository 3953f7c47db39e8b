using System.Diagnostics;
using Genomics.Interpret.Abstractions;
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
/// The naive algorithm streams substituted sequences through the <see cref="BatchedPredictor"/> in chunks of
/// <see cref="ComputeContext.BatchSize"/>; nothing proportional to the number of substitutions is held besides the
/// result. The fast algorithm (for models implementing <see cref="IConvolutionalTrunk"/>) recomputes each trunk stage
/// only on the slice the substitution reaches, splices it into the reference activations and runs the head on the
/// result; it agrees with the naive one to float rounding. The reference output is the model's prediction for the
/// unmodified sequence; DeepDifE's ISM track (reference minus mutant) is −Δ.
/// </para>
/// <para><b>Thread safety.</b> An instance keeps no per-call state and may be called from several threads at once, on one model or on several: every call (naive or fast ISM) holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>.</para>
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

    /// <summary>Whether fast ISM can run on a model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="reason">Why not, or null when it can.</param>
    /// <returns>True when the model describes its convolutional trunk.</returns>
    public static bool SupportsFast(ISequenceModel model, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not IConvolutionalTrunk trunk)
        {
            reason = $"{model.GetType().Name} does not implement IConvolutionalTrunk (its layers are not a chain of position-local stages)";
            return false;
        }

        if (trunk.TrunkStages.Count == 0)
        {
            reason = $"{model.GetType().Name} describes no trunk stages";
            return false;
        }

        reason = null;
        return true;
    }

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
    /// <exception cref="ArgumentException">The input is not one-hot, does not fit the model, or fast ISM was requested for a model without a trunk description.</exception>
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

        var algorithm = Options.Algorithm;
        if (algorithm != IsmAlgorithm.Naive)
        {
            var fast = SupportsFast(model, out var reason);
            if (!fast && algorithm == IsmAlgorithm.Fast)
            {
                throw new ArgumentException($"Fast ISM was requested but {reason}; use IsmAlgorithm.Naive or Auto.", nameof(model));
            }

            if (!fast)
            {
                MutagenesisLog.FallbackToNaive(logger, reason!);
            }

            algorithm = fast ? IsmAlgorithm.Fast : IsmAlgorithm.Naive;
        }

        var device = DeviceResolver.Resolve(ctx);
        var deviceName = device.type == DeviceType.CPU ? "cpu" : $"cuda:{device.index}";
        MutagenesisLog.Start(logger, algorithm, plan.Examples, start, end, plan.Total, deviceName);
        var stopwatch = Stopwatch.StartNew();
        var n = sequences.shape[0];
        var t = model.Output.Targets;

        // Deltas are collected as (N, 4, L, T) so that one substitution writes one contiguous row.
        var store = torch.zeros([n, 4, length, t]);
        Tensor? referenceOutputs = null;
        try
        {
            using (new ModelStateScope(model.Module, device))
            {
                var reporter = new Reporter(logger, progress, plan.Total);
                if (algorithm == IsmAlgorithm.Fast)
                {
                    referenceOutputs = FastIsm.Run(model, (IConvolutionalTrunk)model, sequences, plan, store, device, ctx.BatchSize, reporter, cancellationToken);
                }
                else
                {
                    referenceOutputs = NaiveIsm.Run(model, sequences, plan, store, ctx, reporter, cancellationToken);
                }
            }

            using var permuted = store.permute(0, 3, 1, 2);
            var deltas = permuted.contiguous();
            MutagenesisLog.End(logger, plan.Total, stopwatch.Elapsed.TotalSeconds);
            return new IsmResult(deltas, referenceOutputs, algorithm, start, end, plan.Total);
        }
        catch
        {
            referenceOutputs?.Dispose();
            throw;
        }
        finally
        {
            store.Dispose();
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
