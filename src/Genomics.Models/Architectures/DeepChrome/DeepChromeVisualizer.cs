using Genomics.Models.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.DeepChrome;

/// <summary>
/// DeepChrome's optimisation-based visualisation (Singh et al. 2016): the input pattern of histone marks that a trained
/// <see cref="DeepChromeModel"/> most associates with one class.
/// </summary>
/// <remarks>
/// <para>Procedure:</para>
/// <list type="number">
/// <item>Evaluation mode (dropout off) for the duration of the call; the model's mode and device are restored afterwards.</item>
/// <item>X ~ U(0, 1) of shape (1, marks, bins), drawn from a generator seeded with <see cref="DeepChromeVisualizationOptions.Seed"/>.</item>
/// <item><see cref="DeepChromeVisualizationOptions.Steps"/> RMSprop steps on X (PyTorch's update without momentum:
/// r ← αr + (1−α)g², X ← X − lr·g / (√r + ε), r starting at 0) minimising −log softmax(f(X))[class] + λ‖X‖².</item>
/// <item>Clamp X to [0, 1] and divide by its global maximum (unless that maximum is 0).</item>
/// </list>
/// <para>
/// Gradients are taken with respect to X only: the model's parameters are neither changed nor given gradients.
/// </para>
/// <para><b>Thread safety.</b> These methods keep no shared state and may be called from several threads at once, on one model or on several: every call holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>.</para>
/// </remarks>
public static class DeepChromeVisualizer
{
    /// <summary>Optimises an input pattern for one class.</summary>
    /// <param name="model">A trained model; not modified (its mode and device are restored).</param>
    /// <param name="classIndex">The class to maximise: 1 "high" (default) or 0 "low".</param>
    /// <param name="options">Optimisation settings; <see cref="DeepChromeVisualizationOptions.Published"/> when null.</param>
    /// <param name="context">The device to run on; <see cref="ComputeContext.Default"/> (CPU) when null. Its seed applies where the options' is null.</param>
    /// <param name="progress">Receives ("visualize", steps done, total steps) after every step; optional.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <returns>The normalised pattern, marks × bins, with the objective trace.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classIndex"/> is not 0 or 1, or the options are invalid.</exception>
    /// <exception cref="InvalidOperationException">The objective became non-finite (lower the learning rate).</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public static DeepChromeVisualization Visualize(
        DeepChromeModel model,
        int classIndex = 1,
        DeepChromeVisualizationOptions? options = null,
        ComputeContext? context = null,
        IProgress<OperationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var classes = model.Output.Targets;
        if (classIndex < 0 || classIndex >= classes)
        {
            throw new ArgumentOutOfRangeException(nameof(classIndex), classIndex, $"The class index must be in [0, {classes}): 0 \"low\", 1 \"high\".");
        }

        var o = (options ?? DeepChromeVisualizationOptions.Published).Validate();
        var device = DeviceResolver.Resolve(context ?? ComputeContext.Default);
        var marks = model.Options.MarkNames.Count;
        var bins = model.Options.Bins;
        var objective = new double[o.Steps];
        using var state = new ModelStateScope(model, device, training: false);
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(unchecked((ulong)(context ?? ComputeContext.Default).SeedFor(o.Seed, DeepChromeVisualizationOptions.DefaultSeed)));
        var x = torch.rand([1, marks, bins], generator: generator).to(device);
        var meanSquare = torch.zeros_like(x);
        for (var step = 0; step < o.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (var stepScope = torch.NewDisposeScope())
            {
                var input = x.detach().requires_grad_(true);
                var logProbabilities = nn.functional.log_softmax(model.call(input), 1);
                var value = -logProbabilities[0, classIndex] + o.L2Weight * input.square().sum();
                var gradient = torch.autograd.grad([value], [input])[0];
                objective[step] = value.item<float>();
                if (!double.IsFinite(objective[step]))
                {
                    throw new InvalidOperationException($"The objective became {objective[step]} at step {step + 1}; lower the learning rate.");
                }

                using (torch.no_grad())
                {
                    meanSquare.mul_(o.Alpha);
                    meanSquare.addcmul_(gradient, gradient, 1 - o.Alpha);
                    x.addcdiv_(gradient, meanSquare.sqrt().add_(o.Epsilon), -o.LearningRate);
                }
            }

            progress?.Report(new OperationProgress("visualize", step + 1, o.Steps));
        }

        var pattern = x.clamp(0, 1);
        var maximum = pattern.max().item<float>();
        if (maximum > 0)
        {
            pattern = pattern / maximum;
        }

        var values = pattern.cpu().data<float>().ToArray();
        var map = new float[marks, bins];
        Buffer.BlockCopy(values, 0, map, 0, values.Length * sizeof(float));
        return new DeepChromeVisualization(classIndex, model.Output.TargetNames[classIndex], model.Options.MarkNames.ToArray(), map, objective);
    }
}
