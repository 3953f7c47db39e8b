namespace Genomics.Models.Abstractions;

/// <summary>
/// Thrown when an engine that needs gradients (saliency, DeepLIFT-SHAP, training) is given a forward-only model
/// (<see cref="IForwardOnlyModel"/>), such as an ONNX model.
/// </summary>
public sealed class ForwardOnlyModelException : NotSupportedException
{
    /// <summary>The engines that need only forward passes, as the message lists them.</summary>
    public const string ForwardOnlyEngines = "prediction, in-silico mutagenesis (ISM), DeepASMM, variant effects (SequenceEditEffects) and perturbation experiments (Marginalize, Ablate, Space)";

    /// <summary>Initializes a new instance with a generic message.</summary>
    public ForwardOnlyModelException()
        : this("an engine that needs gradients", "a forward-only model")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public ForwardOnlyModelException(string message)
        : base(message)
    {
        Engine = string.Empty;
        Model = string.Empty;
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ForwardOnlyModelException(string message, Exception innerException)
        : base(message, innerException)
    {
        Engine = string.Empty;
        Model = string.Empty;
    }

    /// <summary>Initializes a new instance naming the engine and the model.</summary>
    /// <param name="engine">The engine that needs gradients, e.g. "Saliency".</param>
    /// <param name="model">What the model is (<see cref="IForwardOnlyModel.ForwardOnlyDescription"/>).</param>
    public ForwardOnlyModelException(string engine, string model)
        : base($"{engine} needs gradients, but the model is forward-only: {model} gives outputs but no gradients. Engines that work with it: {ForwardOnlyEngines}.")
    {
        Engine = engine;
        Model = model;
    }

    /// <summary>The engine that refused the model.</summary>
    public string Engine { get; }

    /// <summary>What the model is.</summary>
    public string Model { get; }

    /// <summary>Whether a model runs forward passes only: the model or its module is an <see cref="IForwardOnlyModel"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="description">What the model is, when it is forward-only.</param>
    /// <returns>True when the model cannot give gradients.</returns>
    public static bool IsForwardOnly(ISequenceModel model, out string description)
    {
        ArgumentNullException.ThrowIfNull(model);
        var marker = model as IForwardOnlyModel ?? model.Module as IForwardOnlyModel;
        description = marker?.ForwardOnlyDescription ?? string.Empty;
        return marker is not null;
    }

    /// <summary>Throws when a model runs forward passes only.</summary>
    /// <param name="model">The model.</param>
    /// <param name="engine">The engine that needs gradients, named in the message.</param>
    /// <exception cref="ForwardOnlyModelException">The model or its module is an <see cref="IForwardOnlyModel"/>.</exception>
    public static void ThrowIfForwardOnly(ISequenceModel model, string engine)
    {
        if (IsForwardOnly(model, out var description))
        {
            throw new ForwardOnlyModelException(engine, description);
        }
    }
}
