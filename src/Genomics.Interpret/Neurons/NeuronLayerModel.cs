using Genomics.Models.Abstractions;
using Genomics.Models.Capture;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Neurons;

/// <summary>
/// Presents one neuron layer of a network as an <see cref="ISequenceModel"/> from one-hot DNA (N, 4, L) to the layer's
/// pre-activation map (N, F, L′), so that <see cref="Genomics.Models.Compute.BatchedPredictor"/> batches every call.
/// </summary>
internal sealed class NeuronLayerModel : ISequenceModel
{
    private readonly Func<Tensor, Tensor> _evaluate;

    public NeuronLayerModel(NeuronLayer layer, nn.Module module, int? length, Func<Tensor, Tensor> evaluate, bool usesHooks = false)
    {
        Layer = layer;
        UsesHooks = usesHooks;
        Module = module;
        _evaluate = evaluate;
        Input = SequenceInputSpec.Dna(length);
        Output = new SequenceOutputSpec(Enumerable.Range(0, layer.Channels).Select(c => $"{layer.Name}_neuron{c}").ToArray(), OutputActivation.None);
    }

    public NeuronLayer Layer { get; }

    /// <summary>True when evaluation registers forward hooks on <see cref="Module"/>, so callers must take the module for
    /// exclusive use (<see cref="Genomics.Models.Compute.ModelStateScope.ExclusiveUse"/>) before evaluating.</summary>
    public bool UsesHooks { get; }

    public SequenceInputSpec Input { get; }

    public SequenceOutputSpec Output { get; }

    public IReadOnlyList<LayerInfo> Layers => [];

    public nn.Module Module { get; }

    /// <summary>The layer's map (N, F, L′); differentiable with respect to the input when gradients are enabled.</summary>
    public Tensor Evaluate(Tensor input) => _evaluate(input);

    /// <summary>
    /// Evaluation through a full <see cref="ISequenceModel"/>: inputs shorter than the model's length are zero-padded on
    /// the right, the model runs through <c>call</c>, and the layer output is read by <see cref="ActivationRecorder"/>
    /// (no gradients) or by a forward hook that keeps the autograd graph (gradients enabled).
    /// </summary>
    public static Func<Tensor, Tensor> ThroughModel(ISequenceModel model, string modulePath)
    {
        var module = model.Module.named_modules().First(m => m.name == modulePath).module as nn.Module<Tensor, Tensor>
            ?? throw new ArgumentException($"Layer '{modulePath}' does not map a tensor to a tensor.", nameof(modulePath));
        return input =>
        {
            var x = input;
            if (model.Input.Length is int length && input.shape[2] < length)
            {
                var pad = torch.zeros([input.shape[0], input.shape[1], length - input.shape[2]], input.dtype, input.device);
                x = torch.cat([input, pad], 2);
            }

            if (!torch.is_grad_enabled())
            {
                using var recorder = new ActivationRecorder(model.Module, [modulePath], moveToCpu: false);
                using (model.Evaluate(x))
                {
                }

                return recorder.GetActivations(modulePath);
            }

            // Hooks are shared module state: take the model alone (a no-op inside the caller's exclusive use).
            using var exclusive = Genomics.Models.Compute.ModelStateScope.ExclusiveUse(model.Module);
            Tensor? captured = null;
            var handle = module.register_forward_hook((_, _, output) =>
            {
                // The model's forward disposes its intermediates; keep an alias (same autograd node) alive.
                captured?.Dispose();
                captured = output.alias().DetachFromDisposeScope();
                return output;
            });
            try
            {
                model.Evaluate(x);
            }
            catch
            {
                captured?.Dispose();
                throw;
            }
            finally
            {
                handle.remove();
            }

            if (captured is null)
            {
                throw new InvalidOperationException($"Layer '{modulePath}' did not run during the forward pass.");
            }

            using (captured)
            {
                return captured.clone();
            }
        };
    }

    /// <summary>Does nothing: the neuron view evaluates a module it does not own.</summary>
    public void Dispose()
    {
    }
}
