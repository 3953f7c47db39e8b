using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Training;

/// <summary>
/// A projection of a model's weights applied after every optimiser step (e.g. Basset's max-norm 7). Build the
/// built-in ones with the static factories, or derive a custom constraint and override <see cref="Apply"/>.
/// </summary>
/// <remarks>
/// The <see cref="Trainer"/> calls <see cref="Apply"/> with gradient recording off, right after
/// <c>optimizer.step()</c> (and after gradient clipping) for every mini-batch, on the model's own device. An
/// implementation changes parameters in place (for example with <c>copy_</c>) and must not replace them, since the
/// optimiser holds references to the parameter tensors.
/// </remarks>
public abstract class WeightConstraint
{
    /// <summary>Initialises the base class (for custom constraints).</summary>
    protected WeightConstraint()
    {
    }

    /// <summary>A short name for logs and docs.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Max-norm (Srivastava et al. 2014; Torch7 dpnn <c>maxParamNorm</c>, as used by Basset): every trainable
    /// parameter with two or more dimensions is treated as (output unit, ...) and each output unit's slice — a
    /// convolution filter (C_in × k) or a linear layer's row — is rescaled to L2 norm <paramref name="maxNorm"/>
    /// when its norm exceeds it. One-dimensional parameters (biases, batch-norm scales and shifts) are left alone.
    /// </summary>
    /// <param name="maxNorm">The largest allowed L2 norm per output unit, positive and finite (Basset: 7).</param>
    /// <returns>The constraint.</returns>
    /// <remarks>
    /// Same arithmetic as Torch7 <c>Tensor.renorm(2, 1, maxNorm)</c> and PyTorch <c>torch.renorm(w, 2, 0, maxNorm)</c>:
    /// a slice with norm n &gt; maxNorm is multiplied by maxNorm / (n + 1e-7); slices at or below the bound are unchanged.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive and finite.</exception>
    public static WeightConstraint MaxNorm(double maxNorm)
    {
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must be positive and finite.");
        }

        return new MaxNormConstraint(maxNorm);
    }

    /// <summary>Projects the weights of <paramref name="module"/> in place.</summary>
    /// <param name="module">The model being trained.</param>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    public abstract void Apply(nn.Module module);

    private sealed class MaxNormConstraint(double maxNorm) : WeightConstraint
    {
        public override string Name => $"max-norm({maxNorm})";

        public override void Apply(nn.Module module)
        {
            ArgumentNullException.ThrowIfNull(module);
            using var noGrad = torch.no_grad();
            foreach (var parameter in module.parameters())
            {
                if (!parameter.requires_grad || parameter.dim() < 2)
                {
                    continue;
                }

                using var scope = torch.NewDisposeScope();
                parameter.copy_(parameter.renorm(2, 0, (float)maxNorm));
            }
        }
    }
}
