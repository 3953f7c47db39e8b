using Genomics.Models.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>
/// Fast ISM (the idea of fastISM, Nair et al. 2022): per example, the reference activations of every trunk stage are
/// computed once; for a batch of substitutions each windowed stage is recomputed only over the output positions the
/// substitution can reach, from a slice of the stage's padded reference input in which the already recomputed values
/// are spliced; element-wise stages run on the recomputed window only. The head then runs on the reference final
/// feature map with the recomputed window spliced in. One call per stage per batch, over the stacked slices.
/// </summary>
internal static class FastIsm
{
    /// <summary>Fills <paramref name="store"/> (N, 4, L, T) and returns the reference outputs (N, T) on the CPU.</summary>
    public static Tensor Run(ISequenceModel model, IConvolutionalTrunk trunk, Tensor sequences, SubstitutionPlan plan, Tensor store, Device device, int batchSize, InSilicoMutagenesis.Reporter reporter, CancellationToken cancellationToken)
    {
        var stages = trunk.TrunkStages;
        var n = (int)sequences.shape[0];
        var t = model.Output.Targets;
        var reference = torch.zeros(n, t);
        try
        {
            using var noGrad = torch.no_grad();
            for (var e = 0; e < n; e++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var exampleScope = torch.NewDisposeScope();
                var x = sequences.narrow(0, e, 1).to(ScalarType.Float32, device);

                // Reference activations: each windowed stage's padded input, channels-last (Lp, C) for row gathers.
                var rows = new Tensor?[stages.Count];
                var current = x;
                for (var i = 0; i < stages.Count; i++)
                {
                    var stage = stages[i];
                    if (stage.IsPointwise)
                    {
                        current = stage.Apply(current);
                        continue;
                    }

                    var padded = stage.Pad(current);
                    rows[i] = padded[0].t().contiguous();
                    current = stage.Apply(padded);
                }

                var finalRows = current[0].t().contiguous();
                var referenceOutput = trunk.EvaluateHead(current);
                CheckAgainstModel(model, x, referenceOutput);
                reference[e].copy_(referenceOutput[0].cpu());

                var substitutions = plan.Of(e).ToList();
                for (var offset = 0; offset < substitutions.Count; offset += batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var batchScope = torch.NewDisposeScope();
                    var count = Math.Min(batchSize, substitutions.Count - offset);
                    var positions = new long[count];
                    var bases = new long[count];
                    for (var j = 0; j < count; j++)
                    {
                        (var p, var b) = substitutions[offset + j];
                        positions[j] = p;
                        bases[j] = b;
                    }

                    var outputs = Evaluate(trunk, stages, rows, finalRows, positions, bases, device).cpu();
                    var deltas = outputs - referenceOutput.cpu();
                    var exampleIndex = torch.full(count, e, ScalarType.Int64);
                    store.index_put_(deltas, TensorIndex.Tensor(exampleIndex), TensorIndex.Tensor(torch.tensor(bases)), TensorIndex.Tensor(torch.tensor(positions)));
                    reporter.Add(count);
                }
            }

            reporter.Finish();
            return reference;
        }
        catch
        {
            reference.Dispose();
            throw;
        }
    }

    /// <summary>Outputs (B, T) for substitutions (position, base) of one example whose reference activations are given.</summary>
    private static Tensor Evaluate(IConvolutionalTrunk trunk, IReadOnlyList<TrunkStage> stages, Tensor?[] rows, Tensor finalRows, long[] positions, long[] bases, Device device)
    {
        var count = positions.Length;
        var starts = (long[])positions.Clone();
        var width = 1;
        var window = nn.functional.one_hot(torch.tensor(bases, device: device), 4).to_type(ScalarType.Float32).unsqueeze(2);
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            if (stage.IsPointwise)
            {
                window = stage.Apply(window);
                continue;
            }

            var stageRows = rows[i]!;
            var paddedLength = (int)stageRows.shape[0];
            var span = stage.Span;
            var stride = stage.Stride;
            var outputLength = ((paddedLength - span) / stride) + 1;
            var outWidth = Math.Min(outputLength, CeilDiv(width + span - 1, stride));
            var inWidth = ((outWidth - 1) * stride) + span;
            var sliceStarts = new long[count];
            var newStarts = new long[count];
            for (var b = 0; b < count; b++)
            {
                var changed = starts[b] + stage.PaddingBefore;
                var first = Math.Max(0, CeilDiv(changed - span + 1, stride));
                var o = Math.Min(first, outputLength - outWidth);
                newStarts[b] = o;
                sliceStarts[b] = o * stride;
            }

            var slice = Splice(stageRows, window, starts, stage.PaddingBefore, width, sliceStarts, inWidth, device);
            window = stage.Convolution is { } convolution
                ? ConvolveAsMatrixProduct(convolution, slice, span, stride, outWidth)
                : stage.Apply(slice.permute(0, 2, 1));
            starts = newStarts;
            width = outWidth;
        }

