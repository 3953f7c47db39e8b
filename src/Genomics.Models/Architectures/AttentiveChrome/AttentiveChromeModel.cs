using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.AttentiveChrome;

/// <summary>
/// AttentiveChrome (Singh, Lanchantin, Sekhon and Qi, NeurIPS 2017): a hierarchical attention LSTM classifying a
/// gene's expression as high or low from histone marks binned around its transcription start site, and reporting
/// which bins and which marks it attended to.
/// </summary>
/// <remarks>
/// <para>Layers, for input (N, M, L) = (N, 5, 100) with the published options:</para>
/// <list type="number">
/// <item>For every mark j: <c>binLstms.j</c>, a bidirectional LSTM (1 → 32 per direction) over the L bins of that
/// mark's track alone → (N, 100, 64).</item>
/// <item><c>binAttention.j</c> (<see cref="AttentionPooling"/>): score_t = h_t · w_j, α_j = softmax over bins,
/// m_j = Σ_t α_t h_t → (N, 64).</item>
/// <item>The M mark vectors as a sequence (N, 5, 64) → <c>markLstm</c>, a bidirectional LSTM (64 → 16 per
/// direction) → (N, 5, 32).</item>
/// <item><c>markAttention</c>: β = softmax over marks of s_j · w_M, v = Σ_j β_j s_j → (N, 32).</item>
/// <item><c>output</c>: Linear 32 → 1 → the logit of "high expression" (N, 1); sigmoid gives P(high).</item>
/// </list>
/// <para>
/// Every parameter (LSTM weights and both biases, context vectors, output layer) is drawn from
/// U(−<see cref="AttentiveChromeOptions.InitRange"/>, +InitRange) at construction, from libtorch's default generator
/// (seed it with <see cref="Compute.TorchSeedScope"/>). Train with binary cross-entropy on the logit.
/// </para>
/// <para>
/// Deviations from the PyTorch v2 code: the input layout is (N, marks, bins) like every model of this library (the
/// original takes (N, bins, marks)); the attention maps are returned by <see cref="Explain"/> instead of being
/// discarded; the LSTMs have one layer and no dropout (the original's dropout argument has no effect on a one-layer
/// LSTM). The LSTMs run libtorch's fused kernel for training and inference; while DeepLIFT's
/// <see cref="AttributionRules"/> are active they run unfused, step by step, with every gate nonlinearity and gate
/// product under an attribution rule (same parameters, same outputs to float32 rounding); attention softmaxes live in
/// <see cref="AttentionPooling"/>.
/// </para>
/// </remarks>
public sealed class AttentiveChromeModel : SequenceModel<AttentiveChromeOptions>, IAttributionRuleOwner
{
    private readonly ModuleList<LSTM> binLstms;
    private readonly ModuleList<AttentionPooling> binAttention;
    private readonly LSTM markLstm;
    private readonly AttentionPooling markAttention;
    private readonly Linear output;

    /// <summary>Builds the network and initialises every parameter from U(−InitRange, InitRange).</summary>
    /// <param name="options">Hyper-parameters; <see cref="AttentiveChromeOptions.Published"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public AttentiveChromeModel(AttentiveChromeOptions? options = null)
        : base(nameof(AttentiveChromeModel), (options ?? AttentiveChromeOptions.Published).Validate())
    {
        var o = Options;
        var marks = o.MarkNames.Count;
        binLstms = new ModuleList<LSTM>();
        binAttention = new ModuleList<AttentionPooling>();
        for (var j = 0; j < marks; j++)
        {
            binLstms.Add(nn.LSTM(1, o.BinHiddenSize, batchFirst: true, bidirectional: true));
            binAttention.Add(new AttentionPooling(o.BinRepresentationSize));
        }

        markLstm = nn.LSTM(o.BinRepresentationSize, o.MarkHiddenSize, batchFirst: true, bidirectional: true);
        markAttention = new AttentionPooling(o.MarkRepresentationSize);
        output = nn.Linear(o.MarkRepresentationSize, 1);
        RegisterComponents();
        using (torch.no_grad())
        {
            foreach (var p in parameters())
            {
                p.uniform_(-o.InitRange, o.InitRange);
            }
        }

        var layers = new List<LayerInfo>();
        for (var j = 0; j < marks; j++)
        {
            layers.Add(new LayerInfo($"binLstms.{j}", LayerKind.Recurrent, o.BinRepresentationSize, null, null));
            layers.Add(new LayerInfo($"binAttention.{j}", LayerKind.Attention, o.BinRepresentationSize, null, null));
        }

        layers.Add(new LayerInfo("markLstm", LayerKind.Recurrent, o.MarkRepresentationSize, null, null));
        layers.Add(new LayerInfo("markAttention", LayerKind.Attention, o.MarkRepresentationSize, null, null));
        layers.Add(new LayerInfo("output", LayerKind.Linear, 1, null, null));
        Describe(SequenceInputSpec.Tracks(o.MarkNames, o.Bins), new SequenceOutputSpec(["high"], OutputActivation.Sigmoid), layers);
    }

    /// <summary>Runs the network.</summary>
    /// <param name="input">Histone tracks (N, marks, bins), float32, on the module's device.</param>
    /// <returns>The logit of "high expression" (N, 1), float32.</returns>
    /// <exception cref="ArgumentException">The input does not match <see cref="SequenceModel{TOptions}.Input"/>.</exception>
    public override Tensor forward(Tensor input)
    {
        Input.Validate(input, nameof(input));
        using var scope = torch.NewDisposeScope();
        return Run(input).Logits.MoveToOuterDisposeScope();
    }

    /// <summary>Runs the network and returns the logit with both attention maps.</summary>
    /// <param name="input">Histone tracks (N, marks, bins), float32, on the module's device.</param>
    /// <returns>
    /// Logits (N, 1), bin attention α (N, marks, bins) and mark attention β (N, marks), all float32; the caller owns
    /// (and disposes) the result. Gradients are recorded as in <see cref="forward"/>; wrap the call in
    /// <c>torch.no_grad()</c> and set evaluation mode for plain inference.
    /// </returns>
    /// <exception cref="ArgumentException">The input does not match <see cref="SequenceModel{TOptions}.Input"/>.</exception>
    public AttentiveChromeOutput Explain(Tensor input)
    {
        Input.Validate(input, nameof(input));
        using var scope = torch.NewDisposeScope();
        var (logits, alpha, beta) = Run(input);
        return new AttentiveChromeOutput(logits.MoveToOuterDisposeScope(), alpha.MoveToOuterDisposeScope(), beta.MoveToOuterDisposeScope());
    }

    private (Tensor Logits, Tensor Alpha, Tensor Beta) Run(Tensor input)
    {
        var marks = binLstms.Count;
        var representations = new Tensor[marks];
        var alphas = new Tensor[marks];
        for (var j = 0; j < marks; j++)
        {
            var track = input.select(1, j).unsqueeze(-1);
            var hidden = UnfusedRecurrence.Run(binLstms[j], track);
            (representations[j], alphas[j]) = binAttention[j].call(hidden);
        }

        var states = UnfusedRecurrence.Run(markLstm, torch.stack(representations, 1));
        var (gene, beta) = markAttention.call(states);
        return (output.call(gene), torch.stack(alphas, 1), beta);
    }
}
