using System.Text.Json;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.AttentiveChrome;
using Genomics.Models.Compute;
using Genomics.Models.Serialization;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures.AttentiveChrome;

[NonParallelizable]
public sealed class AttentiveChromeModelTests
{
    // Per mark: bidirectional LSTM(1→32) = 2 × (4·32·(1 + 32) + 2·4·32) = 8,960, plus the context vector (64) = 9,024.
    // Five marks: 45,120. Mark level: bidirectional LSTM(64→16) = 2 × (4·16·(64 + 16) + 2·4·16) = 10,496, context 32,
    // output Linear 32→1 = 33. Total 55,681 (AttentiveChrome v2: ≈55.7 k). PyTorch LSTMs carry two bias vectors, as here.
    private const long PublishedParameterCount = 55_681;

    [Test]
    public void Published_HasSpecifiedShapeParameterCountAndOutput()
    {
        using var model = new AttentiveChromeModel();
        using var x = torch.rand(3, 5, 100);
        using var y = model.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(y.shape, Is.EqualTo(new long[] { 3, 1 }));
            Assert.That(model.parameters().Sum(p => p.numel()), Is.EqualTo(PublishedParameterCount));
            Assert.That(model.Output.TargetNames, Is.EqualTo(new[] { "high" }));
            Assert.That(model.Output.Activation, Is.EqualTo(OutputActivation.Sigmoid));
            Assert.That(model.Input.ChannelNames, Is.EqualTo(AttentiveChromeOptions.Published.MarkNames));
            Assert.That(model.Input.Length, Is.EqualTo(100));
        }
    }

    [Test]
    public void Parameters_AreDrawnFromThePublishedUniformRange()
    {
        using var model = new AttentiveChromeModel();
        var all = model.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(all, Has.Length.EqualTo(PublishedParameterCount));
            Assert.That(all.Min(), Is.GreaterThanOrEqualTo(-0.1f).And.LessThan(-0.09f));
            Assert.That(all.Max(), Is.LessThanOrEqualTo(0.1f).And.GreaterThan(0.09f));
            Assert.That(all.Count(v => v == 0f), Is.LessThan(5), "context vectors and biases must be initialised too");
        }
    }

    [Test]
    public void Explain_ReturnsNormalisedAttentionMapsAndTheForwardLogits()
    {
        using var model = new AttentiveChromeModel();
        using var g = new torch.Generator(5);
        using var x = torch.rand(new long[] { 2, 5, 100 }, generator: g) * 10;
        using var logits = model.Evaluate(x);
        using var explained = model.Explain(x);
        using var alphaSums = explained.BinAttention.sum(2);
        using var betaSums = explained.MarkAttention.sum(1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(explained.Logits.shape, Is.EqualTo(new long[] { 2, 1 }));
            Assert.That(explained.BinAttention.shape, Is.EqualTo(new long[] { 2, 5, 100 }));
            Assert.That(explained.MarkAttention.shape, Is.EqualTo(new long[] { 2, 5 }));
            Assert.That(alphaSums.data<float>().ToArray(), Is.All.EqualTo(1f).Within(1e-5));
            Assert.That(betaSums.data<float>().ToArray(), Is.All.EqualTo(1f).Within(1e-5));
            Assert.That(explained.BinAttention.min().item<float>(), Is.GreaterThan(0f));
            Assert.That(explained.Logits.data<float>().ToArray(), Is.EqualTo(logits.data<float>().ToArray()).Within(1e-6));
        }
    }

    [Test]
    public void BinAttention_OfEachMarkDependsOnlyOnThatMarksTrack()
    {
        using var model = new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = 12 });
        using var x = torch.rand(1, 5, 12);
        using var changed = x.clone();
        changed[0, 2, 5] = torch.tensor(9f);
        using var a = model.Explain(x);
        using var b = model.Explain(changed);
        using var difference = (a.BinAttention - b.BinAttention).abs().amax(new long[] { 0, 2 });
        var perMark = difference.data<float>().ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(perMark[2], Is.GreaterThan(1e-4f));
            Assert.That(perMark.Where((_, j) => j != 2), Is.All.EqualTo(0f));
            Assert.That(a.MarkAttention.equal(b.MarkAttention).all().item<bool>(), Is.False);
        }
    }

    [Test]
    public void Explain_LeaksNoTensors()
    {
        using var model = new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = 8 });
        using var x = torch.rand(2, 5, 8);
        using var noGrad = torch.no_grad();
        var live = TorchTestEnvironment.LiveTensors;
        for (var i = 0; i < 3; i++)
        {
            model.Explain(x).Dispose();
            model.Evaluate(x).Dispose();
        }

        Assert.That(TorchTestEnvironment.LiveTensors, Is.EqualTo(live));
    }

    [Test]
    public void Forward_RejectsInputOfTheWrongLayout()
    {
        using var model = new AttentiveChromeModel();
        using var wrongMarks = torch.rand(1, 4, 100);
        using var wrongBins = torch.rand(1, 5, 99);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => model.Evaluate(wrongMarks), Throws.ArgumentException.With.Message.Contains("5 channels"));
            Assert.That(() => model.Explain(wrongBins), Throws.ArgumentException.With.Message.Contains("length 100"));
        }
    }

    [Test]
    public void StateDict_KeysAndShapes_AreStable()
    {
        using var model = new AttentiveChromeModel();
        var snapshot = model.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}").ToArray();
        string[] Lstm(string prefix, int input, int hidden) =>
        [
            $"{prefix}.weight_ih_l0:{4 * hidden}x{input}", $"{prefix}.weight_hh_l0:{4 * hidden}x{hidden}",
            $"{prefix}.bias_ih_l0:{4 * hidden}", $"{prefix}.bias_hh_l0:{4 * hidden}",
            $"{prefix}.weight_ih_l0_reverse:{4 * hidden}x{input}", $"{prefix}.weight_hh_l0_reverse:{4 * hidden}x{hidden}",
            $"{prefix}.bias_ih_l0_reverse:{4 * hidden}", $"{prefix}.bias_hh_l0_reverse:{4 * hidden}",
        ];
        var expected = Enumerable.Range(0, 5).SelectMany(j => Lstm($"binLstms.{j}", 1, 32))
            .Concat(Enumerable.Range(0, 5).Select(j => $"binAttention.{j}.context:64"))
            .Concat(Lstm("markLstm", 64, 16))
            .Concat(["markAttention.context:32", "output.weight:1x32", "output.bias:1"]);
        Assert.That(snapshot, Is.EquivalentTo(expected));
    }

    [Test]
    public void Layers_ListRecurrentAndAttentionStagesInForwardOrder()
    {
        using var model = new AttentiveChromeModel();
        var names = model.Layers.Select(l => l.Name).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(names, Has.Length.EqualTo(13));
            Assert.That(names.Take(2), Is.EqualTo(new[] { "binLstms.0", "binAttention.0" }));
            Assert.That(names.TakeLast(3), Is.EqualTo(new[] { "markLstm", "markAttention", "output" }));
            Assert.That(model.Layers.Count(l => l.Kind == LayerKind.Attention), Is.EqualTo(6));
            Assert.That(model.Layers.Select(l => l.ReceptiveField), Is.All.Null);
            var moduleNames = model.named_modules().Select(m => m.name).ToHashSet();
            Assert.That(names, Is.SubsetOf(moduleNames));
        }
    }

    [Test]
    public void Options_JsonRoundTrip_AndValidation()
    {
        var options = AttentiveChromeOptions.Published with { BinHiddenSize = 8, MarkHiddenSize = 4, Bins = 40 };
        var back = JsonSerializer.Deserialize<AttentiveChromeOptions>(JsonSerializer.Serialize(options))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back.BinHiddenSize, Is.EqualTo(8));
            Assert.That(back.MarkHiddenSize, Is.EqualTo(4));
            Assert.That(back.Bins, Is.EqualTo(40));
            Assert.That(back.InitRange, Is.EqualTo(0.1));
            Assert.That(back.MarkNames, Is.EqualTo(options.MarkNames));
            Assert.That(() => (options with { Bins = 0 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Bins"));
            Assert.That(() => (options with { BinHiddenSize = 0 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("BinHiddenSize"));
            Assert.That(() => (options with { MarkHiddenSize = -1 }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("MarkHiddenSize"));
            Assert.That(() => (options with { InitRange = double.NaN }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("InitRange"));
            Assert.That(() => (options with { MarkNames = [] }).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("MarkNames"));
        }
    }

    [Test]
    public void SaveThenLoad_GivesIdenticalOutputsAndAttention()
    {
        var options = AttentiveChromeOptions.Published with { Bins = 30 };
        using var saved = new AttentiveChromeModel(options);
        using var loaded = CheckpointRoundTrip.Reload<AttentiveChromeModel, AttentiveChromeOptions>(saved, o => new AttentiveChromeModel(o));
        using var x = torch.rand(2, 5, 30);
        using var a = saved.Explain(x);
        using var b = loaded.Explain(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(loaded.Options, Is.EqualTo(options).Using<AttentiveChromeOptions>((l, r) => l.Bins == r.Bins && l.MarkNames.SequenceEqual(r.MarkNames)));
            Assert.That(b.Logits.data<float>().ToArray(), Is.EqualTo(a.Logits.data<float>().ToArray()));
            Assert.That(b.BinAttention.data<float>().ToArray(), Is.EqualTo(a.BinAttention.data<float>().ToArray()));
            Assert.That(b.MarkAttention.data<float>().ToArray(), Is.EqualTo(a.MarkAttention.data<float>().ToArray()));
        }
    }

    [Test]
    public void Construction_IsReproducibleUnderASeedScope()
    {
        AttentiveChromeModel first, second;
        using (new TorchSeedScope(11))
        {
            first = new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = 10 });
        }

        using (new TorchSeedScope(11))
        {
            second = new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = 10 });
        }

        using (first)
        using (second)
        {
            using var x = torch.rand(2, 5, 10);
            using var a = first.Evaluate(x);
            using var b = second.Evaluate(x);
            Assert.That(b.data<float>().ToArray(), Is.EqualTo(a.data<float>().ToArray()));
        }
    }

    [Test]
    public void FewOptimizerSteps_OnTinyBatch_AtLeastHalveTheLoss()
    {
        AttentiveChromeModel model;
        using (new TorchSeedScope(3))
        {
            model = new AttentiveChromeModel(AttentiveChromeOptions.Published with { Bins = 10 });
        }

        using (model)
        {
            using var g = new torch.Generator(4);
            using var x = torch.rand(new long[] { 8, 5, 10 }, generator: g);
            using var y = torch.tensor(new float[] { 0, 1, 0, 1, 1, 0, 1, 0 }).unsqueeze(1);
            using var shift = y.unsqueeze(2) * 2;
            using var inputs = x + shift; // the label is visible in every bin of every mark
            var trainer = new Trainer(new TrainerOptions { Loss = TrainingLoss.BinaryCrossEntropy(), Epochs = 12, BatchSize = 8, Optimizer = OptimizerOptions.Adam(1e-2), GradientClipNorm = 1.0 });
            var result = trainer.Train(model, new TrainingSet(inputs, y));
            Assert.That(result.History[^1].TrainingLoss, Is.LessThan(result.History[0].TrainingLoss / 2));
        }
    }
}
