using static TorchSharp.torch;

namespace Genomics.Interpret.References;

/// <summary>
/// Dinucleotide-preserving shuffle: each reference is drawn uniformly from all sequences with exactly the same
/// 16 dinucleotide counts and the same first and last base as the input (Altschul and Erickson, 1985; the
/// Euler-path algorithm of Kandel et al., 1996, as in MEME's <c>fasta-shuffle-letters -kmer 2</c> and
/// tangermeme's <c>dinucleotide_shuffle</c>). The usual reference for DeepLIFT-SHAP on DNA.
/// </summary>
/// <remarks>
/// <para>Algorithm: build each base's list of successors (the edges of the dinucleotide multigraph); choose
/// every base's last exit by a uniform random spanning arborescence rooted at the final base (Wilson's
/// loop-erased random walks); shuffle each base's remaining exits uniformly; walk from the first base, taking
/// exits in order. By the BEST theorem every valid sequence is equally likely.</para>
/// <para>Unknown bases (all-zero columns, 'N') are a fifth symbol that is shuffled too: the reference keeps
/// every count of the 25 pairs over {A, C, G, T, N}, so N positions move but their number and their
/// neighbour counts do not change.</para>
/// <para>Cost is linear in N × K × L on one core; for 1,000 × 1 kb × 20 references the shuffles themselves take
/// about 0.1 s and writing the 320 MB float32 output dominates the rest.</para>
/// </remarks>
public sealed class DinucleotideShuffle : IReferenceGenerator
{
    private const int SymbolCount = 5;

    /// <inheritdoc />
    /// <remarks>Shapes: (N, 4, L) in, (N, K, 4, L) float32 out; sequences of length 1 or 2 come back unchanged.</remarks>
    public Tensor Generate(Tensor sequences, int referenceCount, long seed) =>
        ReferenceBatch.Generate(sequences, referenceCount, seed, ShuffleInto);

    /// <inheritdoc />
    public Tensor GenerateFrom(Tensor sequences, int referenceCount, long seed, long firstExample) =>
        ReferenceBatch.Generate(sequences, referenceCount, seed, ShuffleInto, firstExample);

    /// <summary>Dinucleotide-shuffles one sequence of symbol indices.</summary>
    /// <param name="symbols">Symbols: 0..3 for A, C, G, T and 4 for N (any other value throws); any length.</param>
    /// <param name="seed">Seed; equal seeds give equal results, and <c>ShuffleIndices(x, seed)</c> equals
    /// reference 0 of example 0 of <see cref="Generate"/> with the same seed.</param>
    /// <returns>A new array with the same length, first and last symbol, and symbol-pair counts.</returns>
    /// <exception cref="ArgumentException"><paramref name="symbols"/> holds a value above 4.</exception>
    public static byte[] ShuffleIndices(ReadOnlySpan<byte> symbols, long seed)
    {
        foreach (var s in symbols)
        {
            if (s > ReferenceBatch.Unknown)
            {
                throw new ArgumentException($"Symbols must be 0..4 (A, C, G, T, N) but found {s}.", nameof(symbols));
            }
        }

        var result = new byte[symbols.Length];
        var random = new ReferenceRandom(seed, 0, 0);
        ShuffleInto(symbols, result, new byte[symbols.Length], ref random);
        return result;
    }

    internal static void ShuffleInto(ReadOnlySpan<byte> source, Span<byte> destination, Span<byte> successors, ref ReferenceRandom random)
    {
        var length = source.Length;
        if (length <= 2)
        {
            source.CopyTo(destination);
            return;
        }

        Span<int> degree = stackalloc int[SymbolCount];
        Span<int> offset = stackalloc int[SymbolCount + 1];
        for (var p = 0; p < length - 1; p++)
        {
            degree[source[p]]++;
        }

        for (var v = 0; v < SymbolCount; v++)
        {
            offset[v + 1] = offset[v] + degree[v];
        }

        Span<int> cursor = stackalloc int[SymbolCount];
        offset[..SymbolCount].CopyTo(cursor);
        for (var p = 0; p < length - 1; p++)
        {
            successors[cursor[source[p]]++] = source[p + 1];
        }

        var last = source[length - 1];
        Span<int> exit = stackalloc int[SymbolCount];
        ChooseLastExits(successors, degree, offset, last, exit, ref random);
        for (var v = 0; v < SymbolCount; v++)
        {
            var d = degree[v];
            if (d == 0)
            {
                continue;
            }

            var edges = successors.Slice(offset[v], d);
            if (v == last)
            {
                random.Shuffle(edges);
                continue;
            }

            (edges[exit[v]], edges[d - 1]) = (edges[d - 1], edges[exit[v]]);
            random.Shuffle(edges[..(d - 1)]);
        }

        offset[..SymbolCount].CopyTo(cursor);
        var current = source[0];
        destination[0] = current;
        for (var p = 1; p < length; p++)
        {
            current = successors[cursor[current]++];
            destination[p] = current;
        }
    }

    /// <summary>Wilson's algorithm: a uniform random spanning arborescence towards <paramref name="last"/>.</summary>
    private static void ChooseLastExits(ReadOnlySpan<byte> successors, ReadOnlySpan<int> degree, ReadOnlySpan<int> offset,
        byte last, Span<int> exit, ref ReferenceRandom random)
    {
        Span<bool> inTree = stackalloc bool[SymbolCount];
        inTree[last] = true;
        for (var v = 0; v < SymbolCount; v++)
        {
            if (degree[v] == 0 || inTree[v])
            {
                continue;
            }

            var u = v;
            while (!inTree[u])
            {
                exit[u] = random.NextInt(degree[u]);
                u = successors[offset[u] + exit[u]];
            }

            for (u = v; !inTree[u]; u = successors[offset[u] + exit[u]])
            {
                inTree[u] = true;
            }
        }
    }
}
