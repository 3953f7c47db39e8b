namespace Genomics.Models.Compute;

/// <summary>Where computation should run: CPU, a CUDA device, or the best available.</summary>
/// <remarks>Resolved once into a concrete device by <see cref="DeviceResolver"/>.</remarks>
public sealed record DevicePolicy
{
    private DevicePolicy(DevicePolicyKind kind, int cudaIndex)
    {
        Kind = kind;
        CudaIndex = cudaIndex;
    }

    /// <summary>Use CUDA device 0 when available, else the CPU.</summary>
    public static DevicePolicy Auto { get; } = new(DevicePolicyKind.Auto, 0);

    /// <summary>Always use the CPU.</summary>
    public static DevicePolicy Cpu { get; } = new(DevicePolicyKind.Cpu, 0);

    /// <summary>The policy kind.</summary>
    public DevicePolicyKind Kind { get; }

    /// <summary>The CUDA device index (meaningful for <see cref="DevicePolicyKind.Cuda"/>).</summary>
    public int CudaIndex { get; }

    /// <summary>Use a specific CUDA device.</summary>
    /// <param name="index">The device index, at least 0.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static DevicePolicy Cuda(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new DevicePolicy(DevicePolicyKind.Cuda, index);
    }

    /// <summary>Parses "cpu", "auto", "cuda" or "cuda:N" (case-insensitive), e.g. from a command-line switch.</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="FormatException">The text is none of the accepted forms.</exception>
    public static DevicePolicy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t == "cpu")
        {
            return Cpu;
        }

        if (t == "auto")
        {
            return Auto;
        }

        if (t == "cuda")
        {
            return Cuda();
        }

        if (t.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(t.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return Cuda(index);
        }

        throw new FormatException($"Unknown device '{text}': use cpu, auto, cuda or cuda:N.");
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DevicePolicyKind.Cuda => $"cuda:{CudaIndex}",
        DevicePolicyKind.Auto => "auto",
        _ => "cpu",
    };
}
