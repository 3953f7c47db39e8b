using System.Globalization;
using System.Text.RegularExpressions;
using Genomics.Interpret.Abstractions;
using Genomics.Interpret.Seqlets;
using Genomics.Models.IO;
using PureHDF;

namespace Genomics.Interpret.Modisco;

/// <summary>
/// Writes a <see cref="TfModisco"/> result as a TF-MoDISco results file laid out like tfmodisco-lite 2.x's
/// <c>modisco_results.h5</c> (so <c>modisco report</c>, <c>modisco meme</c> and other readers of that file open it), and
/// reads such files back. Managed code (PureHDF), no native HDF5.
/// </summary>
/// <remarks>
/// <para>Layout (tfmodisco-lite's <c>io.save_hdf5</c>):</para>
/// <code>
/// /                         attributes window_size (int64: the example length), alphabet ("ACGT")
/// /pos_patterns, /neg_patterns           present only when the metacluster has patterns
///   pattern_0, pattern_1, …  (largest first)
///     sequence              (W, 4) float64: mean one-hot of the aligned seqlets
///     contrib_scores        (W, 4) float64: CWM
///     hypothetical_contribs (W, 4) float64: hypothetical CWM
///     seqlets/
///       n_seqlets           (1,) int64
///       example_idx, start, end   (n,) int64, forward-strand coordinates, end exclusive
///       is_revcomp          (n,) bool (HDF5 enum FALSE/TRUE, as numpy bool is stored)
///       sequence, contrib_scores, hypothetical_contribs   (n, W, 4) float32: each seqlet as read on its strand
///     subpattern_0, subpattern_1, …   the same structure as a pattern
/// </code>
/// <para>
/// Matrices are position-major (W, 4) in the file and alphabet-major (4, W) in the library. The file's
/// <c>sequence</c> is tfmodisco-lite's mean one-hot sequence, without the pseudocount of
/// <see cref="ModiscoPattern.Probabilities"/>; the per-seqlet snippets come from the attribution arrays the result was
/// computed from, which is why <see cref="Write(string, ModiscoResult, float[,,], float[,,], float[,,])"/> takes them.
/// </para>
/// </remarks>
public static partial class ModiscoHdf5
{
    /// <summary>The group of the positive metacluster's patterns.</summary>
    public const string PositivePatternsGroup = "pos_patterns";

    /// <summary>The group of the negative metacluster's patterns.</summary>
    public const string NegativePatternsGroup = "neg_patterns";

    private static readonly string[] s_coordinateNames = ["example_idx", "start", "end", "is_revcomp"];

    /// <summary>
    /// numpy's bool as h5py stores it: an HDF5 enumeration with the members FALSE = 0 and TRUE = 1 (h5py reads it back
    /// as numpy bool). The names are the HDF5 member names.
    /// </summary>
#pragma warning disable CA1707, CA1028 // the member names are HDF5 data, and PureHDF writes a byte-based enumeration
    private enum H5Bool : byte
    {
        FALSE = 0,
        TRUE = 1,
    }
#pragma warning restore CA1707, CA1028

    /// <summary>Writes a result as a tfmodisco-lite results file, with per-seqlet snippets from an attribution result.</summary>
    /// <param name="path">The <c>.h5</c> file to write (replaced atomically; its folder must exist).</param>
    /// <param name="result">The result of <see cref="TfModisco.Run(AttributionResult, TorchSharp.torch.Tensor, Genomics.Models.Compute.ComputeContext?, IProgress{Genomics.Models.Compute.OperationProgress}?, CancellationToken)"/> on the same attributions.</param>
    /// <param name="attributions">The attributions the result was computed from, with hypothetical scores.</param>
    /// <param name="oneHot">The attributed sequences (N, 4, L).</param>
    /// <exception cref="ArgumentException">The attributions have no hypothetical scores, the shapes differ, or a seqlet lies outside the arrays.</exception>
    public static void Write(string path, ModiscoResult result, AttributionResult attributions, TorchSharp.torch.Tensor oneHot)
    {
        ArgumentNullException.ThrowIfNull(attributions);
        ArgumentNullException.ThrowIfNull(oneHot);
        if (attributions.Hypothetical is null)
        {
            throw new ArgumentException($"The results file holds hypothetical contributions; '{attributions.Method}' produced none.", nameof(attributions));
        }

        Write(path, result, SeqletArrays.FromTensor(attributions.Scores), SeqletArrays.FromTensor(attributions.Hypothetical), SeqletArrays.FromTensor(oneHot));
    }

