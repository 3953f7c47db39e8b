namespace Genomics.Interpret.Neurons;

/// <summary>
/// k-means as scikit-learn 1.0 runs it by default: k-means++ seeding (2 + ⌊ln k⌋ local trials per centre), Lloyd
/// iterations until the centres move less than tol · mean feature variance (tol 1e-4) or 300 iterations, best inertia
/// of 10 seeded restarts.
/// </summary>
internal static class KMeans
{
    /// <summary>Clusters n points of dimension d (row-major) into k clusters.</summary>
    /// <returns>The label of each point (0 … k−1; clusters may be empty only when points coincide).</returns>
    public static int[] Cluster(float[] data, int n, int d, int k, Random random, int restarts = 10, int maxIterations = 300, double tolerance = 1e-4)
    {
        if (n <= k)
        {
            return Enumerable.Range(0, n).ToArray();
        }

        var variance = 0.0;
        for (var j = 0; j < d; j++)
        {
            double mean = 0, sq = 0;
            for (var i = 0; i < n; i++)
            {
                mean += data[(i * d) + j];
            }

            mean /= n;
            for (var i = 0; i < n; i++)
            {
                var v = data[(i * d) + j] - mean;
                sq += v * v;
            }

            variance += sq / n;
        }

        var tol = tolerance * variance / d;
        int[]? best = null;
        var bestInertia = double.PositiveInfinity;
        for (var r = 0; r < restarts; r++)
        {
            var centres = PlusPlus(data, n, d, k, random);
            var labels = new int[n];
            var inertia = 0.0;
            for (var iteration = 0; iteration < maxIterations; iteration++)
            {
                inertia = Assign(data, n, d, centres, k, labels);
                var updated = new double[k * d];
                var counts = new int[k];
                for (var i = 0; i < n; i++)
                {
                    counts[labels[i]]++;
                    for (var j = 0; j < d; j++)
                    {
                        updated[(labels[i] * d) + j] += data[(i * d) + j];
                    }
                }

                var shift = 0.0;
                for (var c = 0; c < k; c++)
                {
                    for (var j = 0; j < d; j++)
                    {
                        var value = counts[c] > 0 ? updated[(c * d) + j] / counts[c] : centres[(c * d) + j];
                        shift += (value - centres[(c * d) + j]) * (value - centres[(c * d) + j]);
                        centres[(c * d) + j] = value;
                    }
                }

                if (shift <= tol)
                {
                    inertia = Assign(data, n, d, centres, k, labels);
                    break;
                }
            }

            if (inertia < bestInertia)
            {
                bestInertia = inertia;
                best = labels;
            }
        }

        return best!;
    }

    private static double[] PlusPlus(float[] data, int n, int d, int k, Random random)
    {
        var centres = new double[k * d];
        var trials = 2 + (int)Math.Log(k);
        var first = random.Next(n);
        for (var j = 0; j < d; j++)
        {
            centres[j] = data[(first * d) + j];
        }

        var closest = new double[n];
        for (var i = 0; i < n; i++)
        {
            closest[i] = Distance(data, i, centres, 0, d);
        }

        for (var c = 1; c < k; c++)
        {
            var total = closest.Sum();
            var bestCandidate = -1;
            var bestPotential = double.PositiveInfinity;
            double[]? bestClosest = null;
            for (var t = 0; t < trials; t++)
            {
                var candidate = random.Next(n);
                if (total > 0)
                {
                    var target = random.NextDouble() * total;
                    for (var i = 0; i < n; i++)
                    {
                        target -= closest[i];
                        if (target < 0)
                        {
                            candidate = i;
                            break;
                        }
                    }
                }

                var trial = new double[n];
                var potential = 0.0;
                for (var i = 0; i < n; i++)
                {
                    var dist = 0.0;
                    for (var j = 0; j < d; j++)
                    {
                        var v = data[(i * d) + j] - data[(candidate * d) + j];
                        dist += v * v;
                    }

                    trial[i] = Math.Min(closest[i], dist);
                    potential += trial[i];
                }

                if (potential < bestPotential)
                {
                    bestPotential = potential;
                    bestCandidate = candidate;
                    bestClosest = trial;
                }
            }

            for (var j = 0; j < d; j++)
            {
                centres[(c * d) + j] = data[(bestCandidate * d) + j];
            }

            closest = bestClosest!;
        }

        return centres;
    }

    private static double Assign(float[] data, int n, int d, double[] centres, int k, int[] labels)
    {
        var inertia = 0.0;
        for (var i = 0; i < n; i++)
        {
            var bestDistance = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                var dist = Distance(data, i, centres, c, d);
                if (dist < bestDistance)
                {
                    bestDistance = dist;
                    labels[i] = c;
                }
            }

            inertia += bestDistance;
        }

        return inertia;
    }

    private static double Distance(float[] data, int i, double[] centres, int c, int d)
    {
        var dist = 0.0;
        for (var j = 0; j < d; j++)
        {
            var v = data[(i * d) + j] - centres[(c * d) + j];
            dist += v * v;
        }

        return dist;
    }
}
