namespace Genomics.Models.Layers;

/// <summary>The element-wise nonlinearities the library's <see cref="Activation"/> module provides.</summary>
public enum ActivationKind
{
    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>1 / (1 + e^−x).</summary>
    Sigmoid,

    /// <summary>tanh(x).</summary>
    Tanh,

    /// <summary>ln(1 + e^x).</summary>
    Softplus,

    /// <summary>e^x.</summary>
    Exp,

    /// <summary>x (no change); useful to keep layer lists and checkpoints stable when a nonlinearity is removed.</summary>
    Identity,
}
