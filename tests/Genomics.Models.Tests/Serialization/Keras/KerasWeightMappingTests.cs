using Genomics.Models.Serialization.Keras;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Serialization.Keras;

/// <summary>
/// Each mapping against the Keras layer's own equations, evaluated by loops over the Keras-layout arrays (the
/// oracle never uses the mapping). Tolerance 1e-5: float32 sums of at most a dozen terms of size ≤ 3.
/// </summary>
[NonParallelizable]
public sealed class KerasWeightMappingTests
{
    private const string SourceFile = "synthetic.h5";
    private const double Tolerance = 1e-5;

    [Test]
    public void LoadConv1D_ComputesTheKerasConvolution()
    {
        var random = new Random(1);
        var kernel = Array(random, 3, 4, 2);
        var bias = Array(random, 2);
        var x = Array(random, 6, 4); // (L, C) channels-last
        using var conv = new Genomics.Models.Layers.Conv1dLayer(4, 2, 3);
        KerasWeightMapping.LoadConv1D(Layer("conv1d", ("kernel", kernel, [3, 4, 2]), ("bias", bias, [2])), conv);
        using var input = torch.tensor(x, [1, 6, 4]).permute(0, 2, 1);
        using var y = conv.call(input);
        for (var l = 0; l < 4; l++)
        {
            for (var o = 0; o < 2; o++)
            {
                double expected = bias[o];
                for (var t = 0; t < 3; t++)
                {
                    for (var c = 0; c < 4; c++)
                    {
                        expected += x[((l + t) * 4) + c] * kernel[(((t * 4) + c) * 2) + o];
                    }
                }

                Assert.That(y[0, o, l].item<float>(), Is.EqualTo(expected).Within(Tolerance), $"l={l} o={o}");
            }
        }
    }

    [Test]
    public void LoadConv2DAsConv1d_ComputesTheKerasConvolutionOverTheImage()
    {
        // Kernel (kh=3, kw=4, cin=2, out=2) sliding over an image (L=5, W=4, cin=2) with valid padding.
        var random = new Random(2);
        var kernel = Array(random, 3, 4, 2, 2);
        var bias = Array(random, 2);
        var image = Array(random, 5, 4, 2);
        using var conv = new Genomics.Models.Layers.Conv1dLayer(8, 2, 3);
        KerasWeightMapping.LoadConv2DAsConv1d(Layer("conv2d", ("kernel", kernel, [3, 4, 2, 2]), ("bias", bias, [2])), conv);
        using var input = torch.tensor(image, [1, 5, 8]).permute(0, 2, 1); // channel b·cin + c
        using var y = conv.call(input);
        for (var l = 0; l < 3; l++)
        {
            for (var o = 0; o < 2; o++)
            {
                double expected = bias[o];
                for (var t = 0; t < 3; t++)
                {
                    for (var b = 0; b < 4; b++)
                    {
                        for (var c = 0; c < 2; c++)
                        {
                            expected += image[((((l + t) * 4) + b) * 2) + c] * kernel[(((((t * 4) + b) * 2) + c) * 2) + o];
                        }
                    }
                }

                Assert.That(y[0, o, l].item<float>(), Is.EqualTo(expected).Within(Tolerance), $"l={l} o={o}");
            }
        }
    }

    [Test]
    public void LoadDense_ComputesInputTimesKernelPlusBias()
    {
        var random = new Random(3);
        var kernel = Array(random, 5, 3);
        var bias = Array(random, 3);
        var x = Array(random, 5);
        using var linear = nn.Linear(5, 3);
        KerasWeightMapping.LoadDense(Layer("dense", ("kernel", kernel, [5, 3]), ("bias", bias, [3])), linear);
        using var y = linear.call(torch.tensor(x, [1, 5]));
        for (var o = 0; o < 3; o++)
        {
            var expected = bias[o] + Enumerable.Range(0, 5).Sum(i => (double)x[i] * kernel[(i * 3) + o]);
            Assert.That(y[0, o].item<float>(), Is.EqualTo(expected).Within(Tolerance));
        }
    }

    [Test]
    public void LoadBatchNormalization_WithoutGamma_UsesUnitScale()
    {
        float[] beta = [0.5f, -1], mean = [0.2f, -0.3f], variance = [2, 0.5f];
        using var norm = nn.BatchNorm1d(2, eps: 1e-3);
        KerasWeightMapping.LoadBatchNormalization(
            Layer("bn", ("beta", beta, [2]), ("moving_mean", mean, [2]), ("moving_variance", variance, [2])), norm);
        norm.eval();
        float[] x = [1, 2, 3, -1, 0, 4];
        using var y = norm.call(torch.tensor(x, [1, 2, 3]));
        for (var c = 0; c < 2; c++)
        {
            for (var l = 0; l < 3; l++)
            {
                var expected = ((x[(c * 3) + l] - mean[c]) / Math.Sqrt(variance[c] + 1e-3)) + beta[c];
                Assert.That(y[0, c, l].item<float>(), Is.EqualTo(expected).Within(Tolerance));
            }
        }
    }

