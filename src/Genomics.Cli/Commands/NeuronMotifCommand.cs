using System.CommandLine;
using System.Globalization;
using System.Text;
using Genomics.Interpret.Motifs;
using Genomics.Interpret.Neurons;
using Genomics.Models.Architectures.CnnGru;
using Genomics.Models.IO;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics neuronmotif</c>: activation-stratified sampling and layer-wise demixing of conv neurons into motif modes.</summary>
internal static class NeuronMotifCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var models = new ModelArgument("A checkpoint of a one-hot model with unpadded convolutions, or a CNN-GRU model.");
        var layer = new Option<string?>("--layer") { Description = "The convolution layer whose neurons are explained (default: the deepest one). 'genomics neuronmotif --list-layers' shows them." };
        var neurons = new Option<string?>("--neurons") { Description = "Comma-separated 0-based neuron indices (default: every neuron of the layer)." };
        var listLayers = new Option<bool>("--list-layers") { Description = "List the model's neuron layers (neurons, receptive field, stride) and stop." };
        var population = new Option<int>("--population") { Description = "Genetic-algorithm population per neuron (the published setting is 1,000).", DefaultValueFactory = _ => 1000 };
        var generations = new Option<int>("--max-generations") { Description = "Generations at most per neuron (the published setting is 350).", DefaultValueFactory = _ => 350 };
        var database = new Option<FileInfo?>("--db") { Description = "Motif database (MEME/JASPAR/Chen/consensus CSV) matched against the modes' segments with CombMotif's TOMTOM settings." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The neurons' motif modes as a MEME file.", Required = true };
        var matches = new Option<FileInfo?>("--matches") { Description = "Database matches (tab-separated) when --db is given." };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Write one HTML page per neuron (modes, segments, logos, database matches) and an index into this folder." };
        var command = new Command("neuronmotif", "Explain convolution neurons: sample sequences across each neuron's activation range, demix them into motif modes, match them to a database.")
        {
            layer, neurons, listLayers, population, generations, database, output, matches, report,
        };
        common.AddTo(command);
        models.AddTo(command);
        command.SetAction((result, ct) =>
        {
            OutputPaths.Check(
                [("--output", result.GetValue(output)), ("--matches", result.GetValue(matches))],
                [("--model", result.GetValue(models.Model)), ("--db", result.GetValue(database))],
                [("--report", result.GetValue(report))]);
            using var loggers = common.Loggers(result);
            var context = common.Context(result, loggers);
            return Task.FromResult(models.Run(result, net =>
            {
                var network = net is CnnGruModel gru ? NeuronNetwork.FromCnnGru(gru, context) : NeuronNetwork.FromModel(net, context);
                if (result.GetValue(listLayers))
                {
                    foreach (var l in network.Layers)
                    {
                        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{l.Name}\t{l.Channels} neurons\treceptive field {l.ReceptiveField}\tstride {l.Stride}"));
                    }

                    return ExitCodes.Success;
                }

                var layerName = result.GetValue(layer) ?? network.Layers[^1].Name;
                var chosen = ParseNeurons(result.GetValue(neurons));
                var sampling = new NeuronSamplingOptions { PopulationSize = result.GetValue(population), MaxGenerations = result.GetValue(generations), Seed = common.SeedValue(result) };
                var results = new NeuronDemixer(network, sampling: sampling).Run(layerName, chosen, console.Progress(), ct);
                var motifs = new List<Motif>();
                foreach (var neuron in results)
                {
                    for (var m = 0; m < neuron.Modes.Count; m++)
                    {
                        motifs.Add(neuron.Modes[m].ToMotif(string.Create(CultureInfo.InvariantCulture, $"{layerName}_neuron{neuron.Samples.Neuron}_mode{m}")));
                    }
                }

                var path = result.GetValue(output)!.FullName;
                MemeMotifFormat.Write(path, new MotifSet(motifs));
                console.Info(string.Create(CultureInfo.InvariantCulture, $"{motifs.Count} mode(s) of {results.Count} neuron(s) in {layerName} written to {path}"));
                var motifDatabase = result.GetValue(database) is { } db ? MotifFile.Read(db.FullName) : null;
                if (result.GetValue(report) is { } folder)
                {
                    var pages = NeuronReport.Write(folder.FullName, results, motifDatabase, progress: console.Progress(), cancellationToken: ct);
                    console.Info($"{pages.Count} page(s) written to {folder.FullName} (open index.html)");
                }

                if (motifDatabase is not null)
                {
                    var found = NeuronMotifMatching.Match(results, motifDatabase, progress: console.Progress(), cancellationToken: ct);
                    var text = new StringBuilder("neuron\tmode\tquery\ttarget\toffset\torientation\tp-value\tq-value\n");
                    foreach (var match in found)
                    {
                        var mm = match.Match;
                        text.Append(CultureInfo.InvariantCulture, $"{match.Task}\t{match.Mode}\t{match.Query.Id}\t{mm.TargetId}\t{mm.Offset}\t{mm.Orientation}\t{mm.PValue:G4}\t{mm.QValue:G4}\n");
                    }

                    if (result.GetValue(matches) is { } table)
                    {
                        AtomicFile.WriteAllText(table.FullName, text.ToString());
                    }
                    else
                    {
                        console.Out.Write(text.ToString());
                    }

                    console.Info($"{found.Count} database match(es)");
                }

                return ExitCodes.Success;
            }));
        });
        return command;
    }

    private static int[]? ParseNeurons(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : throw new CliArgumentException("--neurons", $"'{s}' is not a neuron index."))
            .ToArray();
    }
}
