using Genomics.Interpret.Abstractions;
using Genomics.Interpret.References;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.DeepLift;

/// <summary>
/// DeepLIFT with the rescale rule, averaged over K references per example (DeepLIFT-SHAP, as SHAP's DeepExplainer):
/// φ(x) = mean over references r of m(x, r) ⊙ (x − r), where m are the multipliers obtained by back-propagating
/// through the model with DeepLIFT's rules.
/// </summary>
/// <remarks>
/// <para>Each example and its K references run through the model as one paired batch <c>[x, …, x; r₁, …, r_K]</c>
/// while <see cref="AttributionRules"/> are active, so the library's activation, max-pool and softmax modules compare
/// the first half of every batch with the second (see <see cref="AttributionRules"/> for the rules and their sources).
/// The library's recurrent, attention and layer-normalisation modules (AttentiveChrome, CNN-GRU, DeepCBA) run unfused
/// under the rules, with the Shapley product rule for products of two data-dependent tensors
/// (docs/decisions/deeplift-recurrent.md). Models containing a nonlinearity the rules cannot replace (a raw TorchSharp
/// LSTM/GRU or activation) are rejected by name; see <see cref="DeepLiftSupport"/>.</para>
/// <para>For one-hot inputs the scores are the contributions projected onto the observed base (hypothetical × input),
/// and the hypothetical scores follow SHAP/TF-MoDISco's <c>combine_mult_and_diffref</c>: for base b at a position,
/// mean over references of <c>Σ_c m[c]·(e_b − r)[c]</c>. Per (example, reference) convergence deltas
/// |Σ(x − r)·m − (f(x) − f(r))| are returned; those above <see cref="DeepLiftShapOptions.WarnThreshold"/> are logged as a
/// warning, or throw <see cref="DeepLiftConvergenceException"/> in strict mode.</para>
/// <para>Reference k of example i is generated for the whole input at once, so it does not depend on the batch size.
/// A batch holds max(1, BatchSize / (2K)) examples; batches run through the attribution pipeline shared with
/// <see cref="Gradients.Saliency"/>, on <see cref="BatchedPredictor.MapMany(ISequenceModel, Tensor, BatchFunction, string, bool, IProgress{OperationProgress}?, CancellationToken)"/>
/// with gradients enabled.</para>
/// <para><b>Thread safety.</b> An instance keeps no per-call state and may be called from several threads at once, on one model or on several: every call holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>. The DeepLIFT rules (<see cref="AttributionRules"/>) are scoped to the calling flow of execution, so saliency on another thread meanwhile gets ordinary gradients.</para>
/// </remarks>
public sealed class DeepLiftShap : IAttributionMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    public DeepLiftShap(DeepLiftShapOptions? options = null)
    {
        Options = (options ?? new DeepLiftShapOptions()).Validate();
    }

    /// <summary>The settings.</summary>
    public DeepLiftShapOptions Options { get; }

    /// <inheritdoc />
    public string Name => Options.MultipliersOnly ? "deeplift-multipliers" : "deeplift-shap";

    /// <inheritdoc />
    public AttributionResult Attribute(ISequenceModel model, Tensor sequences, AttributionTarget target, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        AttributionPipeline.Run(Name, model, sequences, target, context, ctx => Plan(model, sequences, target, ctx), progress, cancellationToken);

    private AttributionPlan Plan(ISequenceModel model, Tensor sequences, AttributionTarget target, ComputeContext ctx)
    {
        DeepLiftSupport.EnsureSupported(model, nameof(model));
        var kind = model.Input.Kind;
        var oneHot = kind == InputKind.OneHot;
        var generator = Options.ReferenceGenerator ?? (oneHot ? new DinucleotideShuffle() : ConstantReference.Zeros);
        if (!generator.Supports(kind))
        {
            throw new ArgumentException($"The reference generator {generator.GetType().Name} needs one-hot input, but the model takes {kind} input; use ConstantReference, TrackMeans or BinShuffle.", nameof(sequences));
        }

        var hypothetical = Options.ReturnHypothetical ?? (oneHot && !Options.MultipliersOnly);
        if (hypothetical && !oneHot)
        {
            throw new ArgumentException("Hypothetical contributions need one-hot input; the model takes track input.", nameof(sequences));
        }

        var logger = ctx.LoggerFactory.CreateLogger<DeepLiftShap>();
        var n = sequences.shape[0];
        var c = sequences.shape[1];
        var l = sequences.shape[2];
        var k = Options.References;
        DeepLiftLog.Start(logger, n, k, Name);

        var seed = ctx.SeedFor(Options.Seed, DeepLiftShapOptions.DefaultSeed);
        var references = (Options.FirstExample == 0 ? generator.Generate(sequences, k, seed) : generator.GenerateFrom(sequences, k, seed, Options.FirstExample)).to(ScalarType.Float32, torch.CPU);
        if (references.dim() != 4 || references.shape[0] != n || references.shape[1] != k || references.shape[2] != c || references.shape[3] != l)
        {
            throw new InvalidOperationException($"The reference generator {generator.GetType().Name} returned shape ({string.Join(", ", references.shape)}); expected ({n}, {k}, {c}, {l}).");
        }

        return new AttributionPlan
        {
            References = references,
            RowsPerExample = 2 * k,
            Hypothetical = hypothetical,
            Deltas = true,
            KeepReferences = Options.KeepReferences,
            Rules = () => AttributionRules.DeepLiftRescale(Options.Epsilon),
            Explain = (m, batch, referenceSlice, slice) => Explain(m, batch, referenceSlice!, target, slice.Start, hypothetical, oneHot),
            CheckDeltas = deltas => CheckConvergence(deltas, logger),
        };
    }

    private BatchAttribution Explain(ISequenceModel model, Tensor batch, Tensor referenceSlice, AttributionTarget target, long firstExample, bool hypothetical, bool oneHot)
    {
        var b = batch.shape[0];
        var c = batch.shape[1];
        var l = batch.shape[2];
        var k = Options.References;
        var rows = b * k;
        var x = batch.unsqueeze(1).expand(b, k, c, l).reshape(rows, c, l);
        var r = referenceSlice.reshape(rows, c, l);
        var paired = torch.cat([x, r], 0).detach().requires_grad_(true);
        var outputs = model.Evaluate(paired);
        var f = AttributionRows.Select(target, outputs, firstExample, b, k);
        using var inputGradientsOnly = GradientScope.InputGradientsOnly();   // attribution never reads weight gradients
        var gradient = torch.autograd.grad([f.sum()], [paired])[0];
        var multipliers = gradient.narrow(0, 0, rows).detach();
        var difference = x - r;
        var contributions = multipliers * difference;
        var fx = f.narrow(0, 0, rows).detach();
        var fr = f.narrow(0, rows, rows).detach();
        var deltas = (contributions.sum([1, 2]) - (fx - fr)).abs().view(b, k);

        Tensor scores;
        if (Options.MultipliersOnly)
        {
            scores = multipliers.view(b, k, c, l).mean([1]);
            if (Options.CentreAcrossChannels)
            {
                scores = AttributionRows.CentreAcrossChannels(scores);
            }
        }
        else
        {
            var mean = contributions.view(b, k, c, l).mean([1]);
            scores = oneHot ? AttributionRows.ProjectOnObserved(mean, batch) : mean;
        }

        var hypotheticalScores = hypothetical ? AttributionRows.Hypothetical(multipliers, r).view(b, k, c, l).mean([1]) : null;
        return new BatchAttribution(scores, hypotheticalScores, deltas);
    }

    private void CheckConvergence(Tensor deltas, ILogger logger)
    {
        if (deltas.numel() == 0)
        {
            return;
        }

        var values = deltas.to_type(ScalarType.Float64).data<double>().ToArray();
        var failures = values.LongCount(v => !(v <= Options.WarnThreshold));
        if (failures == 0)
        {
            return;
        }

        var max = values.Any(double.IsNaN) ? double.NaN : values.Max();
        if (Options.Strict)
        {
            throw new DeepLiftConvergenceException(max, Options.WarnThreshold, failures);
        }

        DeepLiftLog.ConvergenceWarning(logger, failures, Options.WarnThreshold, max);
    }
}
