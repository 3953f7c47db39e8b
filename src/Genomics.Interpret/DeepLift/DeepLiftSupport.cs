using System.Globalization;
using System.Text;
using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
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
/// every other TorchSharp module — ReLU, Sigmoid, Softmax, MaxPool1d, LSTM, GRU, LayerNorm, attention … — is rejected,
/// except the LSTM, GRU and LayerNorm modules held by a library module that replaces them by an unfused computation
/// under the rules (AttentiveChrome, CNN-GRU's <c>LastStepGru</c> and <c>ChannelLayerNorm</c>, DeepCBA's branches;
/// see docs/decisions/deeplift-recurrent.md). Other custom modules are trusted; DeepLIFT's convergence deltas reveal
/// a nonlinearity hidden inside one.
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

    private static readonly HashSet<string> RoutedTorchModules = new(StringComparer.Ordinal) { "LSTM", "GRU", "LayerNorm" };

    /// <summary>Lists the modules DeepLIFT cannot attribute through, with the reason for each.</summary>
    /// <param name="model">The model.</param>
    /// <returns>"name (type): reason" entries; empty when the model is supported.</returns>
    public static IReadOnlyList<string> UnsupportedModules(ISequenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<string>();
        var root = model.Module;
        var routed = RoutedChildren(root);
        Inspect("(model)", root, problems, routed);
        foreach (var (name, module) in root.named_modules())
        {
            Inspect(name, module, problems, routed);
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

    /// <summary>The LSTM, GRU and LayerNorm modules held by a library module that runs them under the rules itself.</summary>
    private static HashSet<torch.nn.Module> RoutedChildren(torch.nn.Module root)
    {
        var routed = new HashSet<torch.nn.Module>(ReferenceEqualityComparer.Instance);
        foreach (var owner in root.named_modules().Select(m => m.module).Prepend(root).OfType<IAttributionRuleOwner>())
        {
            foreach (var (_, child) in ((torch.nn.Module)owner).named_modules())
            {
                if (RoutedTorchModules.Contains(child.GetType().Name))
                {
                    routed.Add(child);
                }
            }
        }

        return routed;
    }

    private static void Inspect(string name, torch.nn.Module module, List<string> problems, HashSet<torch.nn.Module> routed)
    {
        if (routed.Contains(module))
        {
            return;
        }

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

        if (reason is not null)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"module '{name}' ({typeName}) {reason}"));
        }
    }
}
