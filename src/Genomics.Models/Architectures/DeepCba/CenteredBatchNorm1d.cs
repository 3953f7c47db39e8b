using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.DeepCba;

/// <summary>
/// Batch normalisation over the channels of (N, C, L) with a learned shift β but no learned scale γ — Keras
/// <c>BatchNormalization(scale=False)</c>: y = (x − μ) / √(σ² + ε) + β.
/// </summary>
/// <remarks>
/// State: parameter <c>bias</c> (β, zeros), buffers <c>running_mean</c> (zeros) and <c>running_var</c> (ones). In training
/// mode the batch statistics are used and the running ones updated as r ← (1 − momentum)·r + momentum·batch (PyTorch
/// convention; Keras momentum m corresponds to 1 − m); in eval mode the running statistics are used.
/// </remarks>
internal sealed class CenteredBatchNorm1d : nn.Module<Tensor, Tensor>
{
    // Field names are the state-dict keys; TorchSharp re-assigns these fields when the module moves between devices.
#pragma warning disable IDE0044 // Must stay assignable: Module.to() replaces parameters and buffers through reflection.
    private Parameter bias;
    private Tensor running_mean;
    private Tensor running_var;
#pragma warning restore IDE0044
    private readonly double _momentum;
    private readonly double _epsilon;

    public CenteredBatchNorm1d(long features, double epsilon, double momentum, string name = "centered_batch_norm")
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        bias = new Parameter(torch.zeros(features));
        running_mean = torch.zeros(features);
        running_var = torch.ones(features);
        _momentum = momentum;
        _epsilon = epsilon;
        RegisterComponents();
    }

    public long Features => bias.shape[0];

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return nn.functional.batch_norm(input, running_mean, running_var, null, bias, training, _momentum, _epsilon);
    }
}