    [Test]
    public void LoadLstm_MatchesTheKerasLstmEquations()
    {
        const int inputs = 3, hidden = 2, steps = 4;
        var random = new Random(4);
        var kernel = Array(random, inputs, 4 * hidden);
        var recurrent = Array(random, hidden, 4 * hidden);
        var bias = Array(random, 4 * hidden);
        var x = Array(random, steps, inputs);
        using var lstm = nn.LSTM(inputs, hidden, batchFirst: true);
        KerasWeightMapping.LoadLstm(
            Layer("lstm", ("kernel", kernel, [inputs, 4 * hidden]), ("recurrent_kernel", recurrent, [hidden, 4 * hidden]), ("bias", bias, [4 * hidden])), lstm);
        var (output, _, _) = lstm.call(torch.tensor(x, [1, steps, inputs]), null);
        using (output)
        {
            var h = new double[hidden];
            var c = new double[hidden];
            for (var t = 0; t < steps; t++)
            {
                // Keras: z = x·W + h·U + b, gate blocks i, f, c, o.
                var z = new double[4 * hidden];
                for (var j = 0; j < 4 * hidden; j++)
                {
                    z[j] = bias[j]
                        + Enumerable.Range(0, inputs).Sum(k => (double)x[(t * inputs) + k] * kernel[(k * 4 * hidden) + j])
                        + Enumerable.Range(0, hidden).Sum(k => h[k] * recurrent[(k * 4 * hidden) + j]);
                }

                for (var u = 0; u < hidden; u++)
                {
                    var i = Sigmoid(z[u]);
                    var f = Sigmoid(z[hidden + u]);
                    var g = Math.Tanh(z[(2 * hidden) + u]);
                    var o = Sigmoid(z[(3 * hidden) + u]);
                    c[u] = (f * c[u]) + (i * g);
                    h[u] = o * Math.Tanh(c[u]);
                    Assert.That(output[0, t, u].item<float>(), Is.EqualTo(h[u]).Within(Tolerance), $"t={t} u={u}");
                }
            }
        }
    }

    [Test]
    public void LoadLstm_Bidirectional_TakesEachDirectionFromItsScope()
    {
        var random = new Random(5);
        var forward = Array(random, 2, 4);
        var backward = Array(random, 2, 4);
        var recurrentForward = Array(random, 1, 4);
        var recurrentBackward = Array(random, 1, 4);
        var layer = new KerasLayerWeights(SourceFile, "bidirectional",
        [
            new KerasWeightArray("bidirectional/forward_lstm/lstm_cell/kernel:0", [2, 4], forward),
            new KerasWeightArray("bidirectional/forward_lstm/lstm_cell/recurrent_kernel:0", [1, 4], recurrentForward),
            new KerasWeightArray("bidirectional/backward_lstm/lstm_cell/kernel:0", [2, 4], backward),
            new KerasWeightArray("bidirectional/backward_lstm/lstm_cell/recurrent_kernel:0", [1, 4], recurrentBackward),
        ]);
        using var lstm = nn.LSTM(2, 1, bias: false, bidirectional: true);
        KerasWeightMapping.LoadLstm(layer, lstm);
        var parameters = lstm.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters["weight_ih_l0"].t().contiguous().data<float>().ToArray(), Is.EqualTo(forward));
            Assert.That(parameters["weight_ih_l0_reverse"].t().contiguous().data<float>().ToArray(), Is.EqualTo(backward));
            Assert.That(parameters["weight_hh_l0_reverse"].t().contiguous().data<float>().ToArray(), Is.EqualTo(recurrentBackward));
            Assert.That(() => layer.GetWeight("kernel"), Throws.InstanceOf<KerasImportException>().With.Message.Contains("ambiguous"));
        }
    }

    [Test]
    public void Load_ShapeMismatch_NamesFileLayerAndShapesAndCopiesNothing()
    {
        var random = new Random(6);
        using var conv = new Genomics.Models.Layers.Conv1dLayer(4, 5, 3);
        using var before = conv.Weight.clone();
        var layer = Layer("conv1d_7", ("kernel", Array(random, 3, 4, 2), [3, 4, 2]), ("bias", Array(random, 2), [2]));
        var error = Assert.Throws<KerasImportException>(() => KerasWeightMapping.LoadConv1D(layer, conv));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.Message, Does.Contain(SourceFile).And.Contain("conv1d_7").And.Contain("[3, 4, 2]").And.Contain("[3, 4, 5]"));
            Assert.That(error.FilePath, Is.EqualTo(SourceFile));
            Assert.That(error.LayerName, Is.EqualTo("conv1d_7"));
            Assert.That(conv.Weight.allclose(before, rtol: 0, atol: 0), Is.True);
        }
    }

    [Test]
    public void Load_BiasPresenceMismatchOrMissingWeight_Throws()
    {
        var random = new Random(7);
        using var noBias = nn.Linear(2, 2, hasBias: false);
        var withBias = Layer("dense_3", ("kernel", Array(random, 2, 2), [2, 2]), ("bias", Array(random, 2), [2]));
        var kernelOnly = Layer("dense_4", ("bias", Array(random, 2), [2]));
        using var linear = nn.Linear(2, 2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => KerasWeightMapping.LoadDense(withBias, noBias), Throws.InstanceOf<KerasImportException>().With.Message.Contains("has a bias"));
            Assert.That(() => KerasWeightMapping.LoadDense(kernelOnly, linear), Throws.InstanceOf<KerasImportException>().With.Message.Contains("has no weight 'kernel'").And.Message.Contains("dense_4/bias:0 [2]"));
        }
    }

    private static KerasLayerWeights Layer(string name, params (string Short, float[] Values, int[] Shape)[] weights)
        => new(SourceFile, name, weights.Select(w => new KerasWeightArray($"{name}/{w.Short}:0", w.Shape, w.Values)).ToArray());

    private static float[] Array(Random random, params int[] shape)
        => Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
