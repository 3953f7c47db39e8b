using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Abstractions;

/// <summary>
/// Where the columns of a model input land in a trunk input (<see cref="TrunkInputLayout"/>): in trunk lane
/// <see cref="Lane"/>, at <see cref="Offset"/> + p, or — for a reverse-complement copy — at <see cref="Offset"/> − 1 − p
/// with the channels reversed (A↔T, C↔G in A, C, G, T order).
/// </summary>
/// <param name="Lane">The trunk lane, in [0, lanes).</param>
/// <param name="Offset">The lane position of input column 0 (forward), or one past the lane position of input column 0 (reverse complement).</param>
/// <param name="ReverseComplement">Whether the columns appear reversed and complemented.</param>
public readonly record struct TrunkEditImage(int Lane, int Offset, bool ReverseComplement)
{
    /// <summary>The first lane position of the input columns [start, start + width).</summary>
    /// <param name="start">The first input column.</param>
    /// <param name="width">The number of columns.</param>
    /// <returns><see cref="Offset"/> + start, or <see cref="Offset"/> − start − width for a reverse complement.</returns>
    public long LaneStart(long start, long width) => ReverseComplement ? Offset - start - width : Offset + start;
}

/// <summary>
/// How a model's input (N, C, L) becomes the input of its convolutional trunk: <see cref="Lanes"/> trunk sequences per
/// example (e.g. the two alleles of a paired model), each built by <see cref="Prepare"/> (e.g. a sequence concatenated
/// with its reverse complement), and for each input column the lane positions that copy it (<see cref="Images"/>).
/// </summary>
/// <remarks>
/// A local edit of the input — columns [s, s + w) replaced — is a local edit of every image: engines recompute each
/// image's reach in its lane and let images of one edit in the same lane see each other's changes. Lanes with no image
/// never change; they are cached with the reference and passed to the head unchanged.
/// </remarks>
public sealed class TrunkInputLayout
{
    private readonly Func<Tensor, Tensor>? _prepare;

    /// <summary>Creates a layout.</summary>
    /// <param name="lanes">Trunk sequences per example, at least 1.</param>
    /// <param name="prepare">Maps the model input (N, C, L) to the trunk input (N · lanes, C', L'), lane-minor (row n · lanes + lane); it returns a new tensor.</param>
    /// <param name="images">Where input columns land; at least one, each lane in range. Reverse-complement images need C = 4 (one-hot DNA).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lanes"/> is below 1.</exception>
    /// <exception cref="ArgumentException">There is no image or an image's lane is out of range.</exception>
    public TrunkInputLayout(int lanes, Func<Tensor, Tensor> prepare, IReadOnlyList<TrunkEditImage> images)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("A layout needs at least one image of the input.", nameof(images));
        }

        foreach (var image in images)
        {
            if (image.Lane < 0 || image.Lane >= lanes)
            {
                throw new ArgumentException($"Image lane {image.Lane} is outside [0, {lanes}).", nameof(images));
            }
        }

        Lanes = lanes;
        _prepare = prepare;
        Images = images.ToArray();
    }

    private TrunkInputLayout()
    {
        Lanes = 1;
        Images = [new TrunkEditImage(0, 0, false)];
    }

    /// <summary>The trunk input is the model input: one lane, one forward image at offset 0.</summary>
    public static TrunkInputLayout Identity { get; } = new();

    /// <summary>
    /// One lane holding each sequence followed by its reverse complement, (N, 4, 2L) = [x | reverse complement of x]
    /// (DeepAllele's trunks): images forward at 0 and reverse complement ending at 2L.
    /// </summary>
    /// <param name="length">L, at least 1.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below 1.</exception>
    public static TrunkInputLayout WithReverseComplement(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return new TrunkInputLayout(1, ConcatenateReverseComplement, ReverseComplementImages(0, length));
    }

    /// <summary>The images of a sequence of length L held as [x | reverse complement of x] in one lane.</summary>
    /// <param name="lane">The lane.</param>
    /// <param name="length">L.</param>
    /// <returns>The forward image at 0 and the reverse-complement image ending at 2L.</returns>
    public static TrunkEditImage[] ReverseComplementImages(int lane, int length) => [new(lane, 0, false), new(lane, 2 * length, true)];

    /// <summary>[x | reverse complement of x] along the length (A, C, G, T channel order).</summary>
    /// <param name="sequences">(N, 4, L).</param>
    /// <returns>A new (N, 4, 2L) tensor.</returns>
    public static Tensor ConcatenateReverseComplement(Tensor sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        using var scope = torch.NewDisposeScope();
        return torch.cat([sequences, sequences.flip(1, 2)], 2).MoveToOuterDisposeScope();
    }

    /// <summary>Trunk sequences per example.</summary>
    public int Lanes { get; }

    /// <summary>Where input columns land in the lanes.</summary>
    public IReadOnlyList<TrunkEditImage> Images { get; }

    /// <summary>Builds the trunk input.</summary>
    /// <param name="input">The model input (N, C, L).</param>
    /// <returns>A new tensor (N · <see cref="Lanes"/>, C', L').</returns>
    public Tensor Prepare(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _prepare is null ? input.alias() : _prepare(input);
    }
}
