namespace Genomics.Models.Abstractions;

/// <summary>Accumulates receptive field and cumulative stride through a stack of length-axis layers.</summary>
/// <remarks>
/// Starting from one input position (field 1, jump 1), a layer with kernel k, dilation d and stride s grows the field by
/// (k − 1)·d·jump and multiplies the jump by s. Use it while listing <see cref="LayerInfo"/> entries.
/// </remarks>
public sealed class ReceptiveFieldTracker
{
    /// <summary>The current receptive field in input positions.</summary>
    public int Field { get; private set; } = 1;

    /// <summary>The current cumulative stride in input positions.</summary>
    public int Jump { get; private set; } = 1;

    /// <summary>Applies a convolution or pooling layer.</summary>
    /// <param name="kernel">Kernel or window size, at least 1.</param>
    /// <param name="stride">Stride, at least 1.</param>
    /// <param name="dilation">Dilation, at least 1.</param>
    /// <returns>This tracker, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is below 1.</exception>
    public ReceptiveFieldTracker Apply(int kernel, int stride = 1, int dilation = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        Field += (kernel - 1) * dilation * Jump;
        Jump *= stride;
        return this;
    }

    /// <summary>Describes a layer at the current field and jump.</summary>
    /// <param name="name">The module path.</param>
    /// <param name="kind">The layer kind.</param>
    /// <param name="outputChannels">The output channels, or null.</param>
    /// <returns>The layer description.</returns>
    public LayerInfo Describe(string name, LayerKind kind, int? outputChannels) => new(name, kind, outputChannels, Field, Jump);
}