    /// <summary>Writes a result as a tfmodisco-lite results file.</summary>
    /// <param name="path">The <c>.h5</c> file to write (replaced atomically; its folder must exist).</param>
    /// <param name="result">The result of <see cref="TfModisco"/> on these arrays.</param>
    /// <param name="contributions">The contributions the result was computed from (N, 4, L).</param>
    /// <param name="hypothetical">The hypothetical contributions (N, 4, L).</param>
    /// <param name="oneHot">The one-hot sequences (N, 4, L).</param>
    /// <exception cref="ArgumentException">The shapes differ, the arrays do not have 4 channels, or a seqlet lies outside the arrays (the result belongs to other data).</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static void Write(string path, ModiscoResult result, float[,,] contributions, float[,,] hypothetical, float[,,] oneHot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(result);
        SeqletArrays.RequireDnaContributions(contributions, hypothetical, oneHot);

        var data = new Arrays(contributions, hypothetical, oneHot);
        var file = new H5File();
        file.Attributes["window_size"] = (long)data.Length;
        file.Attributes["alphabet"] = "ACGT";
        foreach (var (group, patterns) in new[] { (PositivePatternsGroup, result.PositivePatterns), (NegativePatternsGroup, result.NegativePatterns) })
        {
            if (patterns.Count == 0)
            {
                continue;
            }

            var metacluster = new H5Group();
            for (var k = 0; k < patterns.Count; k++)
            {
                metacluster[$"pattern_{k}"] = PatternGroup(patterns[k], data);
            }

            file[group] = metacluster;
        }

