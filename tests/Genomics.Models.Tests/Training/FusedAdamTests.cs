using Genomics.Models.Compute;
using Genomics.Models.Training;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Training;

/// <summary>The fused Adam step against TorchSharp's Adam on the same parameters and gradients.</summary>
public sealed class FusedAdamTests
{
    [TestCase(0.0)]
    [TestCase(0.01)]
    public void TenSteps_EqualTorchSharpsAdam_ParametersAndMoments(double weightDecay)
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(5);
        var (ours, theirs) = (Parameters(), Parameters());
        using var fused = new Genomics.Models.Training.Adam(ours, 3e-3, 0.9, 0.999, 1e-8, weightDecay);
        using var reference = optim.Adam(theirs, 3e-3, 0.9, 0.999, 1e-8, weightDecay);
        for (var step = 0; step < 10; step++)
        {
            SetGradients(ours, theirs, step);
            fused.step();
            reference.step();
        }

        for (var i = 0; i < ours.Length; i++)
        {
            Assert.That(MaxRelative(ours[i], theirs[i]), Is.LessThan(1e-6), $"parameter {i}");
        }

        var (ourState, theirState) = (fused.state_dict(), reference.state_dict());
        for (var i = 0; i < ourState.State.Count; i++)
        {
            var (a, b) = ((TorchSharp.Modules.Adam.State)ourState.State[i], (TorchSharp.Modules.Adam.State)theirState.State[i]);
            Assert.That(a.step, Is.EqualTo(b.step));
            Assert.That(MaxRelative(a.exp_avg, b.exp_avg), Is.LessThan(1e-6));
            Assert.That(MaxRelative(a.exp_avg_sq, b.exp_avg_sq), Is.LessThan(1e-6));
        }
    }

    [Test]
    public void AParameterWithoutGradient_IsLeftAlone_AndItsStepNotCounted()
    {
        using var scope = NewDisposeScope();
        var used = new Parameter(randn(40));
        var unused = new Parameter(randn(7));
        var before = unused.detach().clone();
        using var fused = new Genomics.Models.Training.Adam([used, unused], 1e-2, 0.9, 0.999, 1e-8, 0);
        used.grad = randn(40);
        fused.step();
        Assert.That(unused.eq(before).all().item<bool>(), Is.True);
        var states = fused.state_dict().State.Cast<TorchSharp.Modules.Adam.State>().ToList();
        Assert.That(states.Select(s => s.step), Is.EqualTo(new long[] { 1, 0 }));
    }

    [Test]
    public void Float64Parameters_TakeTorchSharpsStep_Exactly()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(6);
        var ours = new[] { new Parameter(randn(30, dtype: ScalarType.Float64)) };
        var theirs = new[] { new Parameter(ours[0].detach().clone()) };
        using var fused = new Genomics.Models.Training.Adam(ours, 1e-2, 0.9, 0.999, 1e-8, 0);
        using var reference = optim.Adam(theirs, 1e-2, 0.9, 0.999, 1e-8, 0);
        for (var step = 0; step < 3; step++)
        {
            var g = randn(30, dtype: ScalarType.Float64);
            ours[0].grad = g.clone();
            theirs[0].grad = g.clone();
            fused.step();
            reference.step();
        }

        Assert.That(ours[0].eq(theirs[0]).all().item<bool>(), Is.True);
    }

    [Test]
    public void StateRoundTrips_ThroughTorchSharpsCheckpointLayout()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(7);
        var ours = Parameters();
        using var fused = new Genomics.Models.Training.Adam(ours, 3e-3, 0.9, 0.999, 1e-8, 0);
        SetGradients(ours, Parameters(), 0);
        fused.step();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            fused.save_state_dict(writer);
        }

        stream.Position = 0;
        var copy = ours.Select(p => new Parameter(p.detach().clone())).ToArray();
        using var reloaded = optim.Adam(copy, 3e-3, 0.9, 0.999, 1e-8, 0);
        using (var reader = new BinaryReader(stream))
        {
            reloaded.load_state_dict(reader);
        }

        var (a, b) = ((TorchSharp.Modules.Adam.State)fused.state_dict().State[0], (TorchSharp.Modules.Adam.State)reloaded.state_dict().State[0]);
        Assert.That(b.step, Is.EqualTo(1));
        Assert.That(a.exp_avg.eq(b.exp_avg).all().item<bool>(), Is.True);
    }

    [Test]
    public void StateSavedByTorchSharpsAdam_LoadsIntoTheFusedOne()
    {
        using var scope = NewDisposeScope();
        using var seed = new TorchSeedScope(8);
        var theirs = Parameters();
        using var reference = optim.Adam(theirs, 3e-3, 0.9, 0.999, 1e-8, 0);
        SetGradients(theirs, Parameters(), 0);
        reference.step();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            reference.save_state_dict(writer);
        }

        stream.Position = 0;
        using var fused = new Genomics.Models.Training.Adam(theirs.Select(p => new Parameter(p.detach().clone())).ToArray(), 3e-3, 0.9, 0.999, 1e-8, 0);
        using (var reader = new BinaryReader(stream))
        {
            fused.load_state_dict(reader);
        }

        var (a, b) = ((TorchSharp.Modules.Adam.State)reference.state_dict().State[2], (TorchSharp.Modules.Adam.State)fused.state_dict().State[2]);
        Assert.That(b.step, Is.EqualTo(1));
        Assert.That(a.exp_avg_sq.eq(b.exp_avg_sq).all().item<bool>(), Is.True);
    }

    [Test]
    public void TheTrainersAdam_IsTheFusedOne()
    {
        using var model = nn.Linear(3, 2);
        using var optimizer = OptimizerFactory.Create(model, Genomics.Models.Training.OptimizerOptions.Adam(1e-3));
        Assert.That(optimizer, Is.InstanceOf<Genomics.Models.Training.Adam>());
    }

    /// <summary>A conv-like weight, a bias and a dense weight with a length that leaves a vector tail.</summary>
    private static Parameter[] Parameters() =>
        [new Parameter(randn(50, 5, 10)), new Parameter(randn(50)), new Parameter(randn(125, 627))];

    private static void SetGradients(Parameter[] ours, Parameter[] theirs, int step)
    {
        using var generator = new Generator((ulong)(100 + step));
        for (var i = 0; i < ours.Length; i++)
        {
            var g = randn(ours[i].shape, generator: generator);
            if (step == 0)
            {
                using var noGrad = no_grad();
                theirs[i].copy_(ours[i]);
            }

            ours[i].grad = g.clone();
            theirs[i].grad = g.clone();
        }
    }

    private static double MaxRelative(Tensor actual, Tensor expected) =>
        actual.to(ScalarType.Float64).sub(expected.to(ScalarType.Float64)).abs().max().item<double>() / Math.Max(1e-30, expected.to(ScalarType.Float64).abs().max().item<double>());
}
