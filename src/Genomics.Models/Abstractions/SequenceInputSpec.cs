namespace Genomics.Models.Abstractions;

/// <summary>Describes the input a model expects: layout (N, C, L), float32.</summary>
/// <remarks>
/// The channel axis is either a one-hot alphabet (<see cref="InputKind.OneHot"/>, channel names are the symbols in
/// order, A, C, G, T for DNA) or named signal tracks (<see cref="InputKind.Tracks"/>). <see cref="Length"/> is the
/// required length L, or null when the model accepts any length.
/// </remarks>
public sealed record SequenceInputSpec
{
    /// <summary>Creates a specification.</summary>
    /// <param name="kind">Whether channels are a one-hot alphabet or signal tracks.</param>
    /// <param name="channelNames">The names of the C channels, in order (symbols for one-hot input).</param>
    /// <param name="length">The required length L, or null for any length; at least 1 when given.</param>
    /// <exception cref="ArgumentException">No channels, a blank or duplicate channel name, or a length below 1.</exception>
    public SequenceInputSpec(InputKind kind, IReadOnlyList<string> channelNames, int? length)
    {
        ArgumentNullException.ThrowIfNull(channelNames);
        if (channelNames.Count == 0)
        {
            throw new ArgumentException("At least one channel is required.", nameof(channelNames));
        }

        if (channelNames.Any(string.IsNullOrWhiteSpace) || channelNames.Distinct(StringComparer.Ordinal).Count() != channelNames.Count)
        {
            throw new ArgumentException("Channel names must be non-blank and unique.", nameof(channelNames));
        }

        if (length is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The input length must be at least 1 when given.");
        }

        Kind = kind;
        ChannelNames = channelNames.ToArray();
        Length = length;
    }

    /// <summary>Whether channels are a one-hot alphabet or signal tracks.</summary>
    public InputKind Kind { get; }

    /// <summary>The channel names in order.</summary>
    public IReadOnlyList<string> ChannelNames { get; }

    /// <summary>The number of channels C.</summary>
    public int Channels => ChannelNames.Count;

    /// <summary>The required length L, or null when any length is accepted.</summary>
    public int? Length { get; }

    /// <summary>One-hot DNA input (A, C, G, T) of the given length.</summary>
    /// <param name="length">The required length, or null for any length.</param>
    /// <returns>The specification.</returns>
    public static SequenceInputSpec Dna(int? length) => new(InputKind.OneHot, ["A", "C", "G", "T"], length);

    /// <summary>Signal-track input with the given track names and number of bins.</summary>
    /// <param name="trackNames">Track names in channel order.</param>
    /// <param name="bins">The number of bins L, or null for any.</param>
    /// <returns>The specification.</returns>
    public static SequenceInputSpec Tracks(IReadOnlyList<string> trackNames, int? bins) => new(InputKind.Tracks, trackNames, bins);

    /// <summary>Checks that a batch has this layout and throws an actionable exception otherwise.</summary>
    /// <param name="input">The batch, (N, C, L).</param>
    /// <param name="parameterName">The caller's parameter name, used in the exception.</param>
    /// <exception cref="ArgumentException">The rank, channel count or length does not match, or the batch is empty.</exception>
    public void Validate(TorchSharp.torch.Tensor input, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(input, parameterName);
        if (input.dim() != 3)
        {
            throw new ArgumentException($"Expected a (N, C, L) tensor but got shape [{string.Join(", ", input.shape)}].", parameterName);
        }

        if (input.shape[0] == 0)
        {
            throw new ArgumentException("The batch is empty.", parameterName);
        }

        if (input.shape[1] != Channels)
        {
            throw new ArgumentException($"Expected {Channels} channels ({string.Join(", ", ChannelNames)}) but got {input.shape[1]}.", parameterName);
        }

        if (Length is int length && input.shape[2] != length)
        {
            throw new ArgumentException($"Expected length {length} but got {input.shape[2]}.", parameterName);
        }
    }
}
