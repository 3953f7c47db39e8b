using System.Globalization;
using System.Text;
using Genomics.Models.Abstractions;
using TorchSharp;

namespace Genomics.Interpret.DeepLift;

/// <summary>
/// Decides whether DeepLIFT's rules cover every nonlinearity of a model. DeepLIFT replaces the gradient of the
/// library's <c>Activation</c>, <c>Pool1d</c> and <c>SoftmaxActivation</c> modules; any other nonlinear module would
/// silently back-propagate its ordinary gradient and give wrong attributions, so such models are rejected by name.
/// </summary>
/// <remarks>
/// The module tree is walked with <c>named_modules()</c>. TorchSharp's own modules are accepted only when they are
/// linear at evaluation time (convolutions, linear, batch-norm, dropout, flatten, average pools, padding, containers);
/// every other TorchSharp module — ReLU, Sigmoid, Softmax, MaxPool1d, LSTM, GRU, LayerNorm, attention … — is rejected.
/// Library modules known to compute a nonlinearity directly (attention softmaxes, layer normalisation) are rejected
/// too. Other custom modules are trusted; DeepLIFT's convergence deltas reveal a nonlinearity hidden inside one.
/// </remarks>
public static class DeepLiftSupport
{
    private static readonly HashSet<string> LinearTorchModules = new(StringComparer.Ordinal)
    {
        "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "Linear", "BatchNorm1d", "BatchNorm2d",
        "BatchNorm3d", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout",
        "Flatten", "Unflatten", "Identity", "Sequential", "ModuleList", "ModuleDict", "AvgPool1d", "AvgPool2d",
        "AdaptiveAvgPool1d", "ZeroPad2d", "ConstantPad1d", "ConstantPad2d",
    };

    private static readonly Dictionary<string, string> KnownLibraryNonlinearities = new(StringComparer.Ordinal)
    {
        ["Genomics.Models.Architectures.AttentiveChrome.AttentionPooling"] = "computes an attention softmax directly",
        ["Genomics.Models.Architectures.DeepCba.DotProductAttention"] = "computes an attention softmax directly",
        ["Genomics.Models.Architectures.CnnGru.ChannelLayerNorm"] = "layer normalisation divides by a data-dependent standard deviation",
    };

    /// <summary>Lists the modules DeepLIFT cannot attribute through, with the reason for each.</summary>
    /// <param name="model">The model.</param>
    /// <returns>"name (type): reason" entries; empty when the model is supported.</returns>
    public static IReadOnlyList<string> UnsupportedModules(ISequenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<string>();
        var root = model.Module;
        Inspect("(model)", root, problems);
        foreach (var (name, module) in root.named_modules())
        {
            Inspect(name, module, problems);
        }

        return problems;
    }

    /// <summary>Throws unless DeepLIFT's rules cover every nonlinearity of the model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="paramName">The argument name reported.</param>
    /// <exception cref="ArgumentException">The model contains modules DeepLIFT cannot attribute through; the message names them.</exception>
    public static void EnsureSupported(ISequenceModel model, string paramName = "model")
    {
        var problems = UnsupportedModules(model);
        if (problems.Count == 0)
        {
            return;
        }

        var message = new StringBuilder("DeepLIFT cannot attribute this model: ");
        message.AppendJoin("; ", problems);
        message.Append(". Build nonlinearities with Genomics.Models.Layers (Activation, Pool1d, SoftmaxActivation), or use saliency or in-silico mutagenesis for this model.");
        throw new ArgumentException(message.ToString(), paramName);
    }

    private static void Inspect(string name, torch.nn.Module module, List<string> problems)
    {
        var type = module.GetType();
        var typeName = type.Name;
        var tick = typeName.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            typeName = typeName[..tick];
        }

        string? reason = null;
        if (type.Namespace is { } ns && ns.StartsWith("TorchSharp", StringComparison.Ordinal))
        {
            if (!LinearTorchModules.Contains(typeName))
            {
                reason = typeName is "LSTM" or "GRU" or "RNN" or "LSTMCell" or "GRUCell" or "RNNCell"
                    ? "its gate nonlinearities run inside libtorch's fused recurrent kernel"
                    : "a TorchSharp module whose gradient the DeepLIFT rules cannot replace";
            }
        }
        else if (type.FullName is { } full && KnownLibraryNonlinearities.TryGetValue(full, out var known))
        {
            reason = known;
        }

        if (reason is not null)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"module '{name}' ({typeName}) {reason}"));
        }
    }
}
