using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>The effect of one variant between the alleles of a pair.</summary>
/// <param name="Variant">The variant.</param>
/// <param name="Effect">−(Δ_first + Δ_second)/2 of the explained output: the variant's effect on the first/second log-ratio.</param>
/// <param name="DeltaFirst">Per output: prediction with the second allele's bases written into the first, minus the original pair's.</param>
/// <param name="DeltaSecond">Per output: prediction with the first allele's bases written into the second, minus the original pair's.</param>
public sealed record AlleleVariantEffect(AlleleVariant Variant, double Effect, IReadOnlyList<double> DeltaFirst, IReadOnlyList<double> DeltaSecond);

/// <summary>The variants of one sequence pair and their effects.</summary>
/// <param name="Example">The pair's index.</param>
/// <param name="Alignment">The alleles' alignment.</param>
/// <param name="Prediction">The original pair's outputs.</param>
/// <param name="Target">The explained output index.</param>
/// <param name="Effects">One effect per variant, in alignment order.</param>
public sealed record AllelePairEffects(int Example, AlleleAlignment Alignment, IReadOnlyList<double> Prediction, int Target, IReadOnlyList<AlleleVariantEffect> Effects)
{
    /// <summary>The variant with the largest |effect|, or null when the alleles are identical.</summary>
    public AlleleVariantEffect? MainVariant => Effects.Count == 0 ? null : Effects.MaxBy(e => Math.Abs(e.Effect));

    /// <summary>The sum of the effects, which approximates the predicted ratio.</summary>
    public double SumOfEffects => Effects.Sum(e => e.Effect);
}

/// <summary>
/// DeepAllele's variant effects by allele swapping (Muquesting/DeepAllele-public) for any <see cref="IPairedSequenceModel"/>: the
/// alleles are decoded (trailing all-zero columns are padding and dropped; inner ones read as N), aligned globally
/// (<see cref="AlleleAlignment"/>), and every SNV and indel of the alignment walk is swapped into each allele in turn;
/// the modified allele is right-padded with zero columns to L (or cropped to L if an insertion made it longer) and the
/// pair predicted. Effect = −(Δratio_first + Δratio_second)/2.
/// </summary>
/// <remarks>
/// <para>The options are fixed at construction (and validated there); the context, progress and cancellation come with
/// each run.</para>
/// <para><b>Thread safety.</b> An instance keeps no state between runs and may be used from several threads at once, on one model or on several: every call holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>.</para>
/// </remarks>
public sealed class AlleleSwapVariantEffects
{
    /// <summary>Initializes the engine.</summary>
    /// <param name="options">Settings; defaults (the output named "ratio", else the last) when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (<see cref="AlleleSwapVariantEffectsOptions.Validate"/>); the parameter name is the option's.</exception>
    public AlleleSwapVariantEffects(AlleleSwapVariantEffectsOptions? options = null)
    {
        Options = (options ?? new AlleleSwapVariantEffectsOptions()).Validate();
    }

    /// <summary>Gets the settings.</summary>
    public AlleleSwapVariantEffectsOptions Options { get; }

