using NUnit.Framework;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Encoding;

/// <summary>Exact tensor comparisons for tests.</summary>
internal static class TensorAssert
{
    /// <summary>Asserts that two tensors have the same shape and the same values (compared as float32).</summary>
    public static void AreEqual(Tensor expected, Tensor actual)
    {
        using var scope = NewDisposeScope();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual.shape, Is.EqualTo(expected.shape), "shape");
            Assert.That(
                actual.to_type(ScalarType.Float32).contiguous().data<float>().ToArray(),
                Is.EqualTo(expected.to_type(ScalarType.Float32).contiguous().data<float>().ToArray()),
                "values");
        }
    }
}
