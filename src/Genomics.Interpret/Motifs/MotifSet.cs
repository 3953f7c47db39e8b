using System.Collections;
using Genomics.Models.Encoding;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// An ordered collection of motifs sharing one alphabet, with the background and strands a motif file declares.
/// Immutable. Ids need not be unique (some databases repeat a TF name); lookups return the first match.
/// </summary>
public sealed class MotifSet : IReadOnlyList<Motif>
{
    private readonly Motif[] _motifs;

    /// <summary>Initializes a set.</summary>
    /// <param name="motifs">The motifs, all with the same alphabet (an empty set is allowed).</param>
    /// <param name="background">The background; uniform when null.</param>
    /// <param name="bothStrands">Whether the motifs apply to both strands (MEME "strands: + -"); true by default.</param>
    /// <param name="alphabet">The alphabet; when null, the first motif's or DNA for an empty set.</param>
    /// <exception cref="ArgumentNullException"><paramref name="motifs"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">The motifs' alphabets differ, or differ from <paramref name="alphabet"/>.</exception>
    public MotifSet(IEnumerable<Motif> motifs, MotifBackground? background = null, bool bothStrands = true, Alphabet? alphabet = null)
    {
        ArgumentNullException.ThrowIfNull(motifs);
        _motifs = [.. motifs];
        if (Array.IndexOf(_motifs, null) is var nullIndex && nullIndex >= 0)
        {
            throw new ArgumentNullException(nameof(motifs), $"Motif {nullIndex} is null.");
        }

        Alphabet = alphabet ?? (_motifs.Length > 0 ? _motifs[0].Alphabet : Alphabet.Dna);
        foreach (var motif in _motifs)
        {
            if (!ReferenceEquals(motif.Alphabet, Alphabet))
            {
                throw new ArgumentException($"Motif '{motif.Id}' uses the {motif.Alphabet.Name} alphabet but the set uses {Alphabet.Name}.", nameof(motifs));
            }
        }

        Background = background ?? MotifBackground.Uniform;
        BothStrands = bothStrands;
    }

    /// <summary>Gets the alphabet shared by all motifs.</summary>
    public Alphabet Alphabet { get; }

    /// <summary>Gets the background letter frequencies.</summary>
    public MotifBackground Background { get; }

    /// <summary>Gets whether the motifs apply to both strands.</summary>
    public bool BothStrands { get; }

    /// <inheritdoc/>
    public int Count => _motifs.Length;

    /// <inheritdoc/>
    public Motif this[int index] => _motifs[index];

    /// <summary>Gets the first motif with the given id (ordinal comparison), or null.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The motif or null.</returns>
    public Motif? Find(string id) => Array.Find(_motifs, m => string.Equals(m.Id, id, StringComparison.Ordinal));

    /// <inheritdoc/>
    public IEnumerator<Motif> GetEnumerator() => ((IEnumerable<Motif>)_motifs).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => _motifs.GetEnumerator();
}
