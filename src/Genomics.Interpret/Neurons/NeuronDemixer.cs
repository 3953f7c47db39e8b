using Genomics.Models.Compute;
using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Neurons;

/// <summary>
/// NeuronMotif's layer-wise demixing (wzthu/NeuronMotif): splits a neuron's samples into motif modes by recursive k-means on the feature maps
/// of the lower layers, from the layer just below the neuron down to the first (for first-layer neurons: the one-hot
/// windows themselves).
/// </summary>
/// <remarks>
/// Every open cluster is split by k-means (k = 4, k-means++ seeding, 10 restarts) on the flattened map (channels ×
/// positions) of the current level's layer evaluated on the cluster's windows; children with at most 80 windows (20 when
/// RF &lt; 7) are final, the others stay open; after the last level every open cluster is final. Final clusters with at
/// least 20 windows (5 when RF &lt; 7) become modes with their count matrix, maximum and mean activation and segments.
/// </remarks>
public sealed class NeuronDemixer
{
    private readonly NeuronNetwork _network;
    private readonly DemixingOptions _options;
    private readonly NeuronSampler _sampler;
    private readonly ILogger _logger;

    /// <summary>Creates a demixer.</summary>
    /// <param name="network">The neurons (the same network that produced the samples).</param>
    /// <param name="options">Demixing settings; CombMotif's defaults when null.</param>
    /// <param name="sampling">Sampling settings for <see cref="Run"/>, which samples before it demixes; CombMotif's defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid (<see cref="DemixingOptions.Validate"/>, <see cref="NeuronSamplingOptions.Validate"/>); the parameter name is the option's.</exception>
    public NeuronDemixer(NeuronNetwork network, DemixingOptions? options = null, NeuronSamplingOptions? sampling = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _options = (options ?? new DemixingOptions()).Validate();
        _sampler = new NeuronSampler(network, sampling);
        _logger = network.Context.LoggerFactory.CreateLogger<NeuronDemixer>();
    }

    /// <summary>Demixes one neuron's samples.</summary>
    /// <param name="samples">Samples from <see cref="NeuronSampler"/> for a layer of this network.</param>
    /// <param name="cancellationToken">Checked before every split.</param>
    /// <returns>The samples and their modes, by descending maximum activation.</returns>
    /// <exception cref="ArgumentException">The samples belong to a layer this network does not have.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public NeuronMotifResult Demix(NeuronSamples samples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var layer = _network.Layers.FirstOrDefault(l => l == samples.Layer)
            ?? throw new ArgumentException($"The samples are of layer {samples.Layer.Name}, which this network does not have.", nameof(samples));
        cancellationToken.ThrowIfCancellationRequested();
        var o = _options;
        var rf = layer.ReceptiveField;
        var small = rf < o.SmallReceptiveField;
        var finalSize = small ? o.SmallFinalSize : o.FinalSize;
        var minimum = small ? o.SmallMinimumSamples : o.MinimumSamples;
        var random = new Random(NeuronMath.DeriveSeed(unchecked((int)_network.Context.SeedFor(o.Seed, DemixingOptions.DefaultSeed)), layer.Depth, samples.Neuron));
        var levels = layer.Depth >= 2
            ? _network.Layers.Where(l => l.Depth < layer.Depth).OrderByDescending(l => l.Depth).Select(l => (NeuronLayer?)l).ToArray()
            : [null];

        var open = new List<(string Path, int[] Members)>();
        var final = new List<(string Path, int[] Members)>();
        var all = Enumerable.Range(0, samples.Sequences.Count).ToArray();
        if (all.Length > finalSize)
        {
            open.Add(("", all));
        }
        else
        {
            final.Add(("", all));
        }

        foreach (var level in levels)
        {
            var next = new List<(string, int[])>();
            foreach (var (path, members) in open)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (features, d) = Features(samples, members, level, rf, cancellationToken);
                var labels = KMeans.Cluster(features, members.Length, d, o.ClustersPerSplit, random, o.Restarts);
                for (var c = 0; c < o.ClustersPerSplit; c++)
                {
                    var child = members.Where((_, i) => labels[i] == c).ToArray();
                    if (child.Length == 0)
                    {
                        continue;
                    }

                    var childPath = path.Length == 0 ? c.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{path}.{c}";
                    (child.Length <= finalSize ? final : next).Add((childPath, child));
                }
            }

            open = next;
        }

        final.AddRange(open);
        var modes = final.Where(f => f.Members.Length >= minimum).Select(f =>
        {
            var counts = NeuronMath.Counts(samples.Sequences, f.Members, rf);
            var values = f.Members.Select(i => (double)samples.Activations[i]).ToArray();
            return new NeuronMotifMode(f.Path, counts, f.Members.Length, values.Max(), values.Average(), MotifSegmentation.Segment(counts));
        }).OrderByDescending(m => m.MaxActivation).ThenBy(m => m.Path, StringComparer.Ordinal).ToArray();
        NeuronLog.Demixed(_logger, layer.Name, samples.Neuron, samples.Sequences.Count, modes.Length);
        return new NeuronMotifResult(samples, modes);
    }

    /// <summary>Samples and demixes neurons of one layer.</summary>
    /// <param name="layer">The layer name.</param>
    /// <param name="neurons">Channel indices; null for every neuron.</param>
    /// <param name="progress">Receives sampling progress, then (stage "demixing", neurons done, neurons).</param>
    /// <param name="cancellationToken">Checked throughout.</param>
    /// <returns>One result per neuron, in the order given.</returns>
    /// <exception cref="ArgumentException">Unknown layer or invalid neuron indices.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public IReadOnlyList<NeuronMotifResult> Run(string layer, IReadOnlyList<int>? neurons = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var sampled = _sampler.Sample(layer, neurons, progress, cancellationToken);
        var results = new List<NeuronMotifResult>(sampled.Count);
        foreach (var s in sampled)
        {
            results.Add(Demix(s, cancellationToken));
            progress?.Report(new OperationProgress("demixing", results.Count, sampled.Count));
        }

        return results;
    }

    private (float[] Features, int Dimension) Features(NeuronSamples samples, int[] members, NeuronLayer? level, int rf, CancellationToken cancellationToken)
    {
        var windows = members.Select(i => samples.Sequences[i]).ToArray();
        using var oneHot = NeuronMath.OneHot(windows, rf);
        if (level is null)
        {
            using var asFloat = oneHot.to_type(TorchSharp.torch.ScalarType.Float32);
            return (asFloat.data<float>().ToArray(), 4 * rf);
        }

        using var map = _network.EvaluateMap(level.Name, oneHot, cancellationToken);
        return (map.data<float>().ToArray(), (int)(map.shape[1] * map.shape[2]));
    }
}
