using Genomics.Interpret.References;
using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using Genomics.TestKit;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Interpret.Tests.DeepLift;

/// <summary>Returns the same given references (N, K, C, L) whatever the input; for reference-value tests.</summary>
internal sealed class FixedReferences(Tensor references) : IReferenceGenerator
{
    public Tensor Generate(Tensor sequences, int referenceCount, long seed) => references.clone();

    public bool Supports(InputKind kind) => true;
}

/// <summary>Conv → ReLU → max-pool → linear with weights given as tensors (the reference-value model).</summary>
internal sealed class FixedConvModel : ToySequenceModel
{
    private readonly Conv1d conv;
    private readonly Activation relu;
    private readonly Pool1d pool;
    private readonly Linear linear;

    public FixedConvModel(Tensor convWeight, Tensor convBias, Tensor linearWeight, Tensor linearBias, int length)
        : base(nameof(FixedConvModel), new ToyModelOptions(InputKind.OneHot, 4, length, 1))
    {
        conv = nn.Conv1d(4, convWeight.shape[0], convWeight.shape[2]);
        relu = new Activation(ActivationKind.Relu);
        pool = new Pool1d(PoolKind.Max, 2);
        linear = nn.Linear(linearWeight.shape[1], 1);
        using (torch.no_grad())
        {
            conv.weight!.copy_(convWeight);
            conv.bias!.copy_(convBias);
            linear.weight!.copy_(linearWeight);
            linear.bias!.copy_(linearBias);
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return linear.call(pool.call(relu.call(conv.call(input))).flatten(1)).MoveToOuterDisposeScope();
    }
}

/// <summary>A model built with a raw TorchSharp ReLU (or any given raw module) instead of the library's Activation.</summary>
internal sealed class RawModuleModel : ToySequenceModel
{
    private readonly Conv1d conv;
    private readonly nn.Module<Tensor, Tensor> hidden_act;
    private readonly Linear linear;

    public RawModuleModel(nn.Module<Tensor, Tensor> nonlinearity, int length = 10)
        : base(nameof(RawModuleModel), new ToyModelOptions(InputKind.OneHot, 4, length, 1))
    {
        conv = nn.Conv1d(4, 3, 3);
        hidden_act = nonlinearity;
        linear = nn.Linear(3 * (length - 2), 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return linear.call(hidden_act.call(conv.call(input)).flatten(1)).MoveToOuterDisposeScope();
    }
}

/// <summary>A model with a recurrent layer (LSTM), which DeepLIFT must reject.</summary>
internal sealed class RecurrentModel : ToySequenceModel
{
    private readonly LSTM lstm;
    private readonly Linear linear;

    public RecurrentModel(int length = 10)
        : base(nameof(RecurrentModel), new ToyModelOptions(InputKind.OneHot, 4, length, 1))
    {
        lstm = nn.LSTM(4, 3, batchFirst: true);
        linear = nn.Linear(3, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var (output, _, _) = lstm.call(input.transpose(1, 2));
        return linear.call(output.select(1, -1)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// A model computing a nonlinearity (a square) directly in its forward pass, invisible to the module walk:
/// DeepLIFT's convergence check must catch it.
/// </summary>
internal sealed class HiddenSquareModel : ToySequenceModel
{
    private readonly Conv1d conv;
    private readonly Linear linear;

    public HiddenSquareModel(int length = 10)
        : base(nameof(HiddenSquareModel), new ToyModelOptions(InputKind.OneHot, 4, length, 1))
    {
        using (new Genomics.Models.Compute.TorchSeedScope(3))
        {
            conv = nn.Conv1d(4, 3, 3);
            linear = nn.Linear(3 * (length - 2), 1);
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var h = conv.call(input) * 3;
        return linear.call((h * h).flatten(1)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Conv → sigmoid/tanh → softmax over channels (library SoftmaxActivation) → Keras-'same' max-pool padded with −∞ →
/// linear: exercises the softmax rule and infinite padding under the max-pool rule.
/// </summary>
internal sealed class SoftmaxPadModel : ToySequenceModel
{
    private readonly Conv1d conv;
    private readonly Activation tanh;
    private readonly SoftmaxActivation softmax;
    private readonly Pool1d pool;
    private readonly Linear linear;

    public SoftmaxPadModel(int length = 11, long seed = 5)
        : base(nameof(SoftmaxPadModel), new ToyModelOptions(InputKind.OneHot, 4, length, 2))
    {
        using (new Genomics.Models.Compute.TorchSeedScope(seed))
        {
            conv = nn.Conv1d(4, 5, 3);
            linear = nn.Linear(5 * ((length - 2 + 1) / 2), 2);
        }

        tanh = new Activation(ActivationKind.Tanh);
        softmax = new SoftmaxActivation(1);
        pool = new Pool1d(PoolKind.Max, 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var h = softmax.call(tanh.call(conv.call(input)) * 4);
        var length = h.shape[2];
        var padded = length % 2 == 0 ? h : nn.functional.pad(h, (0, 1), PaddingModes.Constant, double.NegativeInfinity);
        return linear.call(pool.call(padded).flatten(1)).MoveToOuterDisposeScope();
    }
}

/// <summary>A model whose forward pass throws after a library activation has run under the rules.</summary>
internal sealed class ThrowingModel : ToySequenceModel
{
    private readonly Activation relu;

    public ThrowingModel(int length = 10)
        : base(nameof(ThrowingModel), new ToyModelOptions(InputKind.OneHot, 4, length, 1))
    {
        relu = new Activation(ActivationKind.Relu);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var h = relu.call(input);
        throw new InvalidOperationException("forward failed on purpose");
    }
}
