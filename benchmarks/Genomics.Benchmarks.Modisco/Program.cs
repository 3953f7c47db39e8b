using System.Diagnostics;
using System.Globalization;
using Genomics.Interpret.Modisco;
using Genomics.Interpret.Motifs;
using Genomics.TestKit;

namespace Genomics.Benchmarks.Modisco;

/// <summary>
/// <c>Genomics.Benchmarks.Modisco [--examples N] [--length L] [--sites S] [--seed K] [--leiden-runs R] [--meme FILE]</c>:
/// plants JASPAR CTCF (MA0139.1), GATA1 (MA0035.4) and FOS::JUN (MA0099.3) sites into random sequences
/// (<see cref="PlantedMotifMaps"/>), runs TF-MoDISco with default options (except the Leiden runs when given) and prints
/// the seqlets called, the seqlets in final patterns, each pattern's best TOMTOM match in the whole database with its
/// q-value, the sub-pattern counts, the per-stage diagnostic and the wall time. Defaults: 2,000 × 400 nt, 2,005 sites.
/// </summary>
internal static class Program
{
    private static readonly string[] s_planted = ["MA0139.1", "MA0035.4", "MA0099.3"];

    private static int Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        int Int(string key, int fallback) => options.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var meme = options.GetValueOrDefault("meme") ?? Path.Combine(FindData(), "parallel_tomtom", "JASPAR2022_CORE_vertebrates_non-redundant_v2.meme");
        var database = MemeMotifFormat.Read(meme);
        var planted = s_planted.Select(id => database.Find(id) ?? throw new InvalidOperationException($"{id} is not in {meme}.")).ToList();
        int examples = Int("examples", 2000), length = Int("length", 400), sites = Int("sites", 2005);
        var maps = new PlantedMotifMaps([.. planted.Select(m => m.Probabilities.ToArray())], examples, length, sites, seed: Int("seed", 7));
        var modiscoOptions = options.ContainsKey("leiden-runs") ? new ModiscoOptions { LeidenRuns = Int("leiden-runs", 50) } : new ModiscoOptions();
        Console.WriteLine($"planted: {examples} × {length} nt, {maps.Sites.Count} sites ({string.Join(", ", planted.Select((m, i) => $"{m.DisplayName} {maps.Sites.Count(s => s.Motif == i)}"))})");

        var clock = Stopwatch.StartNew();
        var result = new TfModisco(modiscoOptions).Run(maps.Contributions, maps.Hypothetical, maps.OneHot);
        var seconds = clock.Elapsed.TotalSeconds;
        var called = result.SeqletCall.Seqlets.Count;
        var inPatterns = result.Patterns.Sum(p => p.Seqlets.Count);
        var onSites = result.SeqletCall.Seqlets.Count(s => maps.Sites.Any(site => site.Example == s.Example && site.Start < s.End && site.Start + maps.Motifs[site.Motif].GetLength(1) > s.Start));
        Console.WriteLine($"seqlets called: {called} ({onSites} overlap a planted site)");
        Console.WriteLine($"seqlets in final patterns: {inPatterns} ({100.0 * inPatterns / Math.Max(1, called):F1} %)");
        Console.WriteLine($"diagnostic: {result.Diagnostic}");
        var matches = ModiscoReport.Match(result, database);
        Console.WriteLine("| pattern | seqlets | consensus | sub-patterns (sizes) | best TOMTOM match | q-value | planted? |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var m in matches)
        {
            var best = m.Matches.OrderBy(x => x.QValue).ThenBy(x => x.PValue).FirstOrDefault();
            var subs = m.Pattern.Subpatterns.Count == 0 ? "0" : $"{m.Pattern.Subpatterns.Count} ({string.Join(", ", m.Pattern.Subpatterns.Select(s => s.Seqlets.Count))})";
            Console.WriteLine(best is null
                ? $"| {m.Pattern.Name} | {m.Pattern.Seqlets.Count} | {m.Pattern.Probabilities.Consensus()} | {subs} | none | – | no |"
                : string.Create(CultureInfo.InvariantCulture, $"| {m.Pattern.Name} | {m.Pattern.Seqlets.Count} | {m.Pattern.Probabilities.Consensus()} | {subs} | {best.TargetId} {best.TargetName} | {best.QValue:G3} | {(s_planted.Contains(best.TargetId) ? "yes" : "no")} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall time: {seconds:F1} s"));
        return 0;
    }

    private static string FindData()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Genomics.sln")))
            {
                return Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "data"));
            }
        }

        throw new DirectoryNotFoundException("No Genomics.sln above the program; pass --meme FILE.");
    }
}
