using System.Globalization;

namespace Genomics.Interpret.Motifs;

/// <summary>Checks and flattens alphabet-major 4 × W matrices of finite values.</summary>
internal static class MotifArrays
{
    /// <summary>Copies a 4 × W matrix of finite values into a row-major array.</summary>
    /// <param name="values">The matrix.</param>
    /// <param name="what">What the matrix holds, for messages ("A contribution matrix", "Scores").</param>
    /// <param name="item">What one value is called, for messages ("Value", "Score").</param>
    /// <param name="paramName">The argument name.</param>
    /// <returns>The values, row after row, and the width.</returns>
    public static (double[] Values, int Width) FlattenFinite(double[,] values, string what, string item, string paramName)
    {
        if (values.GetLength(0) != PositionProbabilityMatrix.AlphabetSize || values.GetLength(1) == 0)
        {
            throw new ArgumentException($"{what} must be 4 × W with W ≥ 1; got {values.GetLength(0)} × {values.GetLength(1)}.", paramName);
        }

        var width = values.GetLength(1);
        var flat = new double[4 * width];
        for (var a = 0; a < 4; a++)
        {
            for (var w = 0; w < width; w++)
            {
                var v = values[a, w];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"{item} [{a}, {w}] is {v.ToString(CultureInfo.InvariantCulture)}; {item.ToLowerInvariant()}s must be finite.", paramName);
                }

                flat[(a * width) + w] = v;
            }
        }

        return (flat, width);
    }
}
