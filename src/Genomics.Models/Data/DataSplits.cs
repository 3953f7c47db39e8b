namespace Genomics.Models.Data;

/// <summary>
/// Train/validation/test splits and cross-validation folds, returned as sample index arrays.
/// </summary>
/// <remarks>
/// <para>Every method returns sorted, disjoint index arrays that together cover 0..n−1; slice any per-sample
/// array or tensor with them. Nothing is shuffled inside the returned arrays: shuffling batches is the
/// training loop's job.</para>
/// <para>Randomised methods are deterministic given their seed: they draw one Fisher–Yates permutation from
/// <see cref="System.Random"/> constructed with that seed. The permutation is this library's own; it does
/// not reproduce numpy's or scikit-learn's, so the same seed does not give the same split as the Python
/// tools, only the same fold sizes and the same guarantees. The deterministic methods
/// (<see cref="KFold"/> without shuffling, <see cref="GroupedKFold"/>, <see cref="HoldOutChromosomes"/>)
/// reproduce scikit-learn's assignments.</para>
/// <para>Sizes derived from fractions use ⌈fraction · count⌉ for the held-out parts, as scikit-learn's
/// <c>train_test_split</c> does for its test part, ignoring float round-off below 1e-9 (so 0.7 × 10 gives 7).</para>
/// </remarks>
public static partial class DataSplits
{
    /// <summary>Randomly splits n samples into training, validation and test sets.</summary>
    /// <remarks>
    /// The test set gets ⌈<paramref name="testFraction"/> · n⌉ samples, the validation set
    /// ⌈<paramref name="validFraction"/> · n⌉, the training set the rest. The test set is the first part of
    /// the seeded permutation, the validation set the next.
    /// </remarks>
    /// <param name="n">Number of samples; at least 1.</param>
    /// <param name="validFraction">Fraction of samples for validation, in [0, 1); 0 gives an empty validation set.</param>
    /// <param name="testFraction">Fraction of samples for testing, in [0, 1); 0 gives an empty test set.</param>
    /// <param name="seed">Seed of the permutation; equal seeds give equal splits.</param>
    /// <returns>The split; every index appears in exactly one part.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> &lt; 1, or a fraction outside [0, 1).</exception>
    /// <exception cref="ArgumentException">The fractions sum to 1 or more, or leave no training sample.</exception>
    public static SplitIndices Random(int n, double validFraction, double testFraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        SplitArithmetic.RequireFraction(validFraction, nameof(validFraction));
        SplitArithmetic.RequireFraction(testFraction, nameof(testFraction));
        if (validFraction + testFraction >= 1)
        {
            throw new ArgumentException(
                $"Validation ({validFraction}) and test ({testFraction}) fractions sum to 1 or more, leaving nothing to train on.",
                nameof(testFraction));
        }

        var testCount = SplitArithmetic.CeilingCount(testFraction, n);
        var validCount = SplitArithmetic.CeilingCount(validFraction, n);
        if (testCount + validCount >= n)
        {
            throw new ArgumentException(
                $"With {n} samples the test ({testCount}) and validation ({validCount}) sets leave no training sample; use more samples or smaller fractions.",
                nameof(n));
        }

        var permutation = SplitArithmetic.Permutation(n, seed).AsSpan();
        return new SplitIndices(
            Train: SplitArithmetic.Sorted(permutation[(testCount + validCount)..]),
            Valid: SplitArithmetic.Sorted(permutation.Slice(testCount, validCount)),
            Test: SplitArithmetic.Sorted(permutation[..testCount]));
    }

