namespace Genomics.Interpret.Seqlets;

/// <summary>
/// Weighted isotonic regression by pool-adjacent-violators, with ties pooled by weighted mean and predictions
/// interpolated linearly between fitted points and clipped outside them (scikit-learn's
/// <c>IsotonicRegression(out_of_bounds='clip')</c>).
/// </summary>
internal sealed class IsotonicRegression
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly bool _increasing;

    public IsotonicRegression(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> weights, bool increasing)
    {
        _increasing = increasing;
        var n = x.Count;
        var order = Enumerable.Range(0, n).Select(i => (X: increasing ? x[i] : -x[i], Y: y[i], W: weights[i])).OrderBy(p => p.X).ToArray();

        // Pool ties first.
        var xs = new List<double>();
        var ys = new List<double>();
        var ws = new List<double>();
        foreach (var (px, py, pw) in order)
        {
            if (xs.Count > 0 && xs[^1] == px)
            {
                var w = ws[^1] + pw;
                ys[^1] = (ys[^1] * ws[^1] + py * pw) / w;
                ws[^1] = w;
            }
            else
            {
                xs.Add(px);
                ys.Add(py);
                ws.Add(pw);
            }
        }

        // Pool adjacent violators over blocks.
        var blockValue = new List<double>();
        var blockWeight = new List<double>();
        var blockSize = new List<int>();
        for (var i = 0; i < xs.Count; i++)
        {
            blockValue.Add(ys[i]);
            blockWeight.Add(ws[i]);
            blockSize.Add(1);
            while (blockValue.Count > 1 && blockValue[^2] > blockValue[^1])
            {
                var w = blockWeight[^2] + blockWeight[^1];
                var v = (blockValue[^2] * blockWeight[^2] + blockValue[^1] * blockWeight[^1]) / w;
                var s = blockSize[^2] + blockSize[^1];
                blockValue.RemoveAt(blockValue.Count - 1);
                blockWeight.RemoveAt(blockWeight.Count - 1);
                blockSize.RemoveAt(blockSize.Count - 1);
                blockValue[^1] = v;
                blockWeight[^1] = w;
                blockSize[^1] = s;
            }
        }

        _x = [.. xs];
        _y = new double[xs.Count];
        var k = 0;
        for (var b = 0; b < blockValue.Count; b++)
        {
            for (var s = 0; s < blockSize[b]; s++)
            {
                _y[k++] = blockValue[b];
            }
        }
    }

    /// <summary>Smallest fitted x in the caller's orientation (largest when decreasing).</summary>
    public double LowEndX => _increasing ? _x[0] : -_x[0];

    public double Predict(double x)
    {
        var t = _increasing ? x : -x;
        if (t <= _x[0])
        {
            return _y[0];
        }

        if (t >= _x[^1])
        {
            return _y[^1];
        }

        var hi = Array.BinarySearch(_x, t);
        if (hi >= 0)
        {
            return _y[hi];
        }

        hi = ~hi;
        var lo = hi - 1;
        var f = (t - _x[lo]) / (_x[hi] - _x[lo]);
        return _y[lo] + f * (_y[hi] - _y[lo]);
    }
}
