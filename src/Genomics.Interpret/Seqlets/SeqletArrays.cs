namespace Genomics.Interpret.Seqlets;

/// <summary>Conversions between attribution arrays used by the seqlet callers.</summary>
public static class SeqletArrays
{
    /// <summary>Per-position contribution: Σ over the alphabet of <paramref name="contributions"/> (N, A, L) → (N, L).</summary>
    /// <param name="contributions">Contributions (N, A, L), e.g. attributions × one-hot.</param>
    public static double[,] PerPosition(float[,,] contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        int n = contributions.GetLength(0), a = contributions.GetLength(1), l = contributions.GetLength(2);
        var track = new double[n, l];
        for (var i = 0; i < n; i++)
        {
            for (var b = 0; b < a; b++)
            {
                for (var j = 0; j < l; j++)
                {
                    track[i, j] += contributions[i, b, j];
                }
            }
        }

        return track;
    }

    /// <summary>Element-wise product <paramref name="attributions"/> ⊙ <paramref name="oneHot"/>, both (N, A, L).</summary>
    /// <param name="attributions">Attributions (hypothetical or actual).</param>
    /// <param name="oneHot">One-hot sequences of the same shape.</param>
    public static float[,,] TimesOneHot(float[,,] attributions, float[,,] oneHot)
    {
        ArgumentNullException.ThrowIfNull(attributions);
        ArgumentNullException.ThrowIfNull(oneHot);
        RequireSameShape(attributions, oneHot, nameof(oneHot));
        int n = attributions.GetLength(0), a = attributions.GetLength(1), l = attributions.GetLength(2);
        var product = new float[n, a, l];
        for (var i = 0; i < n; i++)
        {
            for (var b = 0; b < a; b++)
            {
                for (var j = 0; j < l; j++)
                {
                    product[i, b, j] = attributions[i, b, j] * oneHot[i, b, j];
                }
            }
        }

        return product;
    }

    /// <summary>Copies an (N, A, L) tensor (any device and floating dtype) into a managed array.</summary>
    /// <param name="tensor">The tensor, for example attributions or one-hot sequences.</param>
    /// <returns>A new (N, A, L) array.</returns>
    /// <exception cref="ArgumentException">The tensor is not three-dimensional.</exception>
    public static float[,,] FromTensor(TorchSharp.torch.Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 3)
        {
            throw new ArgumentException($"Expected an (N, A, L) tensor; got {tensor.dim()} dimension(s).", nameof(tensor));
        }

        using var values = tensor.to_type(TorchSharp.torch.ScalarType.Float32).cpu().contiguous();
        return FromFlat(values.data<float>().ToArray(), (int)values.shape[0], (int)values.shape[1], (int)values.shape[2]);
    }

    /// <summary>One example of an (N, A, L) array as an (A, L) matrix, the layout the plots and motif types take.</summary>
    /// <param name="array">The array.</param>
    /// <param name="example">Zero-based example index.</param>
    /// <returns>A new (A, L) matrix.</returns>
    public static double[,] Example(float[,,] array, int example)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(example);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(example, array.GetLength(0));
        var result = new double[array.GetLength(1), array.GetLength(2)];
        for (var c = 0; c < result.GetLength(0); c++)
        {
            for (var l = 0; l < result.GetLength(1); l++)
            {
                result[c, l] = array[example, c, l];
            }
        }

        return result;
    }

    /// <summary>Builds an (N, A, L) array from a flat row-major buffer (for example a tensor's data).</summary>
    /// <param name="data">N·A·L values in (N, A, L) row-major order.</param>
    /// <param name="n">Number of examples.</param>
    /// <param name="alphabet">Alphabet size (channels).</param>
    /// <param name="length">Sequence length.</param>
    public static float[,,] FromFlat(ReadOnlySpan<float> data, int n, int alphabet, int length)
    {
        if (n < 0 || alphabet < 1 || length < 0 || (long)n * alphabet * length != data.Length)
        {
            throw new ArgumentException($"Expected {n}·{alphabet}·{length} values, got {data.Length}.", nameof(data));
        }

        var result = new float[n, alphabet, length];
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            for (var b = 0; b < alphabet; b++)
            {
                for (var j = 0; j < length; j++)
                {
                    result[i, b, j] = data[k++];
                }
            }
        }

        return result;
    }

    /// <summary>Contribution scores, hypothetical contributions and one-hot DNA of one shape (N, 4, L).</summary>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">The shapes differ, or the arrays do not have 4 channels.</exception>
    internal static void RequireDnaContributions(float[,,] contributions, float[,,] hypothetical, float[,,] oneHot)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        ArgumentNullException.ThrowIfNull(hypothetical);
        ArgumentNullException.ThrowIfNull(oneHot);
        RequireSameShape(contributions, hypothetical, nameof(hypothetical));
        RequireSameShape(contributions, oneHot, nameof(oneHot));
        if (contributions.GetLength(1) != 4)
        {
            throw new ArgumentException($"Expected 4 channels (A, C, G, T), got {contributions.GetLength(1)}.", nameof(contributions));
        }
    }

    internal static void RequireSameShape(float[,,] first, float[,,] second, string paramName)
    {
        for (var d = 0; d < 3; d++)
        {
            if (first.GetLength(d) != second.GetLength(d))
            {
                throw new ArgumentException(
                    $"Shape ({second.GetLength(0)}, {second.GetLength(1)}, {second.GetLength(2)}) differs from ({first.GetLength(0)}, {first.GetLength(1)}, {first.GetLength(2)}).",
                    paramName);
            }
        }
    }

    internal static void RequireFinite(double[,] values, string paramName)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("Attribution values must be finite.", paramName);
            }
        }
    }
}
