using System.Globalization;
using System.Text.Json;

namespace Genomics.Models.Serialization.Keras;

/// <summary>One layer of a Keras architecture description: its class, name and configuration object.</summary>
public sealed class KerasLayerConfig
{
    private readonly string _source;

    internal KerasLayerConfig(string source, string className, string name, JsonElement config)
    {
        _source = source;
        ClassName = className;
        Name = name;
        Config = config;
    }

    /// <summary>The Keras class, e.g. <c>Conv2D</c>, <c>BatchNormalization</c>, <c>Dense</c>.</summary>
    public string ClassName { get; }

    /// <summary>The layer name, which is also its group name in the weight file.</summary>
    public string Name { get; }

    /// <summary>The layer's <c>config</c> object (a detached copy, valid after the document is gone).</summary>
    public JsonElement Config { get; }

    /// <summary>Whether the configuration has the property.</summary>
    /// <param name="property">The property name, e.g. <c>padding</c>.</param>
    /// <returns>True when present and not null.</returns>
    public bool Has(string property) => Config.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>Reads a string property.</summary>
    /// <param name="property">The property name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KerasImportException">The property is missing or not a string.</exception>
    public string GetString(string property)
        => Get(property, JsonValueKind.String).GetString()!;

    /// <summary>Reads a number property.</summary>
    /// <param name="property">The property name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KerasImportException">The property is missing or not a number.</exception>
    public double GetDouble(string property)
        => Get(property, JsonValueKind.Number).GetDouble();

    /// <summary>Reads an integer property (Keras may write integral floats such as <c>64.0</c>).</summary>
    /// <param name="property">The property name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KerasImportException">The property is missing or not an integral number.</exception>
    public int GetInt(string property) => ToInt(property, Get(property, JsonValueKind.Number));

    /// <summary>Reads a boolean property.</summary>
    /// <param name="property">The property name.</param>
    /// <param name="defaultValue">The value when the property is absent.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KerasImportException">The property is present but not a boolean.</exception>
    public bool GetBool(string property, bool defaultValue)
    {
        if (!Has(property))
        {
            return defaultValue;
        }

        var value = Config.GetProperty(property);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"property '{property}' is {value.ValueKind}, expected a boolean"),
        };
    }

    /// <summary>Reads a list of integers (kernel sizes, strides, input shapes); null entries become null.</summary>
    /// <param name="property">The property name.</param>
    /// <returns>The values; a scalar is returned as a one-element list.</returns>
    /// <exception cref="KerasImportException">The property is missing or holds something else.</exception>
    public IReadOnlyList<int?> GetIntList(string property)
    {
        if (!Has(property))
        {
            throw Error($"property '{property}' is missing");
        }

        var value = Config.GetProperty(property);
        return value.ValueKind switch
        {
            JsonValueKind.Number => [ToInt(property, value)],
            JsonValueKind.Array => value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (int?)null : ToInt(property, e)).ToArray(),
            _ => throw Error($"property '{property}' is {value.ValueKind}, expected a list of integers"),
        };
    }

    /// <summary>Creates the exception for an unsupported or malformed setting of this layer.</summary>
    /// <param name="problem">What is wrong, as a sentence fragment.</param>
    /// <returns>An exception naming the source file and this layer.</returns>
    public KerasImportException Error(string problem) => new(_source, Name, $"{ClassName}: {problem}");

    private JsonElement Get(string property, JsonValueKind kind)
    {
        if (!Config.TryGetProperty(property, out var value))
        {
            throw Error($"property '{property}' is missing");
        }

        return value.ValueKind == kind ? value : throw Error($"property '{property}' is {value.ValueKind}, expected {kind}");
    }

    private int ToInt(string property, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue)
        {
            return (int)d;
        }

        throw Error($"property '{property}' holds {value.GetRawText()}, expected an integer");
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ClassName} '{Name}'");
}
