using Genomics.Models.Layers;
using Genomics.Interpret.Abstractions;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Gradients;

/// <summary>
/// Gradient attributions: the input gradient, gradient × input, and integrated gradients, with optional gradient
/// correction (mean-centring across the alphabet) for one-hot inputs. Works on one-hot and track inputs and on every
/// model of the zoo, recurrent ones included (only ordinary gradients are used).
/// </summary>
/// <remarks>
/// <para>Scores: <see cref="SaliencyMethod.Gradient"/> returns the gradient at every channel;
/// <see cref="SaliencyMethod.GradientTimesInput"/> returns gradient ⊙ input, with the gradient as hypothetical scores for
/// one-hot inputs; <see cref="SaliencyMethod.IntegratedGradients"/> returns (x − b) ⊙ ḡ averaged over the references,
/// where ḡ is the mean gradient at the midpoints α = (j − ½)/steps of the path b + α(x − b). For one-hot inputs the
/// integrated-gradient contributions are projected onto the observed base and the hypothetical scores are
/// <c>ḡ[b] − Σ_c ḡ[c]·reference[c]</c> (as for DeepLIFT), so hypothetical × input = scores. Integrated gradients also
/// report per (example, reference) completeness deltas |Σ scores − (f(x) − f(b))| in
/// <see cref="AttributionResult.ConvergenceDeltas"/>; they shrink as the number of steps grows.</para>
/// <para>Batches run through the attribution pipeline shared with DeepLIFT-SHAP, which explains each batch through
/// <see cref="BatchedPredictor.MapMany(ISequenceModel, Tensor, BatchFunction, string, bool, IProgress{OperationProgress}?, CancellationToken)"/>
/// with gradients enabled, so the model's device and training mode are restored afterwards. A batch holds max(1, BatchSize / (references × steps)) examples for integrated
/// gradients. Generated references are produced for the whole input at once, so they do not depend on the batch size.</para>
/// <para><b>Thread safety.</b> An instance keeps no per-call state and may be called from several threads at once, on one model or on several: every call holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>. Gradients and the input-gradient-only scope are per thread.</para>
/// </remarks>
public sealed class Saliency : IAttributionMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="options">Settings; defaults (plain gradient) when null.</param>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    public Saliency(SaliencyOptions? options = null)
    {
        Options = (options ?? new SaliencyOptions()).Validate();
    }

    /// <summary>The settings.</summary>
    public SaliencyOptions Options { get; }

    /// <inheritdoc />
    public string Name => Options.Method switch
    {
        SaliencyMethod.GradientTimesInput => "gradient-x-input",
        SaliencyMethod.IntegratedGradients => "integrated-gradients",
        _ => "saliency",
    };

    /// <inheritdoc />
    public AttributionResult Attribute(ISequenceModel model, Tensor sequences, AttributionTarget target, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        AttributionPipeline.Run(Name, model, sequences, target, context, ctx => Plan(model, sequences, target, ctx), progress, cancellationToken);

    private AttributionPlan Plan(ISequenceModel model, Tensor sequences, AttributionTarget target, ComputeContext ctx)
    {
        var oneHot = model.Input.Kind == InputKind.OneHot;
        if (Options.CentreAcrossChannels && !oneHot)
        {
            throw new ArgumentException("Centring across channels (gradient correction) needs one-hot input; the model takes track input.", nameof(sequences));
        }

        var hypothetical = Options.ReturnHypothetical ?? (oneHot && Options.Method != SaliencyMethod.Gradient);
        if (hypothetical && !oneHot)
        {
            throw new ArgumentException("Hypothetical scores need one-hot input; the model takes track input.", nameof(sequences));
        }

        var integrated = Options.Method == SaliencyMethod.IntegratedGradients;
        var baselines = integrated ? Baselines(model, sequences, ctx) : null;
        var k = baselines?.shape[1] ?? 0;
        var rowsPerExample = integrated ? k * Options.Steps : 1;
        var logger = ctx.LoggerFactory.CreateLogger<Saliency>();
        SaliencyLog.Start(logger, Name, sequences.shape[0], rowsPerExample);
        return new AttributionPlan
        {
            References = baselines,
            RowsPerExample = rowsPerExample,
            Hypothetical = hypothetical,
            Deltas = integrated,
            Explain = integrated
                ? (m, batch, baseline, slice) => Integrated(m, batch, baseline!, target, slice.Start, hypothetical, oneHot)
                : (m, batch, _, slice) => Plain(m, batch, target, slice.Start, hypothetical),
        };
    }

    private Tensor Baselines(ISequenceModel model, Tensor sequences, ComputeContext ctx)
    {
        var (n, c, l) = (sequences.shape[0], sequences.shape[1], sequences.shape[2]);
        if (Options.Reference is { } given)
        {
            var fits = given.dim() == 2 ? given.shape[0] == c && given.shape[1] == l : given.shape[0] == n && given.shape[1] == c && given.shape[2] == l;
            if (!fits)
            {
                throw new ArgumentException($"The reference has shape ({string.Join(", ", given.shape)}); expected ({c}, {l}) or ({n}, {c}, {l}).", nameof(sequences));
            }

            var cpu = given.detach().to(ScalarType.Float32, torch.CPU);
            return (given.dim() == 2 ? cpu.unsqueeze(0).expand(n, c, l) : cpu).unsqueeze(1);
        }

        if (Options.ReferenceGenerator is { } generator)
        {
            if (!generator.Supports(model.Input.Kind))
            {
                throw new ArgumentException($"The reference generator {generator.GetType().Name} needs one-hot input, but the model takes {model.Input.Kind} input.", nameof(sequences));
            }

            var seed = ctx.SeedFor(Options.Seed, SaliencyOptions.DefaultSeed);
            var generated = (Options.FirstExample == 0 ? generator.Generate(sequences, Options.References, seed) : generator.GenerateFrom(sequences, Options.References, seed, Options.FirstExample)).to(ScalarType.Float32, torch.CPU);
            if (generated.dim() != 4 || generated.shape[0] != n || generated.shape[1] != Options.References || generated.shape[2] != c || generated.shape[3] != l)
            {
                throw new InvalidOperationException($"The reference generator {generator.GetType().Name} returned shape ({string.Join(", ", generated.shape)}); expected ({n}, {Options.References}, {c}, {l}).");
            }

            return generated;
        }

        return torch.zeros(n, 1, c, l);
    }

    private BatchAttribution Plain(ISequenceModel model, Tensor batch, AttributionTarget target, long firstExample, bool hypothetical)
    {
        var b = batch.shape[0];
        var input = batch.detach().requires_grad_(true);
        var f = AttributionRows.Select(target, model.Evaluate(input), firstExample, b, 1);
        using var inputGradientsOnly = GradientScope.InputGradientsOnly();   // attribution never reads weight gradients
        var gradient = torch.autograd.grad([f.sum()], [input])[0].detach();
        if (Options.CentreAcrossChannels)
        {
            gradient = AttributionRows.CentreAcrossChannels(gradient);
        }

        var scores = Options.Method == SaliencyMethod.Gradient ? gradient : gradient * batch;
        return new BatchAttribution(scores, hypothetical ? gradient : null, null);   // never hypothetical for the plain gradient (options refuse it)
    }

    private BatchAttribution Integrated(ISequenceModel model, Tensor batch, Tensor baseline, AttributionTarget target, long firstExample, bool hypothetical, bool oneHot)
    {
        var (b, c, l) = (batch.shape[0], batch.shape[1], batch.shape[2]);
        var k = baseline.shape[1];
        var steps = Options.Steps;
        var alphas = ((torch.arange(steps, ScalarType.Float32, batch.device) + 0.5f) / steps).view(1, 1, steps, 1, 1);
        var x5 = batch.view(b, 1, 1, c, l);
        var b5 = baseline.view(b, k, 1, c, l);
        var path = (b5 + (alphas * (x5 - b5))).reshape(b * k * steps, c, l).detach().requires_grad_(true);
        var f = AttributionRows.Select(target, model.Evaluate(path), firstExample, b, k * steps);
        using var inputGradientsOnly = GradientScope.InputGradientsOnly();   // attribution never reads weight gradients
        var gradient = torch.autograd.grad([f.sum()], [path])[0].detach().view(b, k, steps, c, l).mean([2]);
        if (Options.CentreAcrossChannels)
        {
            gradient -= gradient.mean([2], keepdim: true);
        }

        var difference = batch.unsqueeze(1) - baseline;
        var contributions = gradient * difference;
        var mean = contributions.mean([1]);
        var scores = oneHot ? AttributionRows.ProjectOnObserved(mean, batch) : mean;

        Tensor fx;
        Tensor fb;
        using (torch.no_grad())
        {
            fx = AttributionRows.Select(target, model.Evaluate(batch), firstExample, b, 1);
            fb = AttributionRows.Select(target, model.Evaluate(baseline.reshape(b * k, c, l)), firstExample, b, k).view(b, k);
        }

        var deltas = (contributions.sum([2, 3]) - (fx.unsqueeze(1) - fb)).abs();
        var hypotheticalScores = hypothetical
            ? AttributionRows.Hypothetical(gradient.reshape(b * k, c, l), baseline.reshape(b * k, c, l)).view(b, k, c, l).mean([1])
            : null;
        return new BatchAttribution(scores, hypotheticalScores, deltas);
    }
}