        var features = Splice(finalRows, window, starts, 0, width, new long[count], (int)finalRows.shape[0], device);
        return trunk.EvaluateHead(features.permute(0, 2, 1));
    }

    /// <summary>
    /// A valid convolution of every slice as one matrix product: the channels-last slices (B, W, C) are unfolded into
    /// (B·W', C·k) rows and multiplied by the (C·k, C') kernel — one large product instead of B small ones.
    /// </summary>
    /// <returns>(B, C', W') as a channels-first view.</returns>
    private static Tensor ConvolveAsMatrixProduct(TorchSharp.Modules.Conv1d convolution, Tensor slice, int kernel, int stride, int outWidth)
    {
        var weight = convolution.weight!;
        var outChannels = weight.shape[0];
        var count = slice.shape[0];
        var columns = slice.unfold(1, kernel, stride).reshape(count * outWidth, weight.shape[1] * kernel);
        var kernelMatrix = weight.reshape(outChannels, weight.shape[1] * kernel).t();
        var product = convolution.bias is { } bias ? torch.addmm(bias, columns, kernelMatrix, 1f, 1f) : columns.mm(kernelMatrix);
        return product.view(count, outWidth, outChannels).permute(0, 2, 1);
    }

    /// <summary>
    /// Slices [sliceStart, sliceStart + sliceWidth) of a reference map given channels-last (Lp, C), with the recomputed
    /// window (B, C, width) — at unpadded start <c>starts[b]</c>, i.e. padded start <c>starts[b] + shift</c> — written over it.
    /// </summary>
    /// <returns>(B, sliceWidth, C), channels-last.</returns>
    private static Tensor Splice(Tensor referenceRows, Tensor window, long[] starts, int shift, int width, long[] sliceStarts, int sliceWidth, Device device)
    {
        var count = starts.Length;
        var channels = referenceRows.shape[1];
        var referenceIndex = new long[count * sliceWidth];
        var windowIndex = new long[count * sliceWidth];
        var inside = new bool[count * sliceWidth];
        for (var b = 0; b < count; b++)
        {
            var changed = starts[b] + shift;
            for (var j = 0; j < sliceWidth; j++)
            {
                var k = (b * sliceWidth) + j;
                var q = sliceStarts[b] + j;
                referenceIndex[k] = q;
                var rel = q - changed;
                var hit = rel >= 0 && rel < width;
                inside[k] = hit;
                windowIndex[k] = (b * (long)width) + (hit ? rel : 0);
            }
        }

        var fromReference = referenceRows.index_select(0, torch.tensor(referenceIndex, device: device));
        var windowRows = window.permute(0, 2, 1).reshape(count * (long)width, channels);
        var fromWindow = windowRows.index_select(0, torch.tensor(windowIndex, device: device));
        var mask = torch.tensor(inside, device: device).unsqueeze(1);
        return torch.where(mask, fromWindow, fromReference).view(count, sliceWidth, channels);
    }

    private static void CheckAgainstModel(ISequenceModel model, Tensor x, Tensor trunkOutput)
    {
        using var scope = torch.NewDisposeScope();
        var direct = model.Evaluate(x);
        var scale = Math.Max(1.0, direct.abs().max().item<float>());
        var gap = (direct - trunkOutput).abs().max().item<float>();
        if (gap > 1e-4 * scale)
        {
            throw new InvalidOperationException($"The trunk description of {model.GetType().Name} does not reproduce its forward pass (largest difference {gap}); fast ISM cannot be used with it.");
        }
    }

    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -(-a / b);
}
