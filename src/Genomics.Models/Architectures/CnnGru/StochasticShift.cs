using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.CnnGru;

/// <summary>
/// Training-time augmentation: in training mode, shifts the whole batch right by s positions, s drawn uniformly from
/// {0, …, <see cref="MaxShift"/>} once per call, filling the vacated left positions with zeros; in evaluation mode it
/// returns its input unchanged (Saluki's and CombMotif's <c>StochasticShift(symmetric=False)</c>).
/// </summary>
/// <remarks>
/// The shift is drawn from libtorch's default generator, like dropout: the <see cref="Training.Trainer"/> seeds it for
/// every run (and restores it afterwards), and <see cref="Compute.TorchSeedScope"/> does so for any other block, so
/// runs are reproducible. Input and output are (N, C, L) of the same dtype; the input is not modified.
/// </remarks>
public sealed class StochasticShift : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the augmentation.</summary>
    /// <param name="maxShift">The largest shift, ≥ 0 (0 disables the augmentation). CombMotif uses 3.</param>
    /// <param name="name">The module name; defaults to "stochastic_shift".</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxShift"/> is negative.</exception>
    public StochasticShift(int maxShift, string? name = null)
        : base(name ?? "stochastic_shift")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        MaxShift = maxShift;
    }

    /// <summary>The largest shift.</summary>
    public int MaxShift { get; }

    /// <summary>Shifts the batch in training mode; returns it unchanged otherwise.</summary>
    /// <param name="input">(N, C, L) tensor.</param>
    /// <returns>A tensor of the same shape (a new tensor or an alias of the input).</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!training || MaxShift == 0)
        {
            return input.alias();
        }

        long shift;
        using (var draw = torch.randint(0, MaxShift + 1, [1], ScalarType.Int64))
        {
            shift = draw.item<long>();
        }

        return ShiftRight(input, (int)shift);
    }

    /// <summary>Moves every sequence of a batch right by a fixed number of positions, filling with zeros.</summary>
    /// <param name="input">(N, C, L) tensor.</param>
    /// <param name="shift">Positions to move, ≥ 0; a shift of L or more gives all zeros.</param>
    /// <returns>A new (N, C, L) tensor: out[:, :, i] = input[:, :, i − shift] for i ≥ shift, 0 before.</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not three-dimensional.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shift"/> is negative.</exception>
    public static Tensor ShiftRight(Tensor input, int shift)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(shift);
        if (input.dim() != 3)
        {
            throw new ArgumentException($"Expected a (N, C, L) tensor but got shape [{string.Join(", ", input.shape)}].", nameof(input));
        }

        var length = input.shape[2];
        if (shift == 0)
        {
            return input.clone();
        }

        if (shift >= length)
        {
            return torch.zeros_like(input);
        }

        using var scope = torch.NewDisposeScope();
        return nn.functional.pad(input.narrow(2, 0, length - shift), [shift, 0]).MoveToOuterDisposeScope();
    }
}
