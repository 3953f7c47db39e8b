using Genomics.Interpret.References;
using static TorchSharp.torch;

namespace Genomics.Interpret.Gradients;

/// <summary>Settings of <see cref="Saliency"/>.</summary>
public sealed record SaliencyOptions
{
    /// <summary>Which gradient attribution to compute. Default <see cref="SaliencyMethod.Gradient"/>.</summary>
    public SaliencyMethod Method { get; init; } = SaliencyMethod.Gradient;

    /// <summary>Integrated gradients: the number of points on the path (midpoint rule), at least 1. Default 50.</summary>
    public int Steps { get; init; } = 50;

    /// <summary>Integrated gradients: a fixed reference (the start of the path, often called the baseline), (C, L) for
    /// every example or (N, C, L) one per example; the caller keeps ownership. Null uses <see cref="ReferenceGenerator"/>,
    /// or zeros when that is null too.</summary>
    public Tensor? Reference { get; init; }

    /// <summary>Integrated gradients: generates <see cref="References"/> references per example (the attributions are
    /// averaged over them), as DeepLIFT-SHAP does. Ignored when <see cref="Reference"/> is set.</summary>
    public IReferenceGenerator? ReferenceGenerator { get; init; }

    /// <summary>Integrated gradients with <see cref="ReferenceGenerator"/>: references per example, at least 1. Default 1.</summary>
    public int References { get; init; } = 1;

    /// <summary>The seed of generated references when none is set here or in the context (0).</summary>
    public const long DefaultSeed = 0;

    /// <summary>Seed for <see cref="ReferenceGenerator"/>; null uses the context's seed (<see cref="Genomics.Models.Compute.ComputeContext.Seed"/>), or <see cref="DefaultSeed"/> when that is null too: the rule of <see cref="Genomics.Models.Compute.ComputeContext.SeedFor"/>, which every engine follows.</summary>
    public long? Seed { get; init; }

    /// <summary>Integrated gradients with a <see cref="ReferenceGenerator"/>: the index of the first example of the
    /// sequences passed to <c>Attribute</c> in a larger input (0 by default), so that an input attributed in pieces gets
    /// the references of one call (<see cref="IReferenceGenerator.GenerateFrom"/>).</summary>
    public long FirstExample { get; init; }

    /// <summary>Centring across channels, the gradient correction for one-hot inputs (Majdandzic et al. 2023): subtract
    /// the mean gradient over the alphabet at every position, removing the off-simplex component before it is used.</summary>
    public bool CentreAcrossChannels { get; init; }

    /// <summary>Return hypothetical scores (one-hot inputs only) for <see cref="SaliencyMethod.GradientTimesInput"/> and
    /// <see cref="SaliencyMethod.IntegratedGradients"/>; null returns them for one-hot inputs when the method has them.</summary>
    public bool? ReturnHypothetical { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">Settings contradict each other.</exception>
    public SaliencyOptions Validate()
    {
        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown saliency method.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1, nameof(Steps));
        ArgumentOutOfRangeException.ThrowIfLessThan(References, 1, nameof(References));
        ArgumentOutOfRangeException.ThrowIfNegative(FirstExample, nameof(FirstExample));
        if (Method == SaliencyMethod.Gradient && ReturnHypothetical == true)
        {
            throw new ArgumentException("The plain gradient has no hypothetical scores (its scores already cover every channel).", nameof(ReturnHypothetical));
        }

        if (Reference is not null && Reference.dim() is not (2 or 3))
        {
            throw new ArgumentException($"The reference must be (C, L) or (N, C, L); got {Reference.dim()} dimension(s).", nameof(Reference));
        }

        return this;
    }
}
