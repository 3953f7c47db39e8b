using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.DeepCba;

/// <summary>
/// One DeepCBA region branch: convolution blocks, a row-major reshape to LSTM steps and a bidirectional LSTM.
/// (N, 4, R) one-hot → (N, LstmSteps, 2 × LstmHidden).
/// </summary>
/// <remarks>
/// Convolution i (two per block) is <c>convs.i</c> → <c>norms.i</c> (β-only batch norm) → <c>activations.i</c> (ReLU); after
/// every second convolution come <c>pools.b</c> (Keras 'same' max-pool) and <c>dropouts.b</c>. Convolution 0 is 'valid'
/// (Keras Conv2D with a (4, 8) kernel over a 4 × R × 1 image); all others use PyTorch 'same' padding, which for stride 1
/// pads ⌊(k − 1)/2⌋ before and the rest after — for k = 8, 3 before and 4 after, exactly as Keras.
/// </remarks>
internal sealed class DeepCbaBranch : nn.Module<Tensor, Tensor>, IAttributionRuleOwner
{
    private readonly ModuleList<Conv1dLayer> convs;
    private readonly ModuleList<CenteredBatchNorm1d> norms;
    private readonly ModuleList<Activation> activations;
    private readonly ModuleList<SameMaxPool1d> pools;
    private readonly ModuleList<Dropout> dropouts;
    private readonly LSTM lstm;
    private readonly int _steps;

    public DeepCbaBranch(DeepCbaOptions options, string name)
        : base(name)
    {
        convs = new ModuleList<Conv1dLayer>();
        norms = new ModuleList<CenteredBatchNorm1d>();
        activations = new ModuleList<Activation>();
        pools = new ModuleList<SameMaxPool1d>();
        dropouts = new ModuleList<Dropout>();
        long channels = 4;
        foreach (var filters in options.BlockFilters)
        {
            for (var j = 0; j < 2; j++)
            {
                convs.Add(convs.Count == 0 ? new Conv1dLayer(channels, filters, options.KernelSize) : Conv1dLayer.Same(channels, filters, options.KernelSize));
                norms.Add(new CenteredBatchNorm1d(filters, options.BatchNormEpsilon, options.BatchNormMomentum));
                activations.Add(new Activation(ActivationKind.Relu));
                channels = filters;
            }

            pools.Add(new SameMaxPool1d(options.PoolSize, options.PoolSize));
            dropouts.Add(nn.Dropout(options.Dropout));
        }

        lstm = nn.LSTM(options.LstmInputSize, options.LstmHidden, numLayers: 1, bias: true, batchFirst: true, bidirectional: true);
        _steps = options.LstmSteps;
        RegisterComponents();
    }

    /// <summary>Describes the branch's layers under the module path <paramref name="prefix"/>.</summary>
    public static IEnumerable<LayerInfo> Describe(DeepCbaOptions options, string prefix)
    {
        var rf = new ReceptiveFieldTracker();
        var conv = 0;
        for (var b = 0; b < options.BlockFilters.Count; b++)
        {
            var filters = options.BlockFilters[b];
            for (var j = 0; j < 2; j++, conv++)
            {
                yield return rf.Apply(options.KernelSize).Describe($"{prefix}.convs.{conv}", LayerKind.Convolution, filters);
                yield return rf.Describe($"{prefix}.norms.{conv}", LayerKind.Normalization, filters);
                yield return rf.Describe($"{prefix}.activations.{conv}", LayerKind.Activation, filters);
            }

            yield return rf.Apply(options.PoolSize, options.PoolSize).Describe($"{prefix}.pools.{b}.pool", LayerKind.Pooling, filters);
        }

        yield return new LayerInfo($"{prefix}.lstm", LayerKind.Recurrent, 2 * options.LstmHidden, null, null);
    }

    /// <summary>
    /// Keras <c>Reshape((steps, P·C / steps))</c> of the channels-last (P, C) feature map: (N, C, P) → (N, steps, P·C / steps),
    /// row-major over (position, channel), so step s holds positions s·P/steps … (s + 1)·P/steps − 1, channels innermost.
    /// </summary>
    public static Tensor ToSteps(Tensor features, int steps)
    {
        using var scope = torch.NewDisposeScope();
        return features.permute(0, 2, 1).contiguous().reshape(features.shape[0], steps, -1).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = input;
        for (var i = 0; i < convs.Count; i++)
        {
            x = activations[i].call(norms[i].call(convs[i].call(x)));
            if (i % 2 == 1)
            {
                x = dropouts[i / 2].call(pools[i / 2].call(x));
            }
        }

        return UnfusedRecurrence.Run(lstm, ToSteps(x, _steps)).MoveToOuterDisposeScope();
    }
}
