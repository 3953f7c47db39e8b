using System.Globalization;

namespace Genomics.Interpret.Scanning;

/// <summary>C's <c>printf</c> "%.<i>P</i>g" conversion, as MEME's programs print their numbers.</summary>
internal static class CFormat
{
    /// <summary>Formats like C's <c>%.{precision}g</c>: <paramref name="precision"/> significant digits, scientific
    /// notation (two-digit exponent at least) when the exponent is below −4 or at least the precision, trailing zeros removed.</summary>
    public static string G(double value, int precision = 6)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var p = Math.Max(1, precision);
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // The exponent after rounding to p significant digits, read from the %e form.
        var scientific = value.ToString("E" + (p - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = scientific.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(scientific.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= p)
        {
            var mantissa = TrimZeros(scientific[..e]);
            var sign = exponent < 0 ? '-' : '+';
            var digits = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return $"{mantissa}e{sign}{digits}";
        }

        return TrimZeros(value.ToString("F" + (p - 1 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary>C's <c>%{width}.{precision}g</c>: <see cref="G(double, int)"/> right-aligned in at least <paramref name="width"/> characters.</summary>
    public static string G(double value, int precision, int width) => G(value, precision).PadLeft(width);

    private static string TrimZeros(string number)
    {
        if (!number.Contains('.', StringComparison.Ordinal))
        {
            return number;
        }

        number = number.TrimEnd('0');
        return number.EndsWith('.') ? number[..^1] : number;
    }
}
