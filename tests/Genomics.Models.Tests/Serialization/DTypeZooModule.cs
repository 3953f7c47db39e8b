using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Serialization;

/// <summary>A module whose buffers cover every element type a checkpoint stores, plus a scalar and an empty tensor.</summary>
internal sealed class DTypeZooModule : nn.Module
{
    public static readonly ScalarType[] Types =
    [
        ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int64, ScalarType.Int32,
        ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool, ScalarType.ComplexFloat32, ScalarType.ComplexFloat64,
    ];

    /// <summary>Creates the buffers; with <paramref name="fill"/> false they are all zero.</summary>
    public DTypeZooModule(bool fill)
        : base(nameof(DTypeZooModule))
    {
        using var scope = torch.NewDisposeScope();
        foreach (var type in Types)
        {
            // Values -3.5, -2.25, ... exercise signs, fractions and, for bool and unsigned types, the conversion rules.
            var values = fill ? torch.arange(-3.5, 3.5, 1.25, float64).reshape(2, 3) : torch.zeros(2, 3, float64);
            register_buffer("b_" + type.ToString().ToLowerInvariant(), values.to(type).MoveToOuterDisposeScope());
        }
        register_buffer("scalar", torch.tensor(fill ? 42.5f : 0f).MoveToOuterDisposeScope());
        register_buffer("empty", torch.zeros(0, 3, int64).MoveToOuterDisposeScope());
    }
}
