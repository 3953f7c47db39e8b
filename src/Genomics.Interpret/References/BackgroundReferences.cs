using System.Globalization;
using Genomics.Models.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.References;

/// <summary>
/// A fixed background: the same K reference inputs for every example, as SHAP's DeepExplainer takes its background
/// set (DeepDifE passes 100 promoters and their reverse complements). Reference k of every example is background row k,
/// so DeepLIFT-SHAP with <c>References = K</c> averages over exactly this set. Accepts one-hot and track inputs of any
/// channel count; the seed is ignored.
/// </summary>
public sealed class BackgroundReferences : IReferenceGenerator
{
    private readonly float[] _values;

    /// <summary>Creates the generator from a background batch.</summary>
    /// <param name="background">The references, (K, C, L), any numeric dtype, finite values; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="background"/> is null.</exception>
    /// <exception cref="ArgumentException">The background is not a non-empty (K, C, L) tensor of finite values.</exception>
    public BackgroundReferences(Tensor background)
    {
        ArgumentNullException.ThrowIfNull(background);
        if (background.dim() != 3 || background.shape[0] == 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Expected a non-empty background of shape (K, C, L) but got ({string.Join(", ", background.shape)})."), nameof(background));
        }

        Count = (int)background.shape[0];
        Channels = (int)background.shape[1];
        Length = (int)background.shape[2];
        using var cpu = background.to(DeviceType.CPU).to_type(ScalarType.Float32).contiguous();
        _values = cpu.data<float>().ToArray();
        if (_values.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException("Background values must be finite.", nameof(background));
        }
    }

    /// <summary>K, the number of background inputs.</summary>
    public int Count { get; }

    /// <summary>C, the channels of each background input.</summary>
    public int Channels { get; }

    /// <summary>L, the length of each background input.</summary>
    public int Length { get; }

    /// <inheritdoc />
    public Tensor GenerateFrom(Tensor sequences, int referenceCount, long seed, long firstExample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstExample);
        return Generate(sequences, referenceCount, seed);   // the same references for every example
    }

    /// <inheritdoc />
    /// <remarks>
    /// Shapes: (N, C, L) in, (N, K, C, L) float32 out, where <paramref name="referenceCount"/> must equal
    /// <see cref="Count"/> (a background is used whole, as DeepExplainer does). The result is a broadcast view of one
    /// (K, C, L) copy, so it costs K × C × L floats whatever N is; do not write to it.
    /// </remarks>
    /// <exception cref="ArgumentException">The inputs' channels or length differ from the background's.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="referenceCount"/> differs from <see cref="Count"/>.</exception>
    public Tensor Generate(Tensor sequences, int referenceCount, long seed)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.dim() != 3 || sequences.shape[1] != Channels || sequences.shape[2] != Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Inputs of shape ({string.Join(", ", sequences.shape)}) do not fit the background's ({Channels}, {Length}) per example."), nameof(sequences));
        }

        if (referenceCount != Count)
        {
            throw new ArgumentOutOfRangeException(nameof(referenceCount), referenceCount,
                string.Create(CultureInfo.InvariantCulture, $"The background holds {Count} references; set References = {Count}."));
        }

        var n = sequences.shape[0];
        using var flat = from_array(_values);
        using var background = flat.view(Count, Channels, Length).to(sequences.device);
        return background.unsqueeze(0).expand(n, Count, Channels, Length);
    }

    /// <inheritdoc />
    public bool Supports(InputKind kind) => true;
}
