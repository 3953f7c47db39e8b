using Genomics.Interpret.Evaluation;
using Genomics.Interpret.Abstractions;
using Genomics.Models.Abstractions;
using Genomics.Models.Adapters;
using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>Settings of <see cref="PairedAlleleMutagenesis"/>.</summary>
public sealed record PairedAlleleMutagenesisOptions
{
    /// <summary>The explained output; null for the output named "ratio", or the last output when none is so named.</summary>
    public int? Target { get; init; }

    /// <summary>
    /// DeepAllele's original storage (a quirk of its code): the raw prediction pred(mutant) is stored at substituted
    /// cells and 0 at the observed base, then the per-position mean is subtracted. Default false: Δ = pred(mutant) −
    /// pred(reference), 0 at the observed base, then the per-position mean is subtracted.
    /// </summary>
    public bool OriginalStorage { get; init; }

    /// <summary>
    /// How the substitutions are evaluated; default <see cref="EvaluationAlgorithm.Auto"/>: local edits when the paired
    /// model describes its trunk (<see cref="Genomics.Models.Abstractions.IPairedConvolutionalTrunk"/>, e.g. DeepAllele's
    /// paired model), the whole model otherwise.
    /// </summary>
    public EvaluationAlgorithm Algorithm { get; init; } = EvaluationAlgorithm.Auto;

    /// <summary>Checks every setting that does not depend on the model; <see cref="PairedAlleleMutagenesis"/> calls it
    /// on construction (the target is checked against the model's outputs when a run starts).</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the parameter name is the option's.</exception>
    public PairedAlleleMutagenesisOptions Validate()
    {
        if (Target is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Target), Target, "The target index cannot be negative.");
        }

        if (!Enum.IsDefined(Algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(Algorithm), Algorithm, "Unknown ISM algorithm.");
        }

        return this;
    }
}

/// <summary>
/// DeepAllele's ISM attribution maps (Muquesting/DeepAllele-public): for each sequence pair, every single-base substitution of
/// either allele is predicted with the other allele unchanged, and the explained output (the ratio head by default)
/// recorded; the maps are mean-centred per position and returned in DeepAllele's layout (N, L, 4, 2), allele last
/// (0 = first, 1 = second). Each allele is mutated through a <see cref="PairedAlleleView"/>, so local-edit evaluation applies when
/// the model describes its trunk: only the varying allele's trunk is recomputed, inside each substitution's reach.
/// </summary>
/// <remarks>
/// <para>The options are fixed at construction (and validated there); the context, progress and cancellation come with
/// each run.</para>
/// <para><b>Thread safety.</b> An instance keeps no state between runs and may be used from several threads at once, on one model or on several: every call holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>.</para>
/// </remarks>
public sealed class PairedAlleleMutagenesis
{
    private readonly InSilicoMutagenesis _ism;

    /// <summary>Initializes the engine.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (<see cref="PairedAlleleMutagenesisOptions.Validate"/>); the parameter name is the option's.</exception>
    public PairedAlleleMutagenesis(PairedAlleleMutagenesisOptions? options = null)
    {
        Options = (options ?? new PairedAlleleMutagenesisOptions()).Validate();
        _ism = new InSilicoMutagenesis(new InSilicoMutagenesisOptions { Algorithm = Options.Algorithm, CentreAcrossChannels = false });
    }

    /// <summary>Gets the settings.</summary>
    public PairedAlleleMutagenesisOptions Options { get; }

    /// <summary>Computes the maps.</summary>
    /// <param name="model">The paired model; its device and training mode are restored afterwards.</param>
    /// <param name="first">First alleles (N, 4, L), one-hot, on the CPU.</param>
    /// <param name="second">Second alleles (N, 4, L), one-hot, on the CPU.</param>
    /// <param name="context">Device, batch size and logging.</param>
    /// <param name="progress">Receives ("paired-ism", alleles done, 2N); optional.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Scores (N, L, 4, 2), float32, on the CPU; the caller owns the tensor.</returns>
    /// <exception cref="ArgumentException">The inputs do not fit the model or differ in shape, the target is out of range (parameter name <c>Target</c>), or local-edit evaluation was requested for a model without a trunk description.</exception>
    public Tensor Run(IPairedSequenceModel model, Tensor first, Tensor second, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        model.Input.Validate(first, nameof(first));
        model.Input.Validate(second, nameof(second));
        if (!first.shape.SequenceEqual(second.shape))
        {
            throw new ArgumentException("Both alleles must have the same shape (N, 4, L).", nameof(second));
        }

        var o = Options;
        var target = ResolveTarget(model.Output, o.Target, nameof(PairedAlleleMutagenesisOptions.Target));
        var n = first.shape[0];
        var length = first.shape[2];
        var maps = new List<Tensor>();
        try
        {
            for (long e = 0; e < n; e++)
            {
                var alleles = new Tensor[2];
                for (var a = 0; a < 2; a++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = torch.NewDisposeScope();
                    var varying = (a == 0 ? first : second).narrow(0, e, 1);
                    var fixedSide = (a == 0 ? second : first).narrow(0, e, 1);
                    using var view = new PairedAlleleView(model, a == 0 ? PairedAlleleMode.VaryFirst : PairedAlleleMode.VarySecond, fixedSide);
                    using var result = _ism.Run(view, varying, context, null, cancellationToken);
                    var deltas = result.ForTarget(AttributionTarget.Output(target));
                    if (o.OriginalStorage)
                    {
                        var observed = varying.to(ScalarType.Float32, torch.CPU);
                        var prediction = result.ReferenceOutputs[0, target];
                        deltas = (deltas + prediction) * (1 - observed);
                    }

                    alleles[a] = IsmResult.CentreAcrossChannels(deltas)[0].MoveToOuterDisposeScope();
                    progress?.Report(new OperationProgress("paired-ism", (2 * e) + a + 1, 2 * n));
                }

                using (alleles[0])
                using (alleles[1])
                {
                    maps.Add(torch.stack(alleles, 2).permute(1, 0, 2).contiguous());
                }
            }

            return n == 0 ? torch.zeros(0, length, 4, 2) : torch.stack(maps, 0);
        }
        finally
        {
            foreach (var m in maps)
            {
                m.Dispose();
            }
        }
    }

    /// <summary>The explained output index: the given one, else the output named "ratio", else the last.</summary>
    internal static int ResolveTarget(SequenceOutputSpec output, int? target, string paramName)
    {
        if (target is int t)
        {
            if (t < 0 || t >= output.Targets)
            {
                throw new ArgumentException($"Target {t} is out of range: the model has {output.Targets} output(s).", paramName);
            }

            return t;
        }

        var named = output.TargetNames.ToList().FindIndex(name => string.Equals(name, "ratio", StringComparison.OrdinalIgnoreCase));
        return named >= 0 ? named : output.Targets - 1;
    }
}
