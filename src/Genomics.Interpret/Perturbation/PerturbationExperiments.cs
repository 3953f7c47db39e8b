using Genomics.Interpret.Abstractions;
using Genomics.Interpret.References;
using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using Genomics.Models.Encoding;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Perturbation;

/// <summary>
/// Forward perturbation experiments on one-hot sequences, each reporting what an <see cref="ISequenceFunction"/>
/// (raw predictions when none is given, or attributions of any method) returns before and after the perturbation:
/// marginalisation (insert a motif into backgrounds), ablation (shuffle a region out) and spacing (two motifs at a
/// range of distances).
/// </summary>
/// <remarks>
/// <para><b>Thread safety.</b> These methods keep no shared state and may be called from several threads at once, on one model or on several: every model call holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>.</para>
/// </remarks>
public static class PerturbationExperiments
{
    /// <summary>Inserts a motif at a position of every background sequence and measures the change.</summary>
    /// <param name="model">The model (one-hot DNA input).</param>
    /// <param name="backgrounds">Background sequences (N, 4, L) on the CPU, one-hot; not modified.</param>
    /// <param name="motif">The motif; a sampled motif draws one instance per background from (seed, example).</param>
    /// <param name="position">The motif's first position; the motif must fit: 0 ≤ position ≤ L − W.</param>
    /// <param name="function">What to compute; raw predictions when null.</param>
    /// <param name="seed">Seed for sampled motifs. Null uses the context's seed, or 0 when that is null too (<see cref="ComputeContext.SeedFor"/>).</param>
    /// <param name="context">Device, batch size and logging.</param>
    /// <param name="progress">Forwarded to the function for the perturbed sequences; optional.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Before, After and Delta, each (N, …).</returns>
    /// <exception cref="ArgumentException">The input is not one-hot or does not fit the model, or the motif does not fit.</exception>
    public static PerturbationResult Marginalize(ISequenceModel model, Tensor backgrounds, MotifSource motif, int position, ISequenceFunction? function = null, long? seed = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(motif);
        var (values, n, length) = Read(model, backgrounds, nameof(backgrounds));
        CheckFits(position, motif.Width, length, nameof(position));
        for (var e = 0; e < n; e++)
        {
            Write(values, e, length, position, motif.Instance(new Random(ExampleSeed((context ?? ComputeContext.Default).SeedFor(seed, 0), e))));
        }

        var f = function ?? new PredictionFunction();
        Log(context, "marginalize", n);
        using var inserted = torch.tensor(values, [n, 4, length]);
        var before = f.Apply(model, backgrounds, context, null, cancellationToken);
        try
        {
            var after = f.Apply(model, inserted, context, progress, cancellationToken);
            return new PerturbationResult(f.Name, before, after, after - before);
        }
        catch
        {
            before.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Replaces the region [start, end) of every sequence by K shuffles of it from a reference generator (e.g.
    /// <see cref="DinucleotideShuffle"/>, which keeps the region's dinucleotide counts) and measures the change.
    /// </summary>
    /// <param name="model">The model (one-hot DNA input).</param>
    /// <param name="sequences">Sequences (N, 4, L) on the CPU, one-hot; not modified.</param>
    /// <param name="start">First position of the region.</param>
    /// <param name="end">End of the region (exclusive), at most L.</param>
    /// <param name="generator">Produces the shuffled regions (called on the (N, 4, end − start) region).</param>
    /// <param name="shuffles">K, shuffles per sequence; at least 1.</param>
    /// <param name="function">What to compute; raw predictions when null.</param>
    /// <param name="seed">The generator's seed. Null uses the context's seed, or 0 when that is null too (<see cref="ComputeContext.SeedFor"/>).</param>
    /// <param name="context">Device, batch size and logging.</param>
    /// <param name="progress">Forwarded to the function for the N·K ablated sequences; optional.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Before (N, …), After (N, K, …), Delta (N, …) = mean over shuffles − Before.</returns>
    /// <exception cref="ArgumentException">The input is not one-hot or does not fit the model, or the region is empty or outside the sequences.</exception>
    public static PerturbationResult Ablate(ISequenceModel model, Tensor sequences, int start, int end, IReferenceGenerator generator, int shuffles = 10, ISequenceFunction? function = null, long? seed = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(shuffles, 1);
        var (_, n, length) = Read(model, sequences, nameof(sequences));
        if (start < 0 || end > length || start >= end)
        {
            throw new ArgumentException($"The region [{start}, {end}) must be non-empty and inside [0, {length}).", nameof(start));
        }

        var f = function ?? new PredictionFunction();
        Log(context, "ablate", n * shuffles);
        Tensor ablated;
        using (var scope = torch.NewDisposeScope())
        {
            var x = sequences.to(ScalarType.Float32, torch.CPU);
            var references = generator.Generate(x[.., .., start..end].contiguous(), shuffles, (context ?? ComputeContext.Default).SeedFor(seed, 0)).cpu();
            var expanded = x.unsqueeze(1).expand(n, shuffles, 4, length).clone();
            expanded[.., .., .., start..end] = references;
            ablated = expanded.reshape(n * shuffles, 4, length).MoveToOuterDisposeScope();
        }

        using (ablated)
        {
            var before = f.Apply(model, sequences, context, null, cancellationToken);
            try
            {
                using var flat = f.Apply(model, ablated, context, progress, cancellationToken);
                var after = flat.reshape([n, shuffles, .. flat.shape.Skip(1)]);
                using var mean = after.mean([1L]);
                return new PerturbationResult(f.Name, before, after, mean - before);
            }
            catch
            {
                before.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Inserts two motifs into every background: the first at <paramref name="firstPosition"/>, the second starting
    /// <c>spacing</c> positions after the first one ends (spacing = the number of background bases between them), for
    /// every spacing; measures the change against the unmodified backgrounds. Sampled motifs draw one instance of each
    /// motif per background, shared by all spacings.
    /// </summary>
    /// <param name="model">The model (one-hot DNA input).</param>
    /// <param name="backgrounds">Background sequences (N, 4, L) on the CPU, one-hot; not modified.</param>
    /// <param name="first">The first motif.</param>
    /// <param name="second">The second motif.</param>
    /// <param name="firstPosition">The first motif's position.</param>
    /// <param name="spacings">Gaps between the motifs, each ≥ 0, such that both motifs fit.</param>
    /// <param name="function">What to compute; raw predictions when null.</param>
    /// <param name="seed">Seed for sampled motifs. Null uses the context's seed, or 0 when that is null too (<see cref="ComputeContext.SeedFor"/>).</param>
    /// <param name="context">Device, batch size and logging.</param>
    /// <param name="progress">Forwarded to the function for the D·N perturbed sequences; optional.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Before (N, …), After and Delta (D, N, …), and the spacings.</returns>
    /// <exception cref="ArgumentException">The input is not one-hot or does not fit the model, no spacing is given, or a motif does not fit.</exception>
    public static PerturbationResult Space(ISequenceModel model, Tensor backgrounds, MotifSource first, MotifSource second, int firstPosition, IReadOnlyList<int> spacings, ISequenceFunction? function = null, long? seed = null, ComputeContext? context = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(spacings);
        if (spacings.Count == 0)
        {
            throw new ArgumentException("Give at least one spacing.", nameof(spacings));
        }

        var (values, n, length) = Read(model, backgrounds, nameof(backgrounds));
        CheckFits(firstPosition, first.Width, length, nameof(firstPosition));
        foreach (var d in spacings)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Spacing {d} is negative.", nameof(spacings));
            }

            CheckFits(firstPosition + first.Width + d, second.Width, length, nameof(spacings));
        }

        var instances = Enumerable.Range(0, n).Select(e =>
        {
            var random = new Random(ExampleSeed((context ?? ComputeContext.Default).SeedFor(seed, 0), e));
            return (First: first.Instance(random), Second: second.Instance(random));
        }).ToArray();
        var perturbed = new float[spacings.Count * values.Length];
        for (var s = 0; s < spacings.Count; s++)
        {
            var offset = s * values.Length;
            Array.Copy(values, 0, perturbed, offset, values.Length);
            for (var e = 0; e < n; e++)
            {
                WriteAt(perturbed, offset, e, length, firstPosition, instances[e].First);
                WriteAt(perturbed, offset, e, length, firstPosition + first.Width + spacings[s], instances[e].Second);
            }
        }

        var f = function ?? new PredictionFunction();
        Log(context, "space", spacings.Count * n);
        using var input = torch.tensor(perturbed, [spacings.Count * (long)n, 4, length]);
        var before = f.Apply(model, backgrounds, context, null, cancellationToken);
        try
        {
            using var flat = f.Apply(model, input, context, progress, cancellationToken);
            var after = flat.reshape([spacings.Count, n, .. flat.shape.Skip(1)]);
            return new PerturbationResult(f.Name, before, after, after - before.unsqueeze(0), [.. spacings]);
        }
        catch
        {
            before.Dispose();
            throw;
        }
    }

    private static (float[] Values, int N, int Length) Read(ISequenceModel model, Tensor sequences, string paramName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sequences);
        model.Input.Validate(sequences, paramName);
        if (model.Input.Kind != InputKind.OneHot || model.Input.Channels != 4)
        {
            throw new ArgumentException("Perturbation experiments need a model with one-hot DNA input.", nameof(model));
        }

        try
        {
            _ = OneHotEncoder.Decode(sequences);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Perturbation experiments need one-hot input: {e.Message}", paramName, e);
        }

        using var scope = torch.NewDisposeScope();
        var x = sequences.to(ScalarType.Float32, torch.CPU).contiguous();
        return (x.data<float>().ToArray(), (int)sequences.shape[0], (int)sequences.shape[2]);
    }

    private static void CheckFits(int position, int width, int length, string paramName)
    {
        if (position < 0 || position + width > length)
        {
            throw new ArgumentException($"A motif of width {width} at {position} does not fit a sequence of length {length}.", paramName);
        }
    }

    private static void Write(float[] values, int example, int length, int position, float[,] motif) => WriteAt(values, 0, example, length, position, motif);

    private static void WriteAt(float[] values, int offset, int example, int length, int position, float[,] motif)
    {
        var width = motif.GetLength(1);
        var row = offset + (example * 4 * length);
        for (var c = 0; c < 4; c++)
        {
            for (var l = 0; l < width; l++)
            {
                values[row + (c * length) + position + l] = motif[c, l];
            }
        }
    }

    /// <summary>A deterministic per-example seed (SplitMix64 of the seed and the example index; stable across runs).</summary>
    private static int ExampleSeed(long seed, int example)
    {
        unchecked
        {
            var z = (ulong)seed + ((ulong)(example + 1) * 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFFFFFF);
        }
    }

    private static void Log(ComputeContext? context, string experiment, long sequences)
    {
        var logger = (context ?? ComputeContext.Default).LoggerFactory.CreateLogger(typeof(PerturbationExperiments));
        PerturbationLog.Start(logger, experiment, sequences);
    }
}