        // PureHDF writes only to a readable, seekable stream; the atomic helper's temporary file is write-only.
        var buffer = new MemoryStream();
        file.Write(buffer);
        AtomicFile.WriteAllBytes(path, buffer.ToArray());
    }

    /// <summary>Reads a TF-MoDISco results file (tfmodisco-lite's <c>modisco_results.h5</c>, or one written by <see cref="Write(string, ModiscoResult, float[,,], float[,,], float[,,])"/>).</summary>
    /// <param name="path">The <c>.h5</c> file.</param>
    /// <returns>The patterns, fully in memory (the file is closed on return).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModiscoFileException">
    /// The file is not HDF5; has neither a <c>pos_patterns</c> nor a <c>neg_patterns</c> group (nor the
    /// <c>window_size</c> attribute of a run that found no patterns); a pattern lacks a dataset or its <c>seqlets</c>
    /// group; or shapes or types disagree (matrices not (W, 4), widths that differ, per-seqlet arrays whose length is not
    /// <c>n_seqlets</c>, snippets whose width is not the seqlet's). The message names the file and the HDF5 path.
    /// </exception>
    public static ModiscoResultsFile Read(string path)
    {
        return Hdf5Reading.Read(path, "TF-MoDISco results file", root => new Reader(path).ReadRoot(root), (reason, e) => new ModiscoFileException(path, "/", reason, e));
    }

    private static H5Group PatternGroup(ModiscoPattern pattern, Arrays data)
    {
        var w = pattern.Width;
        var n = pattern.Seqlets.Count;
        var sequence = new float[n, w, 4];
        var contributions = new float[n, w, 4];
        var hypothetical = new float[n, w, 4];
        var meanSequence = new double[w, 4];
        var starts = new long[n];
        var ends = new long[n];
        var examples = new long[n];
        var reverse = new H5Bool[n];
        for (var i = 0; i < n; i++)
        {
            var s = pattern.Seqlets[i];
            if (s.Example < 0 || s.Example >= data.Examples || s.Start < 0 || s.End > data.Length || s.Length != w)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Pattern '{pattern.Name}' has seqlet {i} (example {s.Example}, [{s.Start}, {s.End})) that does not fit arrays of {data.Examples} examples × {data.Length} positions with the pattern's width {w}; write the result with the arrays it was computed from."), nameof(pattern));
            }

            var isReverse = s.Strand == Strand.Reverse;
            starts[i] = s.Start;
            ends[i] = s.End;
            examples[i] = s.Example;
            reverse[i] = isReverse ? H5Bool.TRUE : H5Bool.FALSE;
            for (var c = 0; c < w; c++)
            {
                var position = isReverse ? s.End - 1 - c : s.Start + c;
                for (var b = 0; b < 4; b++)
                {
                    var channel = isReverse ? 3 - b : b;
                    sequence[i, c, b] = data.OneHot[s.Example, channel, position];
                    contributions[i, c, b] = data.Contributions[s.Example, channel, position];
                    hypothetical[i, c, b] = data.Hypothetical[s.Example, channel, position];
                    meanSequence[c, b] += sequence[i, c, b];
                }
            }
        }

        for (var c = 0; c < w; c++)
        {
            for (var b = 0; b < 4; b++)
            {
                meanSequence[c, b] = n > 0 ? meanSequence[c, b] / n : 0;
            }
        }

        var seqlets = new H5Group
        {
            ["n_seqlets"] = new long[] { n },
            ["start"] = starts,
            ["end"] = ends,
            ["example_idx"] = examples,
            ["is_revcomp"] = reverse,
            ["sequence"] = sequence,
            ["contrib_scores"] = contributions,
            ["hypothetical_contribs"] = hypothetical,
        };
        var group = new H5Group
        {
            ["sequence"] = meanSequence,
            ["contrib_scores"] = PositionMajor(pattern.Cwm),
            ["hypothetical_contribs"] = PositionMajor(pattern.HypotheticalCwm),
            ["seqlets"] = seqlets,
        };
        for (var k = 0; k < pattern.Subpatterns.Count; k++)
        {
            group[$"subpattern_{k}"] = PatternGroup(pattern.Subpatterns[k], data);
        }

        return group;
    }

    private static double[,] PositionMajor(double[,] alphabetMajor)
    {
        int a = alphabetMajor.GetLength(0), w = alphabetMajor.GetLength(1);
        var m = new double[w, a];
        for (var c = 0; c < w; c++)
        {
            for (var b = 0; b < a; b++)
            {
                m[c, b] = alphabetMajor[b, c];
            }
        }

        return m;
    }

    [GeneratedRegex("^pattern_([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PatternName();

    [GeneratedRegex("^subpattern_([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SubpatternName();

    private sealed record Arrays(float[,,] Contributions, float[,,] Hypothetical, float[,,] OneHot)
    {
        public int Examples => Contributions.GetLength(0);

        public int Length => Contributions.GetLength(2);
    }

    /// <summary>Reads the open file; every error names the file and the HDF5 path it was found at.</summary>
    private sealed class Reader(string file)
    {
        public ModiscoResultsFile ReadRoot(IH5Group root)
        {
            int? windowSize = null;
            string? alphabet = null;
            try
            {
                if (root.AttributeExists("window_size"))
                {
                    windowSize = checked((int)ReadIntegers(root.Attribute("window_size"), "/window_size").Single());
                }

                if (root.AttributeExists("alphabet"))
                {
                    var attribute = root.Attribute("alphabet");
                    alphabet = attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength
                        ? attribute.Read<string>().TrimEnd('\0')
                        : throw Error("/", $"the attribute 'alphabet' has HDF5 type class {attribute.Type.Class}, not a string");
                }
            }
            catch (Exception e) when (e is not (ModiscoFileException or OutOfMemoryException))
            {
                throw Error("/", $"the root attributes could not be read ({e.Message})", e);
            }

            if (alphabet is { Length: not 4 })
            {
                throw Error("/", $"the alphabet '{alphabet}' has {alphabet.Length} letters; only 4-letter (DNA/RNA) results are read");
            }

            var hasPositive = root.LinkExists(PositivePatternsGroup);
            var hasNegative = root.LinkExists(NegativePatternsGroup);
            if (!hasPositive && !hasNegative && windowSize is null)
            {
                throw Error("/", $"no '{PositivePatternsGroup}' or '{NegativePatternsGroup}' group (and no 'window_size' attribute), so this is not a TF-MoDISco results file");
            }

            var positive = hasPositive ? ReadMetacluster(root, PositivePatternsGroup, +1) : [];
            var negative = hasNegative ? ReadMetacluster(root, NegativePatternsGroup, -1) : [];
            return new ModiscoResultsFile(file, windowSize, alphabet, positive, negative);
        }

        private List<ModiscoFilePattern> ReadMetacluster(IH5Group root, string name, int sign)
        {
            var group = Group(root, "/" + name, name);
            return [.. Numbered(group, "/" + name, PatternName())
                .Select(p => ReadPattern(p.Group, $"/{name}/{p.Name}", $"{name}.{p.Name}", sign))];
        }

        private ModiscoFilePattern ReadPattern(IH5Group group, string path, string name, int sign)
        {
            var sequence = ReadMatrix(group, path, "sequence");
            var cwm = ReadMatrix(group, path, "contrib_scores");
            var hypothetical = ReadMatrix(group, path, "hypothetical_contribs");
            var w = sequence.GetLength(1);
            foreach (var (matrix, dataset) in new[] { (cwm, "contrib_scores"), (hypothetical, "hypothetical_contribs") })
            {
                if (matrix.GetLength(1) != w)
                {
                    throw Error($"{path}/{dataset}", $"has {matrix.GetLength(1)} positions but '{path}/sequence' has {w}");
                }
            }

            var seqletsPath = path + "/seqlets";
            var seqletGroup = Group(group, seqletsPath, "seqlets");
            var counts = ReadIntegers(Dataset(seqletGroup, seqletsPath, "n_seqlets"), seqletsPath + "/n_seqlets");
            if (counts.Length != 1 || counts[0] < 0 || counts[0] > int.MaxValue)
            {
                throw Error(seqletsPath + "/n_seqlets", $"expected one non-negative count, got [{string.Join(", ", counts)}]");
            }

            var n = (int)counts[0];
            var present = s_coordinateNames.Where(seqletGroup.LinkExists).ToArray();
            var seqlets = new List<Seqlet>();
            float[,,]? snippetSequence = null, snippetContributions = null, snippetHypothetical = null;
            if (present.Length > 0)
            {
                var missing = s_coordinateNames.Except(present).ToArray();
                if (missing.Length > 0)
                {
                    throw Error(seqletsPath, $"has '{string.Join("', '", present)}' but lacks '{string.Join("', '", missing)}'");
                }

                var examples = PerSeqlet(ReadIntegers(Dataset(seqletGroup, seqletsPath, "example_idx"), seqletsPath + "/example_idx"), n, seqletsPath + "/example_idx");
                var starts = PerSeqlet(ReadIntegers(Dataset(seqletGroup, seqletsPath, "start"), seqletsPath + "/start"), n, seqletsPath + "/start");
                var ends = PerSeqlet(ReadIntegers(Dataset(seqletGroup, seqletsPath, "end"), seqletsPath + "/end"), n, seqletsPath + "/end");
                var reverse = PerSeqlet(ReadBooleans(Dataset(seqletGroup, seqletsPath, "is_revcomp"), seqletsPath + "/is_revcomp"), n, seqletsPath + "/is_revcomp");
                for (var i = 0; i < n; i++)
                {
                    if (examples[i] < 0 || examples[i] > int.MaxValue || starts[i] < 0 || ends[i] <= starts[i] || ends[i] > int.MaxValue)
                    {
                        throw Error(seqletsPath, string.Create(CultureInfo.InvariantCulture,
                            $"seqlet {i} has example_idx {examples[i]}, start {starts[i]} and end {ends[i]}; expected a non-negative example and 0 ≤ start < end"));
                    }
                }

                snippetSequence = ReadSnippets(seqletGroup, seqletsPath, "sequence", starts, ends);
                snippetContributions = ReadSnippets(seqletGroup, seqletsPath, "contrib_scores", starts, ends);
                snippetHypothetical = ReadSnippets(seqletGroup, seqletsPath, "hypothetical_contribs", starts, ends);
                for (var i = 0; i < n; i++)
                {
                    var score = double.NaN;
                    if (snippetContributions is not null)
                    {
                        score = 0;
                        for (var b = 0; b < 4; b++)
                        {
                            for (var c = 0; c < snippetContributions.GetLength(2); c++)
                            {
                                score += snippetContributions[i, b, c];
                            }
                        }
                    }

                    seqlets.Add(new Seqlet((int)examples[i], (int)starts[i], (int)ends[i], reverse[i] ? Strand.Reverse : Strand.Forward, score));
                }
            }

            var subpatterns = Numbered(group, path, SubpatternName())
                .Select(p => ReadPattern(p.Group, $"{path}/{p.Name}", $"{name}.{p.Name}", sign))
                .ToList();
            return new ModiscoFilePattern(name, sign, sequence, cwm, hypothetical, n, seqlets, snippetSequence, snippetContributions, snippetHypothetical, subpatterns);
        }

        /// <summary>The child groups named like <paramref name="pattern"/> (<c>pattern_3</c>), in numeric order; other links are ignored, as tfmodisco-lite's readers do.</summary>
        private List<(string Name, IH5Group Group)> Numbered(IH5Group group, string path, Regex pattern)
        {
            List<(int Index, string Name, IH5Group Group)> found;
            try
            {
                found = [.. group.Children()
                    .Where(child => child is IH5Group && pattern.IsMatch(child.Name))
                    .Select(child => (int.Parse(pattern.Match(child.Name).Groups[1].ValueSpan, CultureInfo.InvariantCulture), child.Name, (IH5Group)child))];
            }
            catch (Exception e) when (e is not (ModiscoFileException or OutOfMemoryException))
            {
                throw Error(path, $"its members could not be listed ({e.Message})", e);
            }

            return [.. found.OrderBy(f => f.Index).Select(f => (f.Name, f.Group))];
        }

        private IH5Group Group(IH5Group parent, string path, string name)
        {
            if (!parent.LinkExists(name))
            {
                throw Error(path, "the group is missing");
            }

            return parent.Get(name) as IH5Group ?? throw Error(path, "is not a group");
        }

        private IH5Dataset Dataset(IH5Group parent, string parentPath, string name)
        {
            var path = $"{parentPath}/{name}";
            if (!parent.LinkExists(name))
            {
                throw Error(path, "the dataset is missing");
            }

            return parent.Get(name) as IH5Dataset ?? throw Error(path, "is not a dataset");
        }

        /// <summary>A (W, 4) floating-point dataset as a (4, W) matrix.</summary>
        private double[,] ReadMatrix(IH5Group group, string groupPath, string name)
        {
            var path = $"{groupPath}/{name}";
            var dataset = Dataset(group, groupPath, name);
            var shape = Shape(dataset, path);
            if (shape.Length != 2 || shape[1] != 4 || shape[0] < 1)
            {
                throw Error(path, $"expected a (W, 4) matrix with W ≥ 1, got shape {FormatShape(shape)}");
            }

            var values = ReadFloats(dataset, path);
            var w = (int)shape[0];
            var m = new double[4, w];
            for (var c = 0; c < w; c++)
            {
                for (var b = 0; b < 4; b++)
                {
                    m[b, c] = values[(c * 4) + b];
                }
            }

            return m;
        }

        /// <summary>An optional (n, W, 4) dataset as (n, 4, W); every seqlet must span W positions.</summary>
        private float[,,]? ReadSnippets(IH5Group group, string groupPath, string name, long[] starts, long[] ends)
        {
            if (!group.LinkExists(name))
            {
                return null;
            }

            var path = $"{groupPath}/{name}";
            var dataset = Dataset(group, groupPath, name);
            var n = starts.Length;
            var shape = Shape(dataset, path);
            if (n == 0)
            {
                return shape.Aggregate(1UL, (a, d) => a * d) == 0 ? new float[0, 4, 0] : throw Error(path, $"holds values but 'n_seqlets' is 0 (shape {FormatShape(shape)})");
            }

            if (shape.Length != 3 || shape[0] != (ulong)n || shape[2] != 4)
            {
                throw Error(path, $"expected shape ({n}, W, 4) for {n} seqlet(s), got {FormatShape(shape)}");
            }

            var w = (int)shape[1];
            for (var i = 0; i < n; i++)
            {
                if (ends[i] - starts[i] != w)
                {
                    throw Error(path, string.Create(CultureInfo.InvariantCulture, $"snippets are {w} positions wide but seqlet {i} spans [{starts[i]}, {ends[i]})"));
                }
            }

            var values = ReadFloats(dataset, path);
            var snippets = new float[n, 4, w];
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < w; c++)
                {
                    for (var b = 0; b < 4; b++)
                    {
                        snippets[i, b, c] = (float)values[(((long)i * w) + c) * 4 + b];
                    }
                }
            }

            return snippets;
        }

        private T[] PerSeqlet<T>(T[] values, int n, string path) =>
            values.Length == n ? values : throw Error(path, $"holds {values.Length} value(s) but 'n_seqlets' is {n}");

        private ulong[] Shape(IH5Dataset dataset, string path)
        {
            try
            {
                return dataset.Space.Dimensions;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw Error(path, $"the dataspace could not be read ({e.Message})", e);
            }
        }

        private double[] ReadFloats(IH5Dataset dataset, string path)
        {
            try
            {
                if (dataset.Type.Class != H5DataTypeClass.FloatingPoint)
                {
                    throw Error(path, $"has HDF5 type class {dataset.Type.Class}, not floating point");
                }

                return dataset.Type.Size switch
                {
                    8 => dataset.Read<double[]>(),
                    4 => Array.ConvertAll(dataset.Read<float[]>(), v => (double)v),
                    2 => Array.ConvertAll(dataset.Read<Half[]>(), v => (double)v),
                    _ => throw Error(path, $"has an unsupported {dataset.Type.Size}-byte floating-point type"),
                };
            }
            catch (Exception e) when (e is not (ModiscoFileException or OutOfMemoryException))
            {
                throw Error(path, $"the values could not be read ({e.Message})", e);
            }
        }

        private long[] ReadIntegers(IH5Dataset dataset, string path)
        {
            try
            {
                return ReadIntegers(dataset.Type, dataset.Space.Dimensions.Length == 0, path,
                    () => dataset.Read<long>(), () => dataset.Read<long[]>(), () => dataset.Read<int[]>(), () => dataset.Read<short[]>(), () => dataset.Read<sbyte[]>(),
                    () => dataset.Read<ulong[]>(), () => dataset.Read<uint[]>(), () => dataset.Read<ushort[]>(), () => dataset.Read<byte[]>(), () => dataset.Read<int>());
            }
            catch (Exception e) when (e is not (ModiscoFileException or OutOfMemoryException))
            {
                throw Error(path, $"the values could not be read ({e.Message})", e);
            }
        }

        private long[] ReadIntegers(IH5Attribute attribute, string path) =>
            ReadIntegers(attribute.Type, attribute.Space.Dimensions.Length == 0, path,
                () => attribute.Read<long>(), () => attribute.Read<long[]>(), () => attribute.Read<int[]>(), () => attribute.Read<short[]>(), () => attribute.Read<sbyte[]>(),
                () => attribute.Read<ulong[]>(), () => attribute.Read<uint[]>(), () => attribute.Read<ushort[]>(), () => attribute.Read<byte[]>(), () => attribute.Read<int>());

        private long[] ReadIntegers(IH5DataType type, bool scalar, string path,
            Func<long> scalar64, Func<long[]> i64, Func<int[]> i32, Func<short[]> i16, Func<sbyte[]> i8,
            Func<ulong[]> u64, Func<uint[]> u32, Func<ushort[]> u16, Func<byte[]> u8, Func<int> scalar32)
        {
            if (type.Class != H5DataTypeClass.FixedPoint)
            {
                throw Error(path, $"has HDF5 type class {type.Class}, not integer");
            }

            var signed = type.FixedPoint.IsSigned;
            if (scalar)
            {
                return type.Size switch
                {
                    8 when signed => [scalar64()],
                    4 when signed => [scalar32()],
                    _ => throw Error(path, $"has an unsupported scalar {type.Size}-byte integer type"),
                };
            }

            return (type.Size, signed) switch
            {
                (8, true) => i64(),
                (4, true) => Array.ConvertAll(i32(), v => (long)v),
                (2, true) => Array.ConvertAll(i16(), v => (long)v),
                (1, true) => Array.ConvertAll(i8(), v => (long)v),
                (8, false) => Array.ConvertAll(u64(), v => v > long.MaxValue ? throw Error(path, $"holds {v}, too large") : (long)v),
                (4, false) => Array.ConvertAll(u32(), v => (long)v),
                (2, false) => Array.ConvertAll(u16(), v => (long)v),
                (1, false) => Array.ConvertAll(u8(), v => (long)v),
                _ => throw Error(path, $"has an unsupported {type.Size}-byte integer type"),
            };
        }

        /// <summary>numpy bool as h5py stores it (a one-byte enumeration FALSE/TRUE), or one-byte integers or bitfields.</summary>
        private bool[] ReadBooleans(IH5Dataset dataset, string path)
        {
            try
            {
                var type = dataset.Type;
                if (type.Class is not (H5DataTypeClass.Enumerated or H5DataTypeClass.FixedPoint or H5DataTypeClass.BitField) || type.Size != 1)
                {
                    throw Error(path, $"has HDF5 type class {type.Class} of {type.Size} byte(s), not a one-byte boolean");
                }

                return Array.ConvertAll(dataset.Read<byte[]>(), v => v switch
                {
                    0 => false,
                    1 => true,
                    _ => throw Error(path, $"holds {v}; booleans are 0 or 1"),
                });
            }
            catch (Exception e) when (e is not (ModiscoFileException or OutOfMemoryException))
            {
                throw Error(path, $"the values could not be read ({e.Message})", e);
            }
        }

        private static string FormatShape(ulong[] shape) => "(" + string.Join(", ", shape) + ")";

        private ModiscoFileException Error(string path, string reason, Exception? inner = null) => new(file, path, reason, inner);
    }
}
