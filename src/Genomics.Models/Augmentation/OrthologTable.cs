using Genomics.Models.IO;

namespace Genomics.Models.Augmentation;

/// <summary>
/// Orthologous promoters of related species, indexed by their <i>Arabidopsis thaliana</i> gene: the data of DeepDifE's
/// PhyloAug (recipe R3). Load it with <see cref="Load(string)"/>, then remove held-out genes with
/// <see cref="ForTraining"/> before giving it to a <see cref="PhyloAugSampler"/>.
/// </summary>
/// <remarks>
/// The DeepDifE files hold 1,453 <i>A. lyrata</i> (aly), 576 <i>Capsella</i> (chi) and 765 <i>C. rubella</i> (cru)
/// 600-nt promoters (2,794, about 54 % labelled 1), all present in the maps, orthologs of 1,632 <i>A. thaliana</i> genes.
/// Promoters keep the order of the sources and of each file. A promoter whose gene is missing from its species' map
/// is kept with a null <see cref="OrthologPromoter.ThalianaGeneId"/> (see <see cref="Unmapped"/>) but is never used for
/// substitution. Instances are immutable.
/// </remarks>
public sealed class OrthologTable
{
    private readonly OrthologPromoter[] _promoters;
    private readonly Dictionary<string, OrthologPromoter[]> _byThaliana;

    private OrthologTable(OrthologPromoter[] promoters)
    {
        _promoters = promoters;
        _byThaliana = promoters
            .Where(p => p.ThalianaGeneId is not null)
            .GroupBy(p => p.ThalianaGeneId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        SequenceLength = promoters.Length == 0 ? null : promoters[0].Sequence.Length;
    }

    /// <summary>Gets the species codes of the DeepDifE ortholog files, in load order: "aly", "chi", "cru".</summary>
    public static IReadOnlyList<string> DeepDifESpecies { get; } = ["aly", "chi", "cru"];

    /// <summary>Gets every promoter, mapped or not, in load order.</summary>
    public IReadOnlyList<OrthologPromoter> Promoters => _promoters;

    /// <summary>Gets the number of promoters.</summary>
    public int Count => _promoters.Length;

    /// <summary>Gets the common length of all sequences, or null for an empty table.</summary>
    public int? SequenceLength { get; }

    /// <summary>Gets the <i>A. thaliana</i> genes that have at least one ortholog here.</summary>
    public IReadOnlyCollection<string> ThalianaGenes => _byThaliana.Keys;

    /// <summary>Gets the promoters whose gene is not in their species' map.</summary>
    public IReadOnlyList<OrthologPromoter> Unmapped => _promoters.Where(p => p.ThalianaGeneId is null).ToArray();

    /// <summary>Loads the DeepDifE ortholog files of <see cref="DeepDifESpecies"/> from one folder.</summary>
    /// <param name="folder">The folder holding <c>{aly,chi,cru}.tss.fasta</c> and <c>ath_{aly,chi,cru}.txt</c>.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is null or blank.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="DataFormatException">A file is malformed; the message names the file, the line and the reason.</exception>
    public static OrthologTable Load(string folder) => Load(DeepDifESpecies.Select(s => OrthologSource.InFolder(folder, s)));

    /// <summary>Loads the orthologs of several species.</summary>
    /// <param name="sources">One entry per species, with distinct species codes.</param>
    /// <returns>The table, promoters in source order then file order.</returns>
    /// <remarks>
    /// Checked, with file and line in the error: map lines have two non-empty tab-separated fields and an ortholog maps
    /// to one <i>A. thaliana</i> gene; FASTA headers are <c>GENEID_LABEL</c> with label 0 or 1; sequences hold only A, C,
    /// G, T, N; a gene id appears once per species; all sequences of all files have the same length.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="sources"/> is null.</exception>
    /// <exception cref="ArgumentException">A null source, a blank or repeated species code, or no sources.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="DataFormatException">A file is malformed.</exception>
    public static OrthologTable Load(IEnumerable<OrthologSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var list = sources.ToArray();
        if (list.Length == 0 || list.Any(s => s is null || string.IsNullOrWhiteSpace(s.Species)))
        {
            throw new ArgumentException("Give at least one source, each with a species code.", nameof(sources));
        }

        if (list.Select(s => s.Species).Distinct(StringComparer.Ordinal).Count() != list.Length)
        {
            throw new ArgumentException("Species codes must be distinct.", nameof(sources));
        }

        var promoters = new List<OrthologPromoter>();
        (int Length, string File, int Line)? first = null;
        foreach (var source in list)
        {
            var map = OrthologFiles.ReadMap(source.MapPath);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in OrthologFiles.ReadFasta(source.FastaPath))
            {
                if (!seen.TryAdd(entry.GeneId, entry.Line))
                {
                    throw new DataFormatException(source.FastaPath, entry.Line, $"gene '{entry.GeneId}' already appeared on line {seen[entry.GeneId]}.");
                }

                first ??= (entry.Sequence.Length, source.FastaPath, entry.Line);
                if (entry.Sequence.Length != first.Value.Length)
                {
                    throw new DataFormatException(
                        source.FastaPath,
                        entry.Line,
                        $"sequence '{entry.GeneId}' has length {entry.Sequence.Length} but the first one ({first.Value.File}:{first.Value.Line}) has {first.Value.Length}; " +
                        "orthologs replace training sequences, so all must have the same length.");
                }

                var thaliana = map.TryGetValue(entry.GeneId, out var hit) ? hit.ThalianaGeneId : null;
                promoters.Add(new OrthologPromoter(entry.GeneId, source.Species, thaliana, entry.Label, entry.Sequence));
            }
        }

        return new OrthologTable([.. promoters]);
    }

