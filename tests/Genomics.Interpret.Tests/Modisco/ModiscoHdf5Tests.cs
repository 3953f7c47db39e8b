using System.Text.Json;
using Genomics.Interpret.Modisco;
using Genomics.Interpret.Seqlets;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;
using PureHDF;

namespace Genomics.Interpret.Tests.Modisco;

/// <summary>
/// TF-MoDISco results files in tfmodisco-lite's modisco_results.h5 layout: reading the h5py-written fixture of
/// tools/reference/modisco_h5_fixture.py, a write/read round trip of a planted-motif run, the written layout against the
/// fixture's, and the typed errors.
/// </summary>
[TestFixture]
public sealed class ModiscoHdf5Tests
{
    private static readonly ModiscoOptions s_fast = new() { LeidenRuns = 5, FinalMinClusterSize = 5 };

    private static string FixturePath(string extension) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Modisco", "modisco_results_fixture" + extension);

    private static JsonElement Fixture()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FixturePath(".json")));
        return document.RootElement.Clone();
    }

    [Test]
    public void ReadsTheH5pyFixtureWithEveryValue()
    {
        var expected = Fixture();
        var file = ModiscoHdf5.Read(FixturePath(".h5"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.WindowSize, Is.EqualTo(expected.GetProperty("window_size").GetInt32()));
            Assert.That(file.Alphabet, Is.EqualTo("ACGT"));
            Assert.That(file.PositivePatterns, Has.Count.EqualTo(2));
            Assert.That(file.NegativePatterns, Has.Count.EqualTo(1));
            Assert.That(file.PositivePatterns[0].Subpatterns, Has.Count.EqualTo(2));
            Assert.That(file.PositivePatterns[1].Subpatterns, Is.Empty);
        }

        var compared = 0;
        foreach (var (group, sign, patterns) in new[] { ("pos_patterns", 1, file.PositivePatterns), ("neg_patterns", -1, file.NegativePatterns) })
        {
            var list = expected.GetProperty(group).EnumerateArray().ToList();
            Assert.That(patterns, Has.Count.EqualTo(list.Count), group);
            for (var k = 0; k < list.Count; k++)
            {
                compared += CompareWithFixture(patterns[k], list[k], sign);
            }
        }

        Assert.That(compared, Is.EqualTo(5), "patterns and sub-patterns compared");
    }

    private static int CompareWithFixture(ModiscoFilePattern actual, JsonElement expected, int sign)
    {
        var name = expected.GetProperty("name").GetString()!;
        var seqlets = expected.GetProperty("seqlets").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual.Name, Is.EqualTo(name));
            Assert.That(actual.Sign, Is.EqualTo(sign), name);
            Assert.That(actual.Width, Is.EqualTo(expected.GetProperty("width").GetInt32()), name);
            Assert.That(actual.Sequence, Is.EqualTo(AlphabetMajor(expected.GetProperty("sequence"))), name);
            Assert.That(actual.Cwm, Is.EqualTo(AlphabetMajor(expected.GetProperty("contrib_scores"))), name);
            Assert.That(actual.HypotheticalCwm, Is.EqualTo(AlphabetMajor(expected.GetProperty("hypothetical_contribs"))), name);
            Assert.That(actual.SeqletCount, Is.EqualTo(seqlets.Count), name);
            Assert.That(actual.Seqlets.Select(s => (s.Example, s.Start, s.End, s.Strand)), Is.EqualTo(seqlets.Select(s => (
                s.GetProperty("example_idx").GetInt32(), s.GetProperty("start").GetInt32(), s.GetProperty("end").GetInt32(),
                s.GetProperty("is_revcomp").GetBoolean() ? Strand.Reverse : Strand.Forward))), name);
            Assert.That(actual.Seqlets.Select(s => s.Score), Is.EqualTo(seqlets.Select(s => s.GetProperty("score").GetDouble())).Within(1e-6), name);
            foreach (var (snippets, key) in new[] { (actual.SeqletSequences, "sequence"), (actual.SeqletContributions, "contrib_scores"), (actual.SeqletHypotheticalContributions, "hypothetical_contribs") })
            {
                Assert.That(snippets, Is.Not.Null, $"{name} seqlets/{key}");
                for (var i = 0; i < seqlets.Count; i++)
                {
                    Assert.That(Slice(snippets!, i), Is.EqualTo(AlphabetMajor(seqlets[i].GetProperty(key))), $"{name} seqlets/{key}[{i}]");
                }
            }
        }

        var subpatterns = expected.GetProperty("subpatterns").EnumerateArray().ToList();
        Assert.That(actual.Subpatterns, Has.Count.EqualTo(subpatterns.Count), name);
        var count = 1;
        for (var k = 0; k < subpatterns.Count; k++)
        {
            count += CompareWithFixture(actual.Subpatterns[k], subpatterns[k], sign);
        }

        return count;
    }

    [Test]
    public void FixturePatternsBecomeMotifsWithNormalisedFrequencies()
    {
        var pattern = ModiscoHdf5.Read(FixturePath(".h5")).PositivePatterns[1];
        var motif = pattern.ToMotif();
        var sequence = pattern.Sequence;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(motif.Id, Is.EqualTo("pos_patterns.pattern_1"));
            Assert.That(motif.Sites, Is.EqualTo(3));
            Assert.That(motif.Contributions!.ToArray(), Is.EqualTo(pattern.Cwm));
            for (var c = 0; c < pattern.Width; c++)
            {
                var total = Enumerable.Range(0, 4).Sum(b => sequence[b, c]);
                for (var b = 0; b < 4; b++)
                {
                    Assert.That(motif.Probabilities[b, c], Is.EqualTo(sequence[b, c] / total).Within(1e-12));
                }
            }
        }
    }

    [Test]
    public void RoundTripOfAPlantedMotifRunKeepsEveryMatrixAndSeqlet()
    {
        var data = PlantedWithNegatives();
        var result = new TfModisco(s_fast).Run(data.Contributions, data.Hypothetical, data.OneHot);
        TestContext.Out.WriteLine(string.Join("; ", result.Patterns.Select(p => $"{p.Name} n={p.Seqlets.Count} w={p.Width} subpatterns={p.Subpatterns.Count}")));
        Assert.That(result.PositivePatterns, Is.Not.Empty);
        Assert.That(result.NegativePatterns, Is.Not.Empty);
        using var folder = new ScratchFolder();
        var path = folder.PathOf("modisco_results.h5");
        ModiscoHdf5.Write(path, result, data.Contributions, data.Hypothetical, data.OneHot);
        var file = ModiscoHdf5.Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.FilePath, Is.EqualTo(path));
            Assert.That(file.WindowSize, Is.EqualTo(data.OneHot.GetLength(2)));
            Assert.That(file.Alphabet, Is.EqualTo("ACGT"));
            Assert.That(Directory.GetFiles(folder.Root), Is.EqualTo(new[] { path }), "no temporary file is left");
        }

        var compared = CompareRoundTrip(result.PositivePatterns, file.PositivePatterns, data, s_fast.PpmPseudocount)
            + CompareRoundTrip(result.NegativePatterns, file.NegativePatterns, data, s_fast.PpmPseudocount);
        Assert.That(compared, Is.EqualTo(result.Patterns.Sum(p => 1 + p.Subpatterns.Count)));
    }

    private static int CompareRoundTrip(IReadOnlyList<ModiscoPattern> written, IReadOnlyList<ModiscoFilePattern> read, PlantedMotifs data, double pseudocount)
    {
        Assert.That(read.Select(p => p.Name), Is.EqualTo(written.Select(p => p.Name)));
        var count = 0;
        for (var k = 0; k < written.Count; k++)
        {
            var (w, r) = (written[k], read[k]);
            var n = w.Seqlets.Count;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(r.Sign, Is.EqualTo(w.Sign), w.Name);
                Assert.That(r.Width, Is.EqualTo(w.Width), w.Name);
                Assert.That(r.Cwm, Is.EqualTo(w.Cwm), w.Name);
                Assert.That(r.HypotheticalCwm, Is.EqualTo(w.HypotheticalCwm), w.Name);
                Assert.That(r.Sequence, Is.EqualTo(MeanOneHot(w.Seqlets, data.OneHot)).Within(1e-12), w.Name);
                Assert.That(r.Probabilities(pseudocount).ToArray(), Is.EqualTo(w.Probabilities.ToArray()).Within(1e-12), w.Name);
                Assert.That(r.SeqletCount, Is.EqualTo(n), w.Name);
                Assert.That(r.Seqlets.Select(s => (s.Example, s.Start, s.End, s.Strand)), Is.EqualTo(w.Seqlets.Select(s => (s.Example, s.Start, s.End, s.Strand))), w.Name);
                Assert.That(r.Seqlets.Select(s => s.Score), Is.EqualTo(w.Seqlets.Select(s => s.Score)).Within(1e-9), w.Name);
                var (sequences, contributions, hypothetical) = (r.SeqletSequences!, r.SeqletContributions!, r.SeqletHypotheticalContributions!);
                for (var i = 0; i < n; i++)
                {
                    Assert.That(Slice(sequences, i), Is.EqualTo(OnStrand(data.OneHot, w.Seqlets[i])), $"{w.Name} seqlet {i}");
                    Assert.That(Slice(contributions, i), Is.EqualTo(OnStrand(data.Contributions, w.Seqlets[i])), $"{w.Name} seqlet {i}");
                    Assert.That(Slice(hypothetical, i), Is.EqualTo(OnStrand(data.Hypothetical, w.Seqlets[i])), $"{w.Name} seqlet {i}");
                }
            }

            count += 1 + CompareRoundTrip(w.Subpatterns, r.Subpatterns, data, pseudocount);
        }

        return count;
    }

    [Test]
    public void RoundTripKeepsSubpatternsInTheirOrder()
    {
        // Sub-clustering may find one group on the planted data; the sub-patterns here are the pattern's seqlets split in two.
        var data = PlantedWithNegatives();
        var found = new TfModisco(s_fast).Run(data.Contributions, data.Hypothetical, data.OneHot);
        var parent = found.PositivePatterns[0];
        var half = parent.Seqlets.Count / 2;
        IReadOnlyList<ModiscoPattern> subpatterns =
        [
            Aggregated($"{parent.Name}.subpattern_0", parent.Seqlets.Skip(half).ToList(), data),
            Aggregated($"{parent.Name}.subpattern_1", parent.Seqlets.Take(half).ToList(), data),
        ];
        var withSubpatterns = new ModiscoPattern(parent.Name, parent.Sign, parent.Seqlets, parent.Probabilities.ToArray(), parent.Cwm, parent.HypotheticalCwm, subpatterns);
        var result = found with { PositivePatterns = [withSubpatterns, .. found.PositivePatterns.Skip(1)] };
        using var folder = new ScratchFolder();
        var path = folder.PathOf("modisco_results.h5");
        ModiscoHdf5.Write(path, result, data.Contributions, data.Hypothetical, data.OneHot);
        var file = ModiscoHdf5.Read(path);
        Assert.That(file.PositivePatterns[0].Subpatterns.Select(p => (p.Name, p.SeqletCount)), Is.EqualTo(subpatterns.Select(p => (p.Name, p.Seqlets.Count))));
        var compared = CompareRoundTrip(result.PositivePatterns, file.PositivePatterns, data, s_fast.PpmPseudocount);
        Assert.That(compared, Is.EqualTo(result.PositivePatterns.Count + 2));
    }

    /// <summary>A pattern of the given seqlets with its matrices averaged over them, as TF-MoDISco aggregates (PPM with its pseudocount).</summary>
    private static ModiscoPattern Aggregated(string name, List<Seqlet> seqlets, PlantedMotifs data)
    {
        var w = seqlets[0].Length;
        var (cwm, hypothetical, ppm) = (new double[4, w], new double[4, w], MeanOneHot(seqlets, data.OneHot));
        foreach (var s in seqlets)
        {
            var (c, h) = (OnStrand(data.Contributions, s), OnStrand(data.Hypothetical, s));
            for (var b = 0; b < 4; b++)
            {
                for (var j = 0; j < w; j++)
                {
                    cwm[b, j] += (double)c[b, j] / seqlets.Count;
                    hypothetical[b, j] += (double)h[b, j] / seqlets.Count;
                }
            }
        }

        for (var j = 0; j < w; j++)
        {
            var total = 1 + (4 * s_fast.PpmPseudocount);
            for (var b = 0; b < 4; b++)
            {
                ppm[b, j] = (ppm[b, j] + s_fast.PpmPseudocount) / total;
            }
        }

        return new ModiscoPattern(name, 1, seqlets, ppm, cwm, hypothetical, []);
    }

    [Test]
    public void WrittenLayoutHasTheFixturesDatasetsTypesAndRanks()
    {
        var data = PlantedWithNegatives();
        var result = new TfModisco(s_fast).Run(data.Contributions, data.Hypothetical, data.OneHot);
        using var folder = new ScratchFolder();
        var path = folder.PathOf("modisco_results.h5");
        ModiscoHdf5.Write(path, result, data.Contributions, data.Hypothetical, data.OneHot);

        // The fixture's layout, as h5py recorded it, reduced to one entry per member of a pattern group.
        var expected = new Dictionary<string, (string Dtype, int Rank)>();
        foreach (var item in Fixture().GetProperty("layout").GetProperty("items").EnumerateArray())
        {
            if (item.TryGetProperty("dtype", out var dtype))
            {
                var relative = string.Join('/', item.GetProperty("path").GetString()!.Split('/').SkipWhile(s => !s.StartsWith("pattern_", StringComparison.Ordinal)).Skip(1).Where(s => !s.StartsWith("subpattern_", StringComparison.Ordinal)));
                expected[relative] = (dtype.GetString()!, item.GetProperty("shape").GetArrayLength());
            }
        }

        Assert.That(expected.Keys, Is.EquivalentTo(new[] { "sequence", "contrib_scores", "hypothetical_contribs", "seqlets/n_seqlets", "seqlets/start", "seqlets/end", "seqlets/example_idx", "seqlets/is_revcomp", "seqlets/sequence", "seqlets/contrib_scores", "seqlets/hypothetical_contribs" }));
        using var h5 = H5File.OpenRead(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(h5.Attribute("window_size").Type.Class, Is.EqualTo(H5DataTypeClass.FixedPoint));
            Assert.That(h5.Attribute("window_size").Read<long>(), Is.EqualTo(data.OneHot.GetLength(2)));
            Assert.That(h5.Attribute("alphabet").Read<string>(), Is.EqualTo("ACGT"));
            var checkedGroups = 0;
            foreach (var (group, patterns) in new[] { ("pos_patterns", result.PositivePatterns), ("neg_patterns", result.NegativePatterns) })
            {
                for (var k = 0; k < patterns.Count; k++)
                {
                    checkedGroups += CheckLayout(h5.Group($"{group}/pattern_{k}"), $"/{group}/pattern_{k}", patterns[k], expected);
                }
            }

            Assert.That(checkedGroups, Is.EqualTo(result.Patterns.Sum(p => 1 + p.Subpatterns.Count)));
        }
    }

    private static int CheckLayout(IH5Group group, string path, ModiscoPattern pattern, Dictionary<string, (string Dtype, int Rank)> expected)
    {
        var members = new List<string>();
        foreach (var child in group.Children())
        {
            members.Add(child.Name);
        }

        var subpatterns = Enumerable.Range(0, pattern.Subpatterns.Count).Select(k => $"subpattern_{k}");
        Assert.That(members, Is.EquivalentTo(new[] { "sequence", "contrib_scores", "hypothetical_contribs", "seqlets" }.Concat(subpatterns)), path);
        foreach (var (relative, (dtype, rank)) in expected)
        {
            var dataset = group.Dataset(relative);
            Assert.That((dataset.Type.Class, (int)dataset.Type.Size), Is.EqualTo(dtype switch
            {
                "float64" => (H5DataTypeClass.FloatingPoint, 8),
                "float32" => (H5DataTypeClass.FloatingPoint, 4),
                "int64" => (H5DataTypeClass.FixedPoint, 8),
                "bool" => (H5DataTypeClass.Enumerated, 1),
                _ => throw new AssertionException($"unexpected fixture dtype {dtype}"),
            }), $"{path}/{relative}");
            Assert.That(dataset.Space.Dimensions, Has.Length.EqualTo(rank), $"{path}/{relative}");
            if (dtype == "int64")
            {
                Assert.That(dataset.Type.FixedPoint.IsSigned, Is.True, $"{path}/{relative}");
            }
        }

        var n = (ulong)pattern.Seqlets.Count;
        var w = (ulong)pattern.Width;
        Assert.That(group.Dataset("sequence").Space.Dimensions, Is.EqualTo(new[] { w, 4UL }), path);
        Assert.That(group.Dataset("seqlets/start").Space.Dimensions, Is.EqualTo(new[] { n }), path);
        Assert.That(group.Dataset("seqlets/hypothetical_contribs").Space.Dimensions, Is.EqualTo(new[] { n, w, 4UL }), path);
        Assert.That(group.Dataset("seqlets/n_seqlets").Read<long[]>(), Is.EqualTo(new[] { (long)n }), path);
        var count = 1;
        for (var k = 0; k < pattern.Subpatterns.Count; k++)
        {
            count += CheckLayout(group.Group($"subpattern_{k}"), $"{path}/subpattern_{k}", pattern.Subpatterns[k], expected);
        }

        return count;
    }

    [Test]
    public void AResultWithoutPatternsReadsBackEmpty()
    {
        var data = new PlantedMotifs(n: 30);
        var found = new TfModisco(s_fast).Run(data.Contributions, data.Hypothetical, data.OneHot);
        var empty = found with { PositivePatterns = [], NegativePatterns = [] };
        using var folder = new ScratchFolder();
        var path = folder.PathOf("empty.h5");
        ModiscoHdf5.Write(path, empty, data.Contributions, data.Hypothetical, data.OneHot);
        var file = ModiscoHdf5.Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Patterns, Is.Empty);
            Assert.That(file.WindowSize, Is.EqualTo(100));
        }
    }

    [Test]
    public void WriteReplacesAnExistingFileAndRefusesArraysTheResultDoesNotFit()
    {
        var data = new PlantedMotifs(n: 30);
        var result = new TfModisco(s_fast).Run(data.Contributions, data.Hypothetical, data.OneHot);
        Assert.That(result.PositivePatterns, Is.Not.Empty);
        using var folder = new ScratchFolder();
        var path = folder.WriteText("modisco_results.h5", "old content");
        ModiscoHdf5.Write(path, result, data.Contributions, data.Hypothetical, data.OneHot);
        Assert.That(ModiscoHdf5.Read(path).PositivePatterns, Has.Count.EqualTo(result.PositivePatterns.Count));

        var shorter = new PlantedMotifs(n: 2);
        var before = File.ReadAllBytes(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => ModiscoHdf5.Write(path, result, shorter.Contributions, shorter.Hypothetical, shorter.OneHot), Throws.ArgumentException.With.Message.Contains("pos_patterns.pattern_0"));
            Assert.That(() => ModiscoHdf5.Write(path, result, data.Contributions, shorter.Hypothetical, data.OneHot), Throws.ArgumentException.With.Property("ParamName").EqualTo("hypothetical"));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "a refused write leaves the file as it was");
            Assert.That(Directory.GetFiles(folder.Root), Has.Length.EqualTo(1));
        }
    }

    [Test]
    public void ANonHdf5FileIsReportedWithItsPath()
    {
        using var folder = new ScratchFolder();
        var path = folder.WriteText("results.h5", "pattern_0\tnot hdf5\n");
        var error = Assert.Throws<ModiscoFileException>(() => ModiscoHdf5.Read(path))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.File, Is.EqualTo(path));
            Assert.That(error.Hdf5Path, Is.EqualTo("/"));
            Assert.That(error.Message, Does.StartWith(path + ": /: not a readable HDF5 file"));
            Assert.That(error, Is.InstanceOf<DataFormatException>());
            Assert.That(() => ModiscoHdf5.Read(folder.PathOf("missing.h5")), Throws.TypeOf<FileNotFoundException>());
        }
    }

    [Test]
    public void ATruncatedResultsFileIsReportedWithItsPath()
    {
        using var folder = new ScratchFolder();
        var bytes = File.ReadAllBytes(FixturePath(".h5"));
        var path = folder.PathOf("truncated.h5");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        var error = Assert.Throws<ModiscoFileException>(() => ModiscoHdf5.Read(path))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.File, Is.EqualTo(path));
            Assert.That(error.Message, Does.StartWith($"{path}: {error.Hdf5Path}: "));
            Assert.That(error.Hdf5Path, Does.StartWith("/"));
        }
    }

    [Test]
    public void AnHdf5FileWithoutPatternGroupsIsNotAResultsFile()
    {
        using var folder = new ScratchFolder();
        var path = folder.PathOf("other.h5");
        new H5File { ["layer_names"] = new[] { 1.0, 2.0 } }.Write(path);
        var error = Assert.Throws<ModiscoFileException>(() => ModiscoHdf5.Read(path))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.File, Is.EqualTo(path));
            Assert.That(error.Hdf5Path, Is.EqualTo("/"));
            Assert.That(error.Reason, Does.Contain("no 'pos_patterns' or 'neg_patterns' group"));
        }
    }

    private static readonly TestCaseData[] s_brokenFiles =
    [
        new TestCaseData("no-seqlets-group", "/pos_patterns/pattern_0/seqlets", "the group is missing").SetName("MissingSeqletsGroupIsNamed"),
        new TestCaseData("no-cwm", "/pos_patterns/pattern_0/contrib_scores", "the dataset is missing").SetName("MissingContributionMatrixIsNamed"),
        new TestCaseData("cwm-width", "/pos_patterns/pattern_0/contrib_scores", "has 4 positions but '/pos_patterns/pattern_0/sequence' has 5").SetName("MatrixWidthsThatDifferAreNamed"),
        new TestCaseData("not-w-by-4", "/pos_patterns/pattern_0/hypothetical_contribs", "expected a (W, 4) matrix").SetName("MatrixNotPositionMajorIsNamed"),
        new TestCaseData("start-length", "/pos_patterns/pattern_0/seqlets/start", "holds 3 value(s) but 'n_seqlets' is 2").SetName("SeqletArrayLengthIsNamed"),
        new TestCaseData("snippet-shape", "/pos_patterns/pattern_0/seqlets/contrib_scores", "snippets are 4 positions wide but seqlet 0 spans [1, 6)").SetName("SnippetWidthIsNamed"),
        new TestCaseData("snippet-count", "/pos_patterns/pattern_0/seqlets/hypothetical_contribs", "expected shape (2, W, 4) for 2 seqlet(s), got (3, 5, 4)").SetName("SnippetCountIsNamed"),
        new TestCaseData("no-end", "/pos_patterns/pattern_0/seqlets", "lacks 'end'").SetName("MissingCoordinateIsNamed"),
        new TestCaseData("subpattern-n", "/pos_patterns/pattern_0/subpattern_0/seqlets/n_seqlets", "the dataset is missing").SetName("BrokenSubpatternIsNamed"),
    ];

    [TestCaseSource(nameof(s_brokenFiles))]
    public void InconsistentFilesNameTheFileAndTheHdf5Path(string defect, string hdf5Path, string reason)
    {
        using var folder = new ScratchFolder();
        var path = folder.PathOf(defect + ".h5");
        BrokenFile(defect).Write(path);
        var error = Assert.Throws<ModiscoFileException>(() => ModiscoHdf5.Read(path))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.File, Is.EqualTo(path));
            Assert.That(error.Hdf5Path, Is.EqualTo(hdf5Path));
            Assert.That(error.Reason, Does.Contain(reason));
            Assert.That(error.Message, Does.StartWith($"{path}: {hdf5Path}: "));
        }
    }

    /// <summary>A one-pattern file in tfmodisco-lite's layout (two seqlets of width 5) with one defect.</summary>
    private static H5File BrokenFile(string defect)
    {
        static H5Group Pattern(string defect, bool sub)
        {
            var seqlets = new H5Group
            {
                ["n_seqlets"] = new long[] { 2 },
                ["example_idx"] = new long[] { 0, 1 },
                ["start"] = defect == "start-length" ? new long[] { 1, 2, 3 } : new long[] { 1, 2 },
                ["end"] = new long[] { 6, 7 },
                ["is_revcomp"] = new byte[] { 0, 1 },
                ["sequence"] = new float[2, 5, 4],
                ["contrib_scores"] = defect == "snippet-shape" ? new float[2, 4, 4] : new float[2, 5, 4],
                ["hypothetical_contribs"] = defect == "snippet-count" ? new float[3, 5, 4] : new float[2, 5, 4],
            };
            if (defect == "no-end")
            {
                seqlets.Remove("end");
            }

            if (sub && defect == "subpattern-n")
            {
                seqlets.Remove("n_seqlets");
            }

            var group = new H5Group
            {
                ["sequence"] = new double[5, 4],
                ["contrib_scores"] = defect == "cwm-width" ? new double[4, 4] : new double[5, 4],
                ["hypothetical_contribs"] = defect == "not-w-by-4" ? new double[4, 5] : new double[5, 4],
            };
            if (defect != "no-seqlets-group")
            {
                group["seqlets"] = seqlets;
            }

            if (defect == "no-cwm")
            {
                group.Remove("contrib_scores");
            }

            if (!sub && defect == "subpattern-n")
            {
                group["subpattern_0"] = Pattern(defect, sub: true);
            }

            return group;
        }

        var file = new H5File { ["pos_patterns"] = new H5Group { ["pattern_0"] = Pattern(defect, sub: false) } };
        file.Attributes["window_size"] = 20L;
        return file;
    }

    /// <summary>The planted-motif data with the second motif's examples negated, so both metaclusters get a pattern.</summary>
    private static PlantedMotifs PlantedWithNegatives()
    {
        var data = new PlantedMotifs();
        for (var i = 1; i < data.OneHot.GetLength(0); i += 2)
        {
            for (var b = 0; b < 4; b++)
            {
                for (var j = 0; j < data.OneHot.GetLength(2); j++)
                {
                    data.Contributions[i, b, j] = -data.Contributions[i, b, j];
                    data.Hypothetical[i, b, j] = -data.Hypothetical[i, b, j];
                }
            }
        }

        return data;
    }

    private static double[,] MeanOneHot(IReadOnlyList<Seqlet> seqlets, float[,,] oneHot)
    {
        var w = seqlets[0].Length;
        var mean = new double[4, w];
        foreach (var s in seqlets)
        {
            var m = OnStrand(oneHot, s);
            for (var b = 0; b < 4; b++)
            {
                for (var c = 0; c < w; c++)
                {
                    mean[b, c] += (double)m[b, c] / seqlets.Count;
                }
            }
        }

        return mean;
    }

    /// <summary>A seqlet's window of an (N, 4, L) array as read on its strand: reverse-complemented for the reverse strand.</summary>
    private static float[,] OnStrand(float[,,] array, Seqlet s)
    {
        var m = new float[4, s.Length];
        for (var c = 0; c < s.Length; c++)
        {
            for (var b = 0; b < 4; b++)
            {
                m[b, c] = s.Strand == Strand.Reverse ? array[s.Example, 3 - b, s.End - 1 - c] : array[s.Example, b, s.Start + c];
            }
        }

        return m;
    }

    private static float[,] Slice(float[,,] snippets, int i)
    {
        var m = new float[4, snippets.GetLength(2)];
        for (var b = 0; b < 4; b++)
        {
            for (var c = 0; c < snippets.GetLength(2); c++)
            {
                m[b, c] = snippets[i, b, c];
            }
        }

        return m;
    }

    /// <summary>A JSON (W, 4) array as a (4, W) matrix.</summary>
    private static double[,] AlphabetMajor(JsonElement rows)
    {
        var list = rows.EnumerateArray().ToList();
        var m = new double[4, list.Count];
        for (var c = 0; c < list.Count; c++)
        {
            var row = list[c].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.That(row, Has.Length.EqualTo(4));
            for (var b = 0; b < 4; b++)
            {
                m[b, c] = row[b];
            }
        }

        return m;
    }
}
