namespace Genomics.Models.Tuning;

/// <summary>
/// The Parzen estimator of a float or integer parameter, as Optuna's TPE builds it: a mixture of normal kernels,
/// truncated to the parameter's range, centred on the observations (in log space for log-scale parameters), plus
/// an optional wide prior kernel at the centre of the range.
/// </summary>
/// <remarks>
/// <para>Bandwidths (Bergstra et al. 2011; Optuna's univariate rule): the observations and the prior centre are
/// sorted between the range ends, and each kernel's σ is the larger gap to its neighbours. Without
/// <see cref="TpeSamplerOptions.ConsiderEndpoints"/> the outermost kernels use their inner gap only. With
/// <see cref="TpeSamplerOptions.ConsiderMagicClip"/>, σ is clipped to [range / min(100, 1 + kernels), range];
/// otherwise to [1e-12, range]. The prior kernel has σ = range.</para>
/// <para>Stepped parameters (all integers) spread the range by half a step on each side; the probability of a
/// grid value is the kernel mass of the cell [x − step/2, x + step/2], and samples are rounded to the grid.</para>
/// </remarks>
internal sealed class NumericParzenEstimator : IParzenEstimator
{
    private const double MinimumSigma = 1e-12;

    private readonly NumericDomain _domain;
    private readonly double[] _mus;
    private readonly double[] _sigmas;
    private readonly double[] _logWeights;
    private readonly double[] _cumulative;
    private readonly double[] _logNormalisers;
    private readonly double _low;
    private readonly double _high;

    public NumericParzenEstimator(NumericDomain domain, double[] observations, double[] weights, TpeSamplerOptions options)
    {
        _domain = domain;
        _low = domain.TransformedLow;
        _high = domain.TransformedHigh;
        var range = _high - _low;
        var prior = options.ConsiderPrior || observations.Length == 0;
        var mus = observations.Select(domain.Transform).ToList();
        var sigmas = Bandwidths(mus, _low, _high, prior, options);
        var mixture = weights.ToList();
        if (prior)
        {
            mus.Add(0.5 * (_low + _high));
            sigmas.Add(range);
            mixture.Add(observations.Length == 0 ? 1.0 : options.PriorWeight);
        }

        _mus = [.. mus];
        _sigmas = [.. sigmas];
        var total = mixture.Sum();
        _logWeights = mixture.Select(w => Math.Log(w / total)).ToArray();
        _cumulative = new double[mixture.Count];
        double running = 0;
        for (var k = 0; k < mixture.Count; k++)
        {
            running += mixture[k] / total;
            _cumulative[k] = running;
        }

        _logNormalisers = new double[_mus.Length];
        for (var k = 0; k < _mus.Length; k++)
        {
            _logNormalisers[k] = Gaussian.LogMass((_low - _mus[k]) / _sigmas[k], (_high - _mus[k]) / _sigmas[k]);
        }
    }

    /// <summary>The kernel centres in transformed space, observations first, then the prior (for tests).</summary>
    internal IReadOnlyList<double> Mus => _mus;

    /// <summary>The kernel bandwidths, in the order of <see cref="Mus"/> (for tests).</summary>
    internal IReadOnlyList<double> Sigmas => _sigmas;

    public double[] Sample(Random random, int count)
    {
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            var k = Component(random);
            var z = Gaussian.SampleTruncated(random, (_low - _mus[k]) / _sigmas[k], (_high - _mus[k]) / _sigmas[k]);
            result[i] = _domain.Untransform(_mus[k] + (_sigmas[k] * z));
        }

        return result;
    }

    public double LogDensity(double value)
    {
        var terms = new double[_mus.Length];
        if (_domain.IsDiscrete)
        {
            var lower = _domain.Transform(Math.Max(value - (_domain.Step / 2), _domain.Low - (_domain.Step / 2)));
            var upper = _domain.Transform(Math.Min(value + (_domain.Step / 2), _domain.High + (_domain.Step / 2)));
            for (var k = 0; k < terms.Length; k++)
            {
                terms[k] = _logWeights[k] + Gaussian.LogMass((lower - _mus[k]) / _sigmas[k], (upper - _mus[k]) / _sigmas[k]) - _logNormalisers[k];
            }
        }
        else
        {
            var x = _domain.Transform(value);
            for (var k = 0; k < terms.Length; k++)
            {
                terms[k] = _logWeights[k] + Gaussian.LogPdf((x - _mus[k]) / _sigmas[k]) - Math.Log(_sigmas[k]) - _logNormalisers[k];
            }
        }

        return Gaussian.LogSumExp(terms);
    }

    private int Component(Random random)
    {
        var u = random.NextDouble();
        for (var k = 0; k < _cumulative.Length - 1; k++)
        {
            if (u < _cumulative[k])
            {
                return k;
            }
        }

        return _cumulative.Length - 1;
    }

    /// <summary>Optuna's univariate bandwidth rule (see the class remarks); one σ per observation.</summary>
    private static List<double> Bandwidths(List<double> mus, double low, double high, bool prior, TpeSamplerOptions options)
    {
        var n = mus.Count;
        if (n == 0)
        {
            return [];
        }

        // Sorted centres (with the prior's) between the two range ends; stable order keeps ties deterministic.
        var centres = prior ? [.. mus, 0.5 * (low + high)] : mus.ToArray();
        var order = Enumerable.Range(0, centres.Length).OrderBy(i => centres[i]).ThenBy(i => i).ToArray();
        var points = new double[centres.Length + 2];
        points[0] = low;
        points[^1] = high;
        for (var i = 0; i < order.Length; i++)
        {
            points[i + 1] = centres[order[i]];
        }

        var sorted = new double[centres.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = Math.Max(points[i + 1] - points[i], points[i + 2] - points[i + 1]);
        }

        if (!options.ConsiderEndpoints && points.Length >= 4)
        {
            sorted[0] = points[2] - points[1];
            sorted[^1] = points[^2] - points[^3];
        }

        var range = high - low;
        var kernels = n + (prior ? 1 : 0);
        var minimum = Math.Min(range, options.ConsiderMagicClip ? range / Math.Min(100.0, 1.0 + kernels) : MinimumSigma);
        var sigmas = new double[centres.Length];
        for (var i = 0; i < order.Length; i++)
        {
            sigmas[order[i]] = Math.Clamp(sorted[i], minimum, range);
        }

        return sigmas.Take(n).ToList();
    }
}