    /// <summary>Scores every variant of every pair.</summary>
    /// <param name="model">The paired model (first = reference strain, second = other strain); device and mode are restored.</param>
    /// <param name="first">First alleles (N, 4, L), one-hot, zero-padded on the right.</param>
    /// <param name="second">Second alleles (N, 4, L).</param>
    /// <param name="context">Device, batch size (pairs per model call) and logging.</param>
    /// <param name="progress">Receives ("variant-effects", pairs predicted, total); optional.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>One entry per pair.</returns>
    /// <exception cref="ArgumentException">The inputs do not fit the model, are not one-hot, or the target is out of range (parameter name <c>Target</c>).</exception>
    public IReadOnlyList<AllelePairEffects> Run(IPairedSequenceModel model, Tensor first, Tensor second, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        model.Input.Validate(first, nameof(first));
        model.Input.Validate(second, nameof(second));
        if (first.shape[0] != second.shape[0] || first.shape[2] != second.shape[2])
        {
            throw new ArgumentException("Both alleles must have the same shape (N, 4, L).", nameof(second));
        }

        var t = PairedAlleleMutagenesis.ResolveTarget(model.Output, Options.Target, nameof(AlleleSwapVariantEffectsOptions.Target));
        var ctx = context ?? ComputeContext.Default;
        var logger = ctx.LoggerFactory.CreateLogger<AlleleSwapVariantEffects>();
        var length = (int)first.shape[2];
        var a = Decode(first, nameof(first));
        var b = Decode(second, nameof(second));

        var alignments = new AlleleAlignment[a.Length];
        var variants = new IReadOnlyList<AlleleVariant>[a.Length];
        var pairs = new List<(string First, string Second)>();
        for (var n = 0; n < a.Length; n++)
        {
            alignments[n] = AlleleAlignment.Align(a[n], b[n]);
            variants[n] = alignments[n].Variants();
            pairs.Add((a[n], b[n]));
            foreach (var v in variants[n])
            {
                pairs.Add((alignments[n].Swap(v, intoFirst: true), b[n]));
                pairs.Add((a[n], alignments[n].Swap(v, intoFirst: false)));
            }
        }

        var variantCount = variants.Sum(v => v.Count);
        MutagenesisLog.VariantsFound(logger, variantCount, a.Length);
        var outputs = PredictPairs(model, pairs, length, ctx, progress, cancellationToken);
        var results = new List<AllelePairEffects>(a.Length);
        var row = 0;
        for (var n = 0; n < a.Length; n++)
        {
            var original = outputs[row++];
            var effects = new List<AlleleVariantEffect>(variants[n].Count);
            foreach (var v in variants[n])
            {
                var intoFirst = outputs[row++];
                var intoSecond = outputs[row++];
                var deltaFirst = intoFirst.Select((x, i) => x - original[i]).ToArray();
                var deltaSecond = intoSecond.Select((x, i) => x - original[i]).ToArray();
                effects.Add(new AlleleVariantEffect(v, -(deltaFirst[t] + deltaSecond[t]) / 2, deltaFirst, deltaSecond));
            }

            results.Add(new AllelePairEffects(n, alignments[n], original, t, effects));
        }

        return results;
    }

    /// <summary>Decodes one-hot alleles, dropping trailing all-zero (padding) columns.</summary>
    private static string[] Decode(Tensor alleles, string paramName)
    {
        try
        {
            return OneHotEncoder.Decode(alleles).Select(s => s.TrimEnd('N')).ToArray();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Alleles must be one-hot: {e.Message}", paramName, e);
        }
    }

    /// <summary>Encodes a sequence into (4, L): right-padded with zero columns, or cropped to L.</summary>
    internal static string Fit(string sequence, int length) =>
        sequence.Length >= length ? sequence[..length] : sequence + new string('N', length - sequence.Length);

    /// <summary>Predicts every pair through the paired batching of <see cref="BatchedPredictor"/>; the alleles are encoded as compact uint8 one-hot.</summary>
    private static double[][] PredictPairs(IPairedSequenceModel model, List<(string First, string Second)> pairs, int length, ComputeContext context, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        using var first = OneHotEncoder.Encode(pairs.Select(p => Fit(p.First, length)).ToList(), ScalarType.Byte);
        using var second = OneHotEncoder.Encode(pairs.Select(p => Fit(p.Second, length)).ToList(), ScalarType.Byte);
        using var results = new BatchedPredictor(context).MapMany(model, first, second, static (m, x, y, _) => [m.Evaluate(x, y)], "variant-effects", requiresGrad: false, progress, cancellationToken);
        using var outputs = results[0].to(ScalarType.Float64);
        var values = outputs.data<double>().ToArray();
        var targets = (int)outputs.shape[1];
        var rows = new double[pairs.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = values.AsSpan(i * targets, targets).ToArray();
        }

        return rows;
    }
}
