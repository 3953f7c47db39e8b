namespace Genomics.Models.Tuning;

/// <summary>
/// The Parzen estimator of a categorical parameter, as Optuna's TPE builds it: one kernel per observation that puts
/// weight 1 on the observed choice plus a smoothing mass of prior-weight / kernels on every choice (each row then
/// normalised), and an optional uniform prior kernel; the kernels are mixed with the observation weights and the
/// prior weight.
/// </summary>
internal sealed class CategoricalParzenEstimator : IParzenEstimator
{
    private readonly double[] _probabilities;
    private readonly double[] _cumulative;

    public CategoricalParzenEstimator(int choices, double[] observations, double[] weights, TpeSamplerOptions options)
    {
        _probabilities = new double[choices];
        if (observations.Length == 0)
        {
            Array.Fill(_probabilities, 1.0 / choices);
        }
        else
        {
            var prior = options.ConsiderPrior;
            var kernels = observations.Length + (prior ? 1 : 0);
            var smoothing = options.PriorWeight / kernels;
            var mixture = prior ? [.. weights, options.PriorWeight] : weights.ToArray();
            var total = mixture.Sum();
            for (var k = 0; k < kernels; k++)
            {
                // Row k: smoothing everywhere, plus one on the observed choice; normalised to sum to one.
                var observed = k < observations.Length ? (int)observations[k] : -1;
                var rowSum = (smoothing * choices) + (observed >= 0 ? 1 : 0);
                var share = mixture[k] / total;
                if (rowSum <= 0)
                {
                    continue;
                }

                for (var c = 0; c < choices; c++)
                {
                    _probabilities[c] += share * (smoothing + (c == observed ? 1 : 0)) / rowSum;
                }
            }
        }

        _cumulative = new double[choices];
        double running = 0;
        for (var c = 0; c < choices; c++)
        {
            running += _probabilities[c];
            _cumulative[c] = running;
        }
    }

    /// <summary>The mixture's probability of each choice (for tests).</summary>
    internal IReadOnlyList<double> Probabilities => _probabilities;

    public double[] Sample(Random random, int count)
    {
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u = random.NextDouble() * _cumulative[^1];
            var c = 0;
            while (c < _cumulative.Length - 1 && u >= _cumulative[c])
            {
                c++;
            }

            result[i] = c;
        }

        return result;
    }

    public double LogDensity(double value) => Math.Log(_probabilities[(int)value]);
}
