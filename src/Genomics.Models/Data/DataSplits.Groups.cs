namespace Genomics.Models.Data;

public static partial class DataSplits
{
    /// <summary>
    /// K-fold cross-validation in which all samples of a group (a gene family, a chromosome, a donor) land in
    /// the same test fold, with scikit-learn <c>GroupKFold</c>'s greedy balancing.
    /// </summary>
    /// <remarks>
    /// Groups are taken largest first, each assigned to the fold with the fewest samples so far (the lowest
    /// fold number among equally light folds). Groups of equal size are taken in descending ordinal order of
    /// their names. This reproduces scikit-learn 1.2's assignment whenever group sizes are distinct, and for
    /// tied sizes whenever there are at most 16 groups (numpy then sorts stably); with more groups of tied
    /// size scikit-learn's order depends on numpy's unstable sort, while this one stays fixed. Deterministic:
    /// there is no seed.
    /// </remarks>
    /// <param name="groups">Group name of each sample; no null entries.</param>
    /// <param name="k">Number of folds, in [2, number of distinct groups].</param>
    /// <returns>k folds in order; the test sets partition the samples and no group appears in two of them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> is null.</exception>
    /// <exception cref="ArgumentException">A null entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> &lt; 2 or more than the number of distinct groups.</exception>
    public static IReadOnlyList<FoldIndices> GroupedKFold(IReadOnlyList<string> groups, int k)
    {
        ArgumentNullException.ThrowIfNull(groups);
        SplitArithmetic.RequireNoNulls(groups, nameof(groups));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        var sizes = GroupSizes(groups);
        if (k > sizes.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(k), k, $"Cannot cut {sizes.Count} distinct group(s) into {k} folds; k must be at most the number of groups.");
        }

        var ordered = sizes
            .OrderByDescending(pair => pair.Value)
            .ThenByDescending(pair => pair.Key, StringComparer.Ordinal);
        var foldLoad = new int[k];
        var foldOfGroup = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, size) in ordered)
        {
            var lightest = 0;
            for (var f = 1; f < k; f++)
            {
                if (foldLoad[f] < foldLoad[lightest])
                {
                    lightest = f;
                }
            }

            foldLoad[lightest] += size;
            foldOfGroup[name] = lightest;
        }

        var n = groups.Count;
        var folds = new FoldIndices[k];
        for (var f = 0; f < k; f++)
        {
            var fold = f;
            folds[f] = new FoldIndices(
                Train: SplitArithmetic.Where(n, i => foldOfGroup[groups[i]] != fold),
                Test: SplitArithmetic.Where(n, i => foldOfGroup[groups[i]] == fold));
        }

        return folds;
    }

    /// <summary>
    /// Random train/test split by groups with scikit-learn <c>GroupShuffleSplit</c> semantics: whole groups go
    /// to the test set, which receives ⌈<paramref name="testFraction"/> · number of groups⌉ groups.
    /// </summary>
    /// <remarks>
    /// The distinct groups are sorted by ordinal name, permuted with the seed, and the first ones form the
    /// test set; the sample fraction in the test set therefore varies with group sizes. Equal seeds give
    /// equal splits; the permutation is this library's own (see <see cref="DataSplits"/>).
    /// </remarks>
    /// <param name="groups">Group name of each sample; no null entries; at least two distinct groups.</param>
    /// <param name="testFraction">Fraction of groups to hold out, in (0, 1).</param>
    /// <param name="seed">Seed of the permutation of groups.</param>
    /// <returns>The split; no group has samples on both sides.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> is null.</exception>
    /// <exception cref="ArgumentException">A null entry, or fewer than two distinct groups, or a fraction that holds out every group.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> outside (0, 1).</exception>
    public static FoldIndices GroupShuffle(IReadOnlyList<string> groups, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(groups);
        SplitArithmetic.RequireNoNulls(groups, nameof(groups));
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The fraction must be in (0, 1).");
        }

        var names = GroupSizes(groups).Keys.Order(StringComparer.Ordinal).ToArray();
        if (names.Length < 2)
        {
            throw new ArgumentException(
                $"{names.Length} distinct group(s) found; a group split needs at least two.", nameof(groups));
        }

        var testCount = SplitArithmetic.CeilingCount(testFraction, names.Length);
        if (testCount >= names.Length)
        {
            throw new ArgumentException(
                $"Holding out {testCount} of {names.Length} groups leaves none to train on; use a smaller fraction.",
                nameof(testFraction));
        }

        var permutation = SplitArithmetic.Permutation(names.Length, seed);
        var testGroups = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < testCount; i++)
        {
            testGroups.Add(names[permutation[i]]);
        }

        var n = groups.Count;
        return new FoldIndices(
            Train: SplitArithmetic.Where(n, i => !testGroups.Contains(groups[i])),
            Test: SplitArithmetic.Where(n, i => testGroups.Contains(groups[i])));
    }

    private static Dictionary<string, int> GroupSizes(IReadOnlyList<string> groups)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            sizes[group] = sizes.GetValueOrDefault(group) + 1;
        }

        return sizes;
    }
}
