namespace Genomics.Models.Architectures.NeuronMotifDemo;

/// <summary>One convolution block of <see cref="NeuronMotifDemoModel"/>: convolution, optional batch normalisation, nonlinearity, optional max-pool.</summary>
/// <param name="Filters">Output channels of the convolution, at least 1.</param>
/// <param name="KernelSize">Convolution width (valid padding, stride 1), at least 1.</param>
/// <param name="BatchNorm">Whether batch normalisation follows the convolution.</param>
/// <param name="PoolSize">Max-pool window and stride after the nonlinearity (floor mode); 1 for no pooling.</param>
public sealed record NeuronMotifConvLayer(int Filters, int KernelSize, bool BatchNorm = false, int PoolSize = 1);
