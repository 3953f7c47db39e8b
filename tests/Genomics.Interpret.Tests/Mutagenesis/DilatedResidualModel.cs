using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using Genomics.TestKit;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.Mutagenesis;

/// <summary>
/// A hand-built residual CNN with dilations, for local-edit checks of what the zoo models do not have: conv0 (4→6, k4,
/// 'same', asymmetric) → ReLU; res1 = x + BN(ReLU(conv k3 dilation 2)); res2 = x + conv(k3)(y) with y = x + ReLU(conv k4
/// dilation 3)(x) (a residual block nested in another); a valid strided convolution (k3, stride 2); max-pool 3 in
/// ceil mode; linear head. The forward pass uses the modules' own 'same' padding; the trunk description pads itself.
/// </summary>
internal sealed class DilatedResidualModel : ToySequenceModel, IConvolutionalTrunk
{
    /// <summary>The input length: 37 → 17 after the strided convolution → 6 after the pool (partial last window).</summary>
    public const int Length = 37;

    private readonly Conv1d conv0;
    private readonly Conv1d res1Conv;
    private readonly BatchNorm1d res1Norm;
    private readonly Conv1d res2InnerConv;
    private readonly Conv1d res2Conv;
    private readonly Conv1d strided;
    private readonly Pool1d pool;
    private readonly Linear head;
    private IReadOnlyList<TrunkStage>? _stages;

    public DilatedResidualModel(int length)
        : base(nameof(DilatedResidualModel), new ToyModelOptions(InputKind.OneHot, 4, length, 3))
    {
        conv0 = nn.Conv1d(4, 6, 4, padding: Padding.Same);
        res1Conv = nn.Conv1d(6, 6, 3, padding: Padding.Same, dilation: 2);
        res1Norm = nn.BatchNorm1d(6);
        res2InnerConv = nn.Conv1d(6, 6, 4, padding: Padding.Same, dilation: 3);
        res2Conv = nn.Conv1d(6, 6, 3, padding: Padding.Same);
        strided = nn.Conv1d(6, 5, 3, stride: 2);
        pool = new Pool1d(PoolKind.Max, 3, ceilMode: true);
        StridedLength = ((length - 3) / 2) + 1;
        head = nn.Linear(5 * pool.OutputLength(StridedLength), 3);
        RegisterComponents();
    }

    private int StridedLength { get; }

    public IReadOnlyList<TrunkStage> TrunkStages => _stages ??=
    [
        TrunkStage.ForSameConvolution("conv0", conv0, 4),
        TrunkStage.Pointwise("relu0", t => nn.functional.relu(t)),
        TrunkStage.Residual("res1",
        [
            TrunkStage.ForSameConvolution("res1.conv", res1Conv, 3, dilation: 2),
            TrunkStage.Pointwise("res1.relu+norm", t => res1Norm.call(nn.functional.relu(t))),
        ]),
        TrunkStage.Residual("res2",
        [
            TrunkStage.Residual("res2.inner",
            [
                TrunkStage.ForSameConvolution("res2.inner.conv", res2InnerConv, 4, dilation: 3),
                TrunkStage.Pointwise("res2.inner.relu", t => nn.functional.relu(t)),
            ]),
            TrunkStage.ForSameConvolution("res2.conv", res2Conv, 3),
        ]),
        TrunkStage.ForConvolution("strided", strided, 3, stride: 2),
        TrunkStage.ForPool("pool", pool, StridedLength),
    ];

    public Tensor EvaluateHead(Tensor features)
    {
        using var scope = torch.NewDisposeScope();
        return head.call(features.flatten(1)).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = nn.functional.relu(conv0.call(input));
        x = x + res1Norm.call(nn.functional.relu(res1Conv.call(x)));
        var y = x + nn.functional.relu(res2InnerConv.call(x));
        x = x + res2Conv.call(y);
        x = pool.call(strided.call(x));
        return head.call(x.flatten(1)).MoveToOuterDisposeScope();
    }
}
