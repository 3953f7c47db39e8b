namespace Genomics.Interpret.Gradients;

/// <summary>The gradient attribution computed by <see cref="Saliency"/>.</summary>
public enum SaliencyMethod
{
    /// <summary>The gradient of the explained output with respect to the input (Simonyan et al. 2014).</summary>
    Gradient,

    /// <summary>Gradient × input (Shrikumar et al. 2016); for one-hot inputs the gradient of the observed base.</summary>
    GradientTimesInput,

    /// <summary>Integrated gradients (Sundararajan et al. 2017): (x − b) ⊙ the mean gradient along the straight path
    /// from a reference b (the baseline of the integrated-gradients paper) to x, by the midpoint rule.</summary>
    IntegratedGradients,
}
