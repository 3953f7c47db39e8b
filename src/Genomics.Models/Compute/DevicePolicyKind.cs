namespace Genomics.Models.Compute;

/// <summary>The kinds of <see cref="DevicePolicy"/>.</summary>
public enum DevicePolicyKind
{
    /// <summary>The best available device.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>A specific CUDA device.</summary>
    Cuda,
}
