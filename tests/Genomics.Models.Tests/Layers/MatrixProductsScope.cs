using Genomics.Models.Runtime;

namespace Genomics.Models.Tests.Layers;

/// <summary>Sets <see cref="TorchRuntime.UseOwnMatrixProducts"/> for a block and restores it.</summary>
internal sealed class MatrixProductsScope : IDisposable
{
    private readonly bool _before = TorchRuntime.UseOwnMatrixProducts;

    public MatrixProductsScope(bool own) => TorchRuntime.UseOwnMatrixProducts = own;

    public void Dispose() => TorchRuntime.UseOwnMatrixProducts = _before;
}
