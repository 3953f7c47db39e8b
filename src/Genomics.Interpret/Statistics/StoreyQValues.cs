namespace Genomics.Interpret.Statistics;

/// <summary>
/// q-values as MEME computes them (<c>qvalue.c</c>: <c>compute_qvalues</c> with <c>estimate_pi_zero</c>, after
/// Storey 2002, "A direct approach to false discovery rates", Algorithm 3.1): q(i) = min over j ≥ i of
/// min(1, π₀ · p(j) · m / j) for the p-values sorted ascending (rank j from 1), where π₀ is the estimated proportion
/// of true null hypotheses. With π₀ = 1 this is Benjamini–Hochberg.
/// </summary>
/// <remarks>
/// <para>π₀ is estimated only from more than <see cref="MinimumCount"/> p-values (else it is 1). For each of
/// <see cref="Lambdas"/> values λ_k = (k / <see cref="Lambdas"/>) · <see cref="MaxLambda"/>, k = 1…100,
/// π₀(λ) = #{p ≥ λ} / ((1 − λ) m) (+∞ when no p-value reaches λ). With the smallest of them as the plug-in estimate,
/// <see cref="Bootstraps"/> bootstrap samples of <see cref="BootstrapSamples"/> p-values each (drawn with replacement as
/// index ⌊u · m⌋, u from <c>drand48</c>) give each λ its summed squared error against the plug-in; the λ with the
/// smallest error (the first on ties) gives π₀, clamped to [0, 1].</para>
/// <para>These are MEME 5's constants (<c>qvalue.h</c>: 100 bootstraps of 1000 samples, 100 λ up to 0.5).</para>
/// </remarks>
public static class StoreyQValues
{
    /// <summary>Number of bootstrap samples drawn (MEME's NUM_BOOTSTRAPS).</summary>
    public const int Bootstraps = 100;

    /// <summary>Number of p-values in each bootstrap sample (MEME's NUM_BOOTSTRAP_SAMPLES).</summary>
    public const int BootstrapSamples = 1000;

    /// <summary>Number of λ values tried (MEME's NUM_LAMBDA).</summary>
    public const int Lambdas = 100;

    /// <summary>Largest λ tried (MEME's MAX_LAMBDA).</summary>
    public const double MaxLambda = 0.5;

    /// <summary>π₀ is estimated only from more than this many p-values (MEME's MIN_SAMPLES); otherwise it is 1.</summary>
    public const int MinimumCount = 100;

    /// <summary>Number of random draws one π₀ estimate consumes.</summary>
    public const long DrawsPerEstimate = (long)Bootstraps * BootstrapSamples;

    /// <summary>Estimates π₀ from p-values sorted in ascending order, drawing the bootstrap samples from <paramref name="random"/>.</summary>
    /// <param name="sortedPValues">The p-values, ascending, each in [0, 1].</param>
    /// <param name="random">The generator; advanced by <see cref="DrawsPerEstimate"/> draws when π₀ is estimated, untouched otherwise.</param>
    /// <returns>π₀ in [0, 1]; 1 for <see cref="MinimumCount"/> p-values or fewer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentException">The p-values are not sorted ascending or not in [0, 1].</exception>
    public static double EstimatePi0(ReadOnlySpan<double> sortedPValues, Drand48 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckSorted(sortedPValues);
        var m = sortedPValues.Length;
        if (m <= MinimumCount)
        {
            return 1.0;
        }

        Span<double> pi0 = stackalloc double[Lambdas];
        Span<double> errors = stackalloc double[Lambdas];
        errors.Clear();
        for (var k = 0; k < Lambdas; k++)
        {
            pi0[k] = Pi0AtLambda(Lambda(k), sortedPValues);
        }

        var plugIn = double.PositiveInfinity;
        foreach (var value in pi0)
        {
            plugIn = Math.Min(plugIn, value);
        }

        var sample = new double[BootstrapSamples];
        for (var b = 0; b < Bootstraps; b++)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = sortedPValues[(int)(random.NextDouble() * m)];
            }

