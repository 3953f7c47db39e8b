using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Training;

/// <summary>
/// TorchSharp's Adam with its update run as one pass over each parameter (docs/decisions/fused-adam.md). TorchSharp's
/// <see cref="TorchSharp.Modules.Adam"/> makes about seven libtorch calls per parameter and two temporary tensors the size of the
/// parameter (the denominator); for a small model those calls are most of an optimiser step. This class keeps Adam's
/// state (<see cref="TorchSharp.Modules.Adam.State"/>: step, first and second moments), its options and its checkpoint layout, and for
/// float32 CPU parameters updates parameter and moments in place in one loop with the same arithmetic:
/// m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε), with
/// g + λ·θ in place of g under L2 weight decay. Values equal TorchSharp's up to float32 rounding.
/// </summary>
/// <remarks>When any parameter, gradient or moment is not a contiguous float32 CPU tensor, or AMSGrad or maximisation
/// is asked for, the whole step is TorchSharp's own. The class is named Adam, as TorchSharp's is: TorchSharp's saved
/// optimiser state starts with the optimiser's type name and refuses a stream written under another, so training state
/// saved by either class loads into the other.</remarks>
internal sealed unsafe class Adam : TorchSharp.Modules.Adam
{
    /// <summary>Creates the optimiser over <paramref name="parameters"/> (see TorchSharp's Adam constructor).</summary>
    public Adam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
        : base(parameters, lr, beta1, beta2, eps, weightDecay)
    {
    }

    /// <summary>Steps in place for float32 CPU parameters, otherwise through TorchSharp's step.</summary>
    /// <param name="closure">Re-evaluates the model and returns the loss; optional.</param>
    /// <returns>The closure's loss, or null.</returns>
    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (!Fusable())
        {
            return base.step(closure!);
        }

        return _step<ParamGroup>(group =>
        {
            var options = (Options)group.Options;
            var beta1 = options.beta1!.Value;
            var beta2 = options.beta2!.Value;
            var eps = options.eps!.Value;
            var lr = options.LearningRate!.Value;
            var weightDecay = options.weight_decay!.Value;
            foreach (var param in group.Parameters)
            {
                using var grad = param.grad;
                if (grad is null)
                {
                    continue;
                }

                var state = (State)_state[param.Handle];
                state.step += 1;
                var correction1 = 1 - Math.Pow(beta1, state.step);
                var correction2 = 1 - Math.Pow(beta2, state.step);
                Update(
                    new Moments(TensorMemory.Floats(param), TensorMemory.Floats(grad), TensorMemory.Floats(state.exp_avg), TensorMemory.Floats(state.exp_avg_sq), param.numel()),
                    new Coefficients((float)beta1, (float)(1 - beta1), (float)beta2, (float)(1 - beta2), (float)Math.Sqrt(correction2), (float)eps, (float)(-lr / correction1), (float)weightDecay));
            }
        }, closure!);
    }

    /// <summary>Whether every parameter, gradient and moment is a contiguous float32 CPU tensor and no group asks for
    /// AMSGrad or maximisation.</summary>
    private bool Fusable()
    {
        foreach (var group in ParamGroups.Cast<TorchSharp.Modules.ParamGroup>())
        {
            var options = (Options)group.Options;
            if (options.amsgrad == true || options.maximize == true)
            {
                return false;
            }

            foreach (var param in group.Parameters)
            {
                using var grad = param.grad;
                if (grad is null)
                {
                    continue;
                }

                var state = _state.TryGetValue(param.Handle, out var held) ? held as State : null;
                if (state is null || !Plain(param) || !Plain(grad) || !Plain(state.exp_avg) || !Plain(state.exp_avg_sq) || grad.numel() != param.numel())
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool Plain(Tensor? t) =>
        t is not null && t.dtype == ScalarType.Float32 && t.device_type == DeviceType.CPU && t.is_contiguous() && !t.is_sparse;

    private readonly struct Moments(float* param, float* grad, float* mean, float* square, long count)
    {
        public float* Param { get; } = param;

        public float* Grad { get; } = grad;

        public float* Mean { get; } = mean;

        public float* Square { get; } = square;

        public long Count { get; } = count;
    }

    private readonly record struct Coefficients(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float SqrtCorrection2, float Eps, float NegativeStep, float WeightDecay);

    /// <summary>One parameter's update, in the order of TorchSharp's calls (mul_, add_, mul_, addcmul_, sqrt, /, add_, addcdiv_).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Update(Moments m, Coefficients c)
    {
        long i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> b1 = Vector256.Create(c.Beta1), ob1 = Vector256.Create(c.OneMinusBeta1), b2 = Vector256.Create(c.Beta2),
                ob2 = Vector256.Create(c.OneMinusBeta2), root = Vector256.Create(c.SqrtCorrection2), eps = Vector256.Create(c.Eps),
                step = Vector256.Create(c.NegativeStep), decay = Vector256.Create(c.WeightDecay);
            for (; i + 8 <= m.Count; i += 8)
            {
                var theta = Vector256.Load(m.Param + i);
                var g = Vector256.Load(m.Grad + i);
                if (c.WeightDecay != 0f)
                {
                    g += decay * theta;
                }

                var mean = (Vector256.Load(m.Mean + i) * b1) + (ob1 * g);
                var square = (Vector256.Load(m.Square + i) * b2) + (ob2 * g * g);
                var denominator = (Vector256.Sqrt(square) / root) + eps;
                mean.Store(m.Mean + i);
                square.Store(m.Square + i);
                (theta + (step * mean / denominator)).Store(m.Param + i);
            }
        }

        for (; i < m.Count; i++)
        {
            var theta = m.Param[i];
            var g = m.Grad[i];
            if (c.WeightDecay != 0f)
            {
                g += c.WeightDecay * theta;
            }

            var mean = (m.Mean[i] * c.Beta1) + (c.OneMinusBeta1 * g);
            var square = (m.Square[i] * c.Beta2) + (c.OneMinusBeta2 * g * g);
            var denominator = (MathF.Sqrt(square) / c.SqrtCorrection2) + c.Eps;
            m.Mean[i] = mean;
            m.Square[i] = square;
            m.Param[i] = theta + (c.NegativeStep * mean / denominator);
        }
    }
}