    /// <summary>The orthologs of one <i>A. thaliana</i> gene.</summary>
    /// <param name="thalianaGeneId">The gene id, compared exactly (ordinal).</param>
    /// <returns>Its orthologs in load order; empty when it has none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="thalianaGeneId"/> is null.</exception>
    public IReadOnlyList<OrthologPromoter> OrthologsOf(string thalianaGeneId)
    {
        ArgumentNullException.ThrowIfNull(thalianaGeneId);
        return _byThaliana.TryGetValue(thalianaGeneId, out var hits) ? hits : [];
    }

    /// <summary>
    /// The table without leakage: keeps only orthologs whose <i>A. thaliana</i> gene is in the training set, so no
    /// ortholog of a validation or test gene (nor an unmapped promoter) can reach training.
    /// </summary>
    /// <param name="trainingGenes"><i>A. thaliana</i> genes of the training set.</param>
    /// <param name="validationGenes"><i>A. thaliana</i> genes of the validation set.</param>
    /// <param name="testGenes"><i>A. thaliana</i> genes of the test set.</param>
    /// <returns>A new table holding the orthologs of training genes only.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A gene is in two of the sets (the split itself leaks).</exception>
    public OrthologTable ForTraining(IEnumerable<string> trainingGenes, IEnumerable<string> validationGenes, IEnumerable<string> testGenes)
    {
        ArgumentNullException.ThrowIfNull(trainingGenes);
        ArgumentNullException.ThrowIfNull(validationGenes);
        ArgumentNullException.ThrowIfNull(testGenes);
        var train = trainingGenes.ToHashSet(StringComparer.Ordinal);
        var valid = validationGenes.ToHashSet(StringComparer.Ordinal);
        var test = testGenes.ToHashSet(StringComparer.Ordinal);
        RequireDisjoint(train, valid, "training", "validation", nameof(validationGenes));
        RequireDisjoint(train, test, "training", "test", nameof(testGenes));
        RequireDisjoint(valid, test, "validation", "test", nameof(testGenes));
        return new OrthologTable(_promoters.Where(p => p.ThalianaGeneId is not null && train.Contains(p.ThalianaGeneId)).ToArray());
    }

    private static void RequireDisjoint(HashSet<string> a, HashSet<string> b, string nameA, string nameB, string parameterName)
    {
        var shared = a.FirstOrDefault(b.Contains);
        if (shared is not null)
        {
            throw new ArgumentException($"Gene '{shared}' is in both the {nameA} and the {nameB} set; the split must keep them apart.", parameterName);
        }
    }
}
