using TorchSharp;

namespace Genomics.Models.Training;

/// <summary>Creates TorchSharp optimisers from <see cref="OptimizerOptions"/>.</summary>
internal static class OptimizerFactory
{
    public static torch.optim.Optimizer Create(torch.nn.Module module, OptimizerOptions options)
    {
        var parameters = module.parameters().Where(p => p.requires_grad).ToList();
        if (parameters.Count == 0)
        {
            throw new ArgumentException("The model has no trainable parameters.", nameof(module));
        }

        return options.Kind switch
        {
            OptimizerKind.Adam => new Adam(parameters, options.LearningRate, 0.9, 0.999, options.Epsilon, options.WeightDecay),
            OptimizerKind.Sgd => torch.optim.SGD(parameters, options.LearningRate, options.Momentum, 0, options.WeightDecay),
            OptimizerKind.RmsProp => torch.optim.RMSProp(parameters, options.LearningRate, options.Alpha, options.Epsilon, options.WeightDecay, options.Momentum),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "Unknown optimiser."),
        };
    }
}
