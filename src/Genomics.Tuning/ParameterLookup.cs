namespace Genomics.Models.Tuning;

/// <summary>Finds a parameter handle among a study's parameters.</summary>
internal static class ParameterLookup
{
    /// <summary>The position of <paramref name="parameter"/> (by reference) in <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">The parameter belongs to another space or was added after the study was created.</exception>
    public static int IndexOf(IReadOnlyList<SearchParameter> parameters, SearchParameter parameter, string paramName)
    {
        ArgumentNullException.ThrowIfNull(parameter, paramName);
        for (var i = 0; i < parameters.Count; i++)
        {
            if (ReferenceEquals(parameters[i], parameter))
            {
                return i;
            }
        }

        throw new ArgumentException(
            $"Parameter '{parameter.Name}' is not part of this study's search space; use the handle returned by the space the study was created with, before the study was created.",
            paramName);
    }
}
