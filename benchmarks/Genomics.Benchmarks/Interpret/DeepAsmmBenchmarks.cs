using BenchmarkDotNet.Attributes;
using Genomics.Interpret.Asmm;
using Genomics.Interpret.Evaluation;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Compute;

namespace Genomics.Benchmarks.Interpret;

/// <summary>
/// DeepASMM at the size of the original's Basset demo: 1,497 × 600-bp backgrounds (the demo's own sequences when the
/// shared data folder is present, seeded random ones otherwise), k = 8, minimum count 10, the published Basset preset
/// (164 outputs, random weights — cost does not depend on them). Scoring all 29,484 candidates is hours of CPU time,
/// so the suite measures its parts: k-mer localisation of the whole set, reference predictions of 128 samples, and
/// the scores of <see cref="Motifs"/> candidates spread evenly over the candidate list, by the batched full forward
/// pass (<see cref="EvaluationAlgorithm.Full"/>) and by local edits (<see cref="EvaluationAlgorithm.LocalEdits"/>). The naive
/// full run is 1,497 / 128 × the reference benchmark + 29,484 / <see cref="Motifs"/> × the naive motif benchmark. The
/// fast path's cost is one forward pass per background sample for caching its activations (plus one per sample of
/// the first chunk for checking the trunk description) and a local edit per perturbation: the fast motif benchmark is
/// dominated by caching the samples its few candidates occur in (printed by the setup), so
/// <see cref="EditsFast"/> measures the per-edit cost on 8 cached samples with 1,024 occurrences. Smoke runs use a
/// tiny Basset and four samples.
/// </summary>
[MemoryDiagnoser]
public class DeepAsmmBenchmarks
{
    private AsmmBackground _background = null!;
    private AsmmBackground _references = null!;
    private MotifCandidateSet _subset = null!;
    private MotifCandidateSet _edits = null!;
    private BassetModel _model = null!;
    private KmerCandidateSource _source = null!;

    /// <summary>Candidates scored by <see cref="ScoreMotifsNaive"/> and <see cref="ScoreMotifsFast"/>.</summary>
    [Params(8)]
    public int Motifs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sequences = DemoSequences();
        if (BenchmarkScale.Smoke)
        {
            sequences = sequences.Take(4).ToList();
        }

        _background = AsmmBackground.FromSequences(sequences);
        _references = _background.Subset(Enumerable.Range(0, Math.Min(BenchmarkScale.Batch(128), _background.Count)).ToArray());
        _source = new KmerCandidateSource(8, BenchmarkScale.Smoke ? 1 : 10);
        var candidates = _source.Locate(_background);
        var motifs = Math.Min(BenchmarkScale.Batch(Motifs), candidates.Count);
        _subset = candidates.Select(Enumerable.Range(0, motifs).Select(i => (int)((long)i * candidates.Count / motifs)).ToArray());
        var touched = Enumerable.Range(0, _subset.Count).SelectMany(m => _subset.OccurrenceSamples(m).ToArray()).Distinct().Count();
        Console.WriteLine($"// DeepAsmmBenchmarks: {_subset.Count} candidates, {_subset.TotalOccurrences} occurrences in {touched} samples");

        // One 8-wide candidate with 128 occurrences in each of 8 samples (all start positions between them).
        var samples = Math.Min(8, _background.Count);
        var perSample = BenchmarkScale.Batch(128);
        var span = _background.TotalLength - 8 + 1;
        _edits = new MotifCandidateSet(
            ["probe"],
            [8],
            [_subset.Count > 0 ? _subset.Pattern(0).ToArray() : new float[32]],
            [0, samples * perSample],
            Enumerable.Range(0, samples * perSample).Select(i => i / perSample).ToArray(),
            Enumerable.Range(0, samples * perSample).Select(i => i % span).ToArray(),
            _background.TotalLength);
        var options = BenchmarkScale.Smoke
            ? BassetOptions.Published with { ConvFilters = [4, 4, 4], HiddenUnits = [8, 8], Targets = 3 }
            : BassetOptions.Published;
        using (new TorchSeedScope(1))
        {
            _model = new BassetModel(options);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    /// <summary>Locates every 8-mer occurring at least 10 times (29,484 in the demo) with all occurrences.</summary>
    /// <returns>The number of candidates.</returns>
    [Benchmark]
    public int LocateKmers() => _source.Locate(_background).Count;

    /// <summary>
    /// Predicts the synergy references (one forward pass per background sample, a fixed cost per run) of the first 128
    /// samples; the demo's 1,497 cost 1,497 / 128 times as much.
    /// </summary>
    /// <returns>The number of scored motifs (none).</returns>
    [Benchmark]
    public int PredictReferences() =>
        new DeepAsmm(DeepAsmmOptions.Default)
            .Run(_model, _references, _subset.Select([]), ComputeContext.Default with { BatchSize = 128 })
            .Motifs.Count;

    /// <summary>
    /// Autonomy and synergy perturbations of <see cref="Motifs"/> candidates through the whole model (no reference pass:
    /// the original's reference row; one locator slice per sample, so every reference is row 0 and the 8 sampled
    /// motifs' batch never runs short of the original's row x).
    /// </summary>
    /// <returns>The number of scored motifs.</returns>
    [Benchmark]
    public int ScoreMotifsNaive() =>
        new DeepAsmm(DeepAsmmOptions.Original with { Algorithm = EvaluationAlgorithm.Full, LocatorProcessors = _background.Count })
            .Run(_model, _background, _subset, ComputeContext.Default with { BatchSize = 128 })
            .Motifs.Count;

    /// <summary>
    /// The same perturbations as local edits (intended options: the references come from the cached activations),
    /// including caching the activations of every sample the candidates occur in.
    /// </summary>
    /// <returns>The number of scored motifs.</returns>
    [Benchmark]
    public int ScoreMotifsFast() =>
        new DeepAsmm(DeepAsmmOptions.Default with { Algorithm = EvaluationAlgorithm.LocalEdits })
            .Run(_model, _background, _subset, ComputeContext.Default with { BatchSize = 128 })
            .Motifs.Count;

    /// <summary>
    /// The fast path's per-edit cost: 1,024 synergy edits in 8 samples (cached once) and an autonomy edit per distinct
    /// position (593), intended options.
    /// </summary>
    /// <returns>The number of scored motifs (one).</returns>
    [Benchmark]
    public int EditsFast() =>
        new DeepAsmm(DeepAsmmOptions.Default with { Algorithm = EvaluationAlgorithm.LocalEdits })
            .Run(_model, _background, _edits, ComputeContext.Default with { BatchSize = 128 })
            .Motifs.Count;

    private static List<string> DemoSequences()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "..", "shared", "data", "deepasmm", "basset_8988T.csv");
            if (File.Exists(Path.Combine(folder.FullName, "Genomics.sln")) && File.Exists(path))
            {
                return AsmmTableReader.Read(path).Records.Select(r => r.Sequences[0]).ToList();
            }
        }

        var random = new Random(7);
        return Enumerable.Range(0, 1497).Select(_ => new string(Enumerable.Range(0, 600).Select(_ => "ACGT"[random.Next(4)]).ToArray())).ToList();
    }
}
