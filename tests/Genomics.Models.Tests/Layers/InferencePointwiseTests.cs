using Genomics.Models.Blocks;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Layers;

/// <summary>
/// The inference pass of convolution and dense blocks (normalisation and activation overwriting the layer's output)
/// against the same modules run one after another, and the conditions under which it is not taken.
/// </summary>
public sealed class InferencePointwiseTests
{
    [TestCase(ActivationKind.Relu, true)]
    [TestCase(ActivationKind.Relu, false)]
    [TestCase(ActivationKind.Sigmoid, true)]
    [TestCase(ActivationKind.Tanh, true)]
    [TestCase(ActivationKind.Exp, false)]
    [TestCase(ActivationKind.Identity, true)]
    [TestCase(ActivationKind.Softplus, true)]
    public void ConvolutionBlock_UnderNoGrad_EqualsTheModulesRunInTurn(ActivationKind kind, bool batchNorm)
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(11);
        var block = ConvBlock(kind, batchNorm, channels: 6, filters: 10, width: 5);
        var x = randn(7, 6, 83);
        var copy = x.clone();
        using var noGrad = no_grad();
        var before = InferencePointwise.FusedOnThisThread;
        var pooledBefore = InferencePointwise.PooledOnThisThread;
        var fused = block.Forward(x);
        Assert.That(InferencePointwise.FusedOnThisThread - before, Is.EqualTo(kind == ActivationKind.Softplus ? 0 : 1), "softplus has no in-place form");
        Assert.That(InferencePointwise.PooledOnThisThread - pooledBefore, Is.Zero, "a small batch is not cut into chunks");
        var separate = InTurn(block, x);
        Assert.That(fused.shape, Is.EqualTo(separate.shape));
        Assert.That(MaxRelative(fused, separate), Is.LessThan(2e-6));
        Assert.That(x.eq(copy).all().item<bool>(), Is.True, "the input is left alone");
    }

    [Test]
    public void PooledPass_EqualsTheWholeBatchFusedPass_BitForBit()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(13);
        var block = ConvBlock(ActivationKind.Relu, true, channels: 4, filters: 16, width: 7);
        var x = randn(9, 4, 120);
        using var noGrad = no_grad();
        var pooledBefore = InferencePointwise.PooledOnThisThread;
        var fusedBefore = InferencePointwise.FusedOnThisThread;
        var budget = InferencePointwise.PooledChunkFloats;
        InferencePointwise.PooledChunkFloats = 4 * 16 * 120;           // chunks of 4 examples: 4, 4 and 1
        Tensor chunked;
        try
        {
            chunked = block.Forward(x);
        }
        finally
        {
            InferencePointwise.PooledChunkFloats = budget;
        }

        Assert.That(InferencePointwise.PooledOnThisThread - pooledBefore, Is.EqualTo(1));
        Assert.That(InferencePointwise.FusedOnThisThread - fusedBefore, Is.EqualTo(3), "three chunks");

        // A hook on the pool sends the block through the whole-batch fused pass and the pool in turn.
        var hook = block.Pool!.Module.register_forward_hook((_, _, output) => output);
        var whole = block.Forward(x);
        hook.remove();
        Assert.That(InferencePointwise.PooledOnThisThread - pooledBefore, Is.EqualTo(1), "a hooked pool is not chunked");
        Assert.That(chunked.shape, Is.EqualTo(whole.shape));
        Assert.That(chunked.equal(whole).all().item<bool>(), Is.True);
    }

    [Test]
    public void ConvolutionBlock_OnTwoThreads_EqualsTheModulesRunInTurn()
    {
        var before = get_num_threads();
        set_num_threads(2);
        try
        {
            using var scope = NewDisposeScope();
            using var seed = new TorchSeedScope(12);
            var block = ConvBlock(ActivationKind.Relu, true, channels: 4, filters: 32, width: 19);
            var x = randn(9, 4, 300);
            using var noGrad = no_grad();
            Assert.That(MaxRelative(block.Forward(x), InTurn(block, x)), Is.LessThan(2e-6));
        }
        finally
        {
            set_num_threads(before);
        }
    }

    [Test]
    public void DenseBlock_UnderNoGrad_EqualsTheModulesRunInTurn()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(13);
        var bn = RandomisedNorm(40);
        var block = new DenseBlock(
            NamedModule.Of("dense", new DenseLayer(30, 40)),
            NamedModule.Of<nn.Module<Tensor, Tensor>>("norm", bn),
            NamedModule.Of("act", new Activation(ActivationKind.Relu)),
            NamedModule.Of("drop", nn.Dropout(0.5)));
        foreach (var (_, module) in block.Modules)
        {
            module.eval();
        }

        var x = randn(12, 30);
        using var noGrad = no_grad();
        var before = InferencePointwise.FusedOnThisThread;
        var fused = block.Forward(x);
        Assert.That(InferencePointwise.FusedOnThisThread - before, Is.EqualTo(1));
        var separate = block.Modules.Aggregate(x, (t, m) => ((nn.Module<Tensor, Tensor>)m.Module).forward(t));
        Assert.That(MaxRelative(fused, separate), Is.LessThan(2e-6));
    }

    [Test]
    public void DeepChrome_UnderNoGrad_EqualsItsForwardWithAGradient()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(20);
        using var model = new Genomics.Models.Architectures.DeepChrome.DeepChromeModel();
        model.eval();
        var x = randn(6, 5, 100);
        var separate = model.forward(x.clone().requires_grad_()).detach();
        using var noGrad = no_grad();
        var before = InferencePointwise.FusedOnThisThread;
        var fused = model.forward(x);
        Assert.That(InferencePointwise.FusedOnThisThread - before, Is.EqualTo(3), "the convolution and both hidden layers");
        Assert.That(fused.eq(separate).all().item<bool>(), Is.True, "ReLU in place gives the same values");
    }

    [Test]
    public void NaN_StaysNaN_ThroughTheFusedRelu()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(14);
        var block = ConvBlock(ActivationKind.Relu, true, channels: 4, filters: 8, width: 3, pool: false);
        var x = randn(2, 4, 40);
        x[0, 1, 10] = tensor(float.NaN);
        using var noGrad = no_grad();
        var fused = block.Forward(x);
        var separate = InTurn(block, x);
        Assert.That(fused.isnan().eq(separate.isnan()).all().item<bool>(), Is.True);
        Assert.That(fused.isnan().any().item<bool>(), Is.True);
    }

    [Test]
    public void AHookOnTheConvolution_SeesItsOwnOutput_NotTheActivation()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(15);
        var block = ConvBlock(ActivationKind.Relu, true, channels: 4, filters: 8, width: 3);
        var x = randn(3, 4, 50);
        using var noGrad = no_grad();
        Tensor? seen = null;
        var before = InferencePointwise.FusedOnThisThread;
        var hook = block.Convolution.Module.register_forward_hook((_, _, output) =>
        {
            seen = output;
            return null!;
        });
        Assert.That(ModuleHooks.HasHooks(block.Convolution.Module), Is.True);
        var result = block.Forward(x);
        hook.remove();
        Assert.That(InferencePointwise.FusedOnThisThread, Is.EqualTo(before), "a hooked convolution is not fused");
        Assert.That(ModuleHooks.HasHooks(block.Convolution.Module), Is.False);
        var expected = block.Convolution.Module.forward(x);
        Assert.That(seen, Is.Not.Null);
        Assert.That(seen!.eq(expected).all().item<bool>(), Is.True, "the hook's tensor was overwritten");
        Assert.That(seen.lt(0).any().item<bool>(), Is.True);
        Assert.That(MaxRelative(result, InTurn(block, x)), Is.LessThan(2e-6));
    }

    [Test]
    public void HooksOnTheNormalisationAndActivation_StillFire()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(16);
        var block = ConvBlock(ActivationKind.Relu, true, channels: 4, filters: 8, width: 3);
        var fired = new List<string>();
        var normHook = ((BatchNorm1d)block.Normalization!.Module).register_forward_hook((_, _, _) =>
        {
            fired.Add("norm");
            return null!;
        });
        var activationHook = block.Activation!.Module.register_forward_hook((_, _, _) =>
        {
            fired.Add("activation");
            return null!;
        });
        using var noGrad = no_grad();
        block.Forward(randn(2, 4, 30));
        normHook.remove();
        activationHook.remove();
        Assert.That(fired, Is.EqualTo(new[] { "norm", "activation" }));
    }

    [Test]
    public void WithAGradient_TheModulesRunInTurn_AndTheGradientFlows()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(17);
        var block = ConvBlock(ActivationKind.Relu, true, channels: 4, filters: 8, width: 3);
        var x = randn(3, 4, 50).requires_grad_();
        var before = InferencePointwise.FusedOnThisThread;
        var y = block.Forward(x);
        Assert.That(InferencePointwise.FusedOnThisThread, Is.EqualTo(before));
        Assert.That(y.requires_grad, Is.True);
        y.sum().backward();
        Assert.That(x.grad, Is.Not.Null);
        using var noGrad = no_grad();
        Assert.That(MaxRelative(y.detach(), InTurn(block, x.detach())), Is.LessThan(2e-6));
    }

    [Test]
    public void InTrainingMode_TheBatchStatisticsAreUsed()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(18);
        var block = ConvBlock(ActivationKind.Relu, true, channels: 4, filters: 8, width: 3);
        var bn = (BatchNorm1d)block.Normalization!.Module;
        bn.train();
        var x = randn(5, 4, 40);
        using var noGrad = no_grad();
        var before = bn.running_mean!.clone();
        var fusedBefore = InferencePointwise.FusedOnThisThread;
        var y = block.Forward(x);
        Assert.That(InferencePointwise.FusedOnThisThread, Is.EqualTo(fusedBefore));
        Assert.That(bn.running_mean!.eq(before).all().item<bool>(), Is.False, "training mode updates the running mean");
        var conv = block.Convolution.Module.forward(x);
        var expected = nn.functional.relu(nn.functional.batch_norm(conv, null, null, bn.weight, bn.bias, training: true, eps: bn.eps));
        Assert.That(MaxRelative(y, block.Pool!.Module.forward(expected)), Is.LessThan(2e-5));
    }

    [Test]
    public void Float64_GoesThroughLibtorchsInPlaceOperations()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(19);
        var block = ConvBlock(ActivationKind.Relu, true, channels: 4, filters: 8, width: 3);
        foreach (var (_, module) in block.Modules)
        {
            module.to(ScalarType.Float64);
        }

        var x = randn(3, 4, 50, dtype: ScalarType.Float64);
        using var noGrad = no_grad();
        var y = block.Forward(x);
        Assert.That(y.dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That(MaxRelative(y, InTurn(block, x)), Is.LessThan(1e-12));
    }

    [Test]
    public void ModuleHooks_SeeForwardPreHooksToo()
    {
        using var activation = new Activation(ActivationKind.Relu);
        Assert.That(ModuleHooks.HasHooks(activation), Is.False);
        var hook = activation.register_forward_pre_hook((_, input) => input);
        Assert.That(ModuleHooks.HasHooks(activation), Is.True);
        hook.remove();
        Assert.That(ModuleHooks.HasHooks(activation), Is.False);
    }

    private static ConvolutionBlock ConvBlock(ActivationKind kind, bool batchNorm, int channels, int filters, int width, bool pool = true)
    {
        var block = new ConvolutionBlock(
            NamedModule.Of("conv", new Conv1dLayer(channels, filters, width)),
            batchNorm ? NamedModule.Of<nn.Module<Tensor, Tensor>>("norm", RandomisedNorm(filters)) : null,
            NamedModule.Of("act", new Activation(kind)),
            pool ? NamedModule.Of("pool", new Pool1d(PoolKind.Max, 3)) : null,
            NamedModule.Of("drop", nn.Dropout(0.3)));
        foreach (var (_, module) in block.Modules)
        {
            module.eval();
        }

        return block;
    }

    /// <summary>Batch normalisation with running statistics and affine parameters far from their defaults.</summary>
    private static BatchNorm1d RandomisedNorm(int features)
    {
        var bn = nn.BatchNorm1d(features);
        using var noGrad = no_grad();
        bn.running_mean!.copy_(randn(features));
        bn.running_var!.copy_(rand(features).add(0.2));
        bn.weight!.copy_(randn(features));
        bn.bias!.copy_(randn(features));
        return bn;
    }

    /// <summary>The block's modules one after another through <c>forward</c> (no fused pass, no hooks).</summary>
    private static Tensor InTurn(ConvolutionBlock block, Tensor x) =>
        block.Modules.Aggregate(x, (t, m) => ((nn.Module<Tensor, Tensor>)m.Module).forward(t));

    private static double MaxRelative(Tensor actual, Tensor expected) =>
        actual.to(ScalarType.Float64).sub(expected.to(ScalarType.Float64)).abs().max().item<double>() / Math.Max(1e-30, expected.to(ScalarType.Float64).abs().max().item<double>());
}