            Array.Sort(sample);
            for (var k = 0; k < Lambdas; k++)
            {
                var error = Pi0AtLambda(Lambda(k), sample) - plugIn;
                errors[k] += error * error;
            }
        }

        var best = 0;
        for (var k = 1; k < Lambdas; k++)
        {
            if (errors[k] < errors[best])
            {
                best = k;
            }
        }

        return Math.Max(Math.Min(pi0[best], 1.0), 0.0);
    }

    /// <summary>Converts p-values sorted in ascending order to q-values with a given π₀.</summary>
    /// <param name="sortedPValues">The p-values, ascending, each in [0, 1].</param>
    /// <param name="pi0">The proportion of true nulls, in (0, 1]; 1 gives Benjamini–Hochberg.</param>
    /// <param name="count">The number of tests m (at least the number of p-values given, which may be the smallest m).</param>
    /// <param name="qValues">Receives one q-value per p-value.</param>
    /// <exception cref="ArgumentException">Unsorted p-values, a destination of another length, or a count below the p-values'.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pi0"/> is not in (0, 1].</exception>
    public static void FromSorted(ReadOnlySpan<double> sortedPValues, double pi0, long count, Span<double> qValues)
    {
        CheckSorted(sortedPValues);
        if (!(pi0 > 0 && pi0 <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pi0), pi0, "π₀ must be in (0, 1].");
        }

        if (qValues.Length != sortedPValues.Length)
        {
            throw new ArgumentException($"The destination holds {qValues.Length} values; {sortedPValues.Length} are needed.", nameof(qValues));
        }

        if (count < sortedPValues.Length)
        {
            throw new ArgumentException($"The number of tests ({count}) is below the number of p-values ({sortedPValues.Length}).", nameof(count));
        }

        // MEME: fdr = π₀ · p · m / rank, capped at 1, then made monotone from the largest p-value down.
        var running = 1.0;
        for (var r = sortedPValues.Length - 1; r >= 0; r--)
        {
            running = Math.Min(running, pi0 * sortedPValues[r] * count / (r + 1));
            qValues[r] = running;
        }
    }

    /// <summary>Computes q-values of p-values in any order, estimating π₀ with a generator at <c>drand48</c>'s default state.</summary>
    /// <param name="pValues">The p-values, each in [0, 1].</param>
    /// <returns>The q-values, in the order of <paramref name="pValues"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pValues"/> is null.</exception>
    /// <exception cref="ArgumentException">A p-value is not in [0, 1].</exception>
    public static double[] Compute(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var order = Enumerable.Range(0, pValues.Count).ToArray();
        var sorted = pValues.ToArray();
        Array.Sort(sorted, order);
        var pi0 = EstimatePi0(sorted, new Drand48());
        var sortedQ = new double[sorted.Length];
        FromSorted(sorted, pi0, sorted.Length, sortedQ);
        var result = new double[sorted.Length];
        for (var i = 0; i < order.Length; i++)
        {
            result[order[i]] = sortedQ[i];
        }

        return result;
    }

    /// <summary>Gets λ_k = ((k + 1) / <see cref="Lambdas"/>) · <see cref="MaxLambda"/> as MEME computes it.</summary>
    internal static double Lambda(int k) => ((double)(k + 1) / Lambdas) * MaxLambda;

    /// <summary>π₀(λ) = #{p ≥ λ} / ((1 − λ) m); +∞ when no p-value reaches λ (MEME's "dummy huge value").</summary>
    private static double Pi0AtLambda(double lambda, ReadOnlySpan<double> sorted)
    {
        // First index with p ≥ λ.
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] >= lambda)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        var pi0 = (sorted.Length - lo) / ((1.0 - lambda) * sorted.Length);
        return pi0 == 0.0 ? double.PositiveInfinity : pi0;
    }

    private static void CheckSorted(ReadOnlySpan<double> sorted)
    {
        for (var i = 0; i < sorted.Length; i++)
        {
            var p = sorted[i];
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"p-value {i} is {p}; p-values must be in [0, 1].", nameof(sorted));
            }

            if (i > 0 && p < sorted[i - 1])
            {
                throw new ArgumentException($"p-value {i} ({p}) is smaller than p-value {i - 1} ({sorted[i - 1]}); the p-values must be sorted ascending.", nameof(sorted));
            }
        }
    }
}