    /// <summary>K-fold cross-validation folds with scikit-learn <c>KFold</c> fold sizes.</summary>
    /// <remarks>
    /// Fold f tests a contiguous block of the sample order: the first n mod k folds hold ⌊n/k⌋ + 1 samples,
    /// the others ⌊n/k⌋. Without shuffling the order is 0..n−1 and the folds equal scikit-learn's exactly;
    /// with shuffling the order is the seeded permutation.
    /// </remarks>
    /// <param name="n">Number of samples; at least <paramref name="k"/>.</param>
    /// <param name="k">Number of folds, in [2, n].</param>
    /// <param name="shuffle">Whether to permute the samples before cutting folds; default false.</param>
    /// <param name="seed">Seed of the permutation, used only when <paramref name="shuffle"/> is true; default 0.</param>
    /// <returns>k folds in order; the test sets partition 0..n−1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> &lt; 2 or <paramref name="k"/> &gt; <paramref name="n"/>.</exception>
    public static IReadOnlyList<FoldIndices> KFold(int n, int k, bool shuffle = false, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        if (k > n)
        {
            throw new ArgumentOutOfRangeException(
                nameof(k), k, $"Cannot cut {n} samples into {k} folds; k must be at most the number of samples.");
        }

        var order = shuffle ? SplitArithmetic.Permutation(n, seed) : Enumerable.Range(0, n).ToArray();
        var folds = new FoldIndices[k];
        var start = 0;
        for (var f = 0; f < k; f++)
        {
            var size = (n / k) + (f < n % k ? 1 : 0);
            var test = SplitArithmetic.Sorted(order.AsSpan(start, size));
            var inTest = new bool[n];
            foreach (var index in test)
            {
                inTest[index] = true;
            }

            folds[f] = new FoldIndices(SplitArithmetic.Where(n, i => !inTest[i]), test);
            start += size;
        }

        return folds;
    }

    /// <summary>Holds out whole chromosomes for validation and testing; every other sample trains.</summary>
    /// <remarks>
    /// Chromosome names are compared exactly (ordinal, case-sensitive), so use one spelling throughout
    /// (<c>chr16</c>, not <c>16</c>); <see cref="ChromosomeNames.ParseAll"/> extracts the chromosome from region
    /// names such as <c>chr16-123-456</c>. A listed chromosome without samples simply selects nothing.
    /// DeepAllele, for example, validates on chr16, chr17 and chr18 and has no test chromosomes.
    /// </remarks>
    /// <param name="chromosomes">The chromosome of each sample.</param>
    /// <param name="validChromosomes">Chromosomes whose samples form the validation set; may be empty.</param>
    /// <param name="testChromosomes">Chromosomes whose samples form the test set; may be empty; disjoint from <paramref name="validChromosomes"/>.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A null entry, a chromosome listed for both validation and test, or no sample left for training.</exception>
    public static SplitIndices HoldOutChromosomes(
        IReadOnlyList<string> chromosomes,
        IReadOnlyCollection<string> validChromosomes,
        IReadOnlyCollection<string> testChromosomes)
    {
        ArgumentNullException.ThrowIfNull(chromosomes);
        ArgumentNullException.ThrowIfNull(validChromosomes);
        ArgumentNullException.ThrowIfNull(testChromosomes);
        SplitArithmetic.RequireNoNulls(chromosomes, nameof(chromosomes));
        SplitArithmetic.RequireNoNulls([.. validChromosomes], nameof(validChromosomes));
        SplitArithmetic.RequireNoNulls([.. testChromosomes], nameof(testChromosomes));
        var valid = new HashSet<string>(validChromosomes, StringComparer.Ordinal);
        var test = new HashSet<string>(testChromosomes, StringComparer.Ordinal);
        var both = valid.Intersect(test, StringComparer.Ordinal).ToArray();
        if (both.Length > 0)
        {
            throw new ArgumentException(
                $"Chromosome(s) {string.Join(", ", both)} are listed for both validation and test; a chromosome can be held out only once.",
                nameof(testChromosomes));
        }

        var n = chromosomes.Count;
        var split = new SplitIndices(
            Train: SplitArithmetic.Where(n, i => !valid.Contains(chromosomes[i]) && !test.Contains(chromosomes[i])),
            Valid: SplitArithmetic.Where(n, i => valid.Contains(chromosomes[i])),
            Test: SplitArithmetic.Where(n, i => test.Contains(chromosomes[i])));
        if (split.Train.Length == 0)
        {
            throw new ArgumentException(
                "Every sample lies on a held-out chromosome, leaving nothing to train on.", nameof(chromosomes));
        }

        return split;
    }
}
