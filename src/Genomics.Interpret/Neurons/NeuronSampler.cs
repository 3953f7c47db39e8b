using Genomics.Models.Compute;
using Microsoft.Extensions.Logging;

namespace Genomics.Interpret.Neurons;

/// <summary>
/// NeuronMotif's sampling (wzthu/NeuronMotif): per neuron, a gradient-guided genetic algorithm that collects unique
/// receptive-field windows across the neuron's whole activation range [0, max], stratified into activation bins.
/// </summary>
/// <remarks>
/// <para>
/// Per generation and neuron: the input gradient of the neuron turns into per-position base probabilities (entries ≤ 0
/// set to 1e-7, normalised); each individual mutates with probability R — with probability R/2 a guided mutation
/// (⌊0.2·RF⌋ positions drawn with replacement in proportion to the information 2 − H of those probabilities, each
/// redrawn from them), otherwise a random one (⌊0.2·RF⌋ distinct positions set to uniform bases). Fitness is
/// activation − min + 1e-7; the next population is the fittest 40 %, cyclic shifts of the fittest 20 % (direction ½/½,
/// distance K ≤ ⌈(RF−1)/2⌉ with P(K) ∝ Kmax + 1 − K) and 40 % one-point crossover children of parents drawn in
/// proportion to fitness; duplicates are replaced by random windows. R restarts at its upper bound (0.4, after
/// <see cref="NeuronSamplingOptions.Patience"/> generations 0.9) when the maximum rises by at least 0.01, and otherwise
/// decays geometrically towards 0.4. Every evaluated window with a non-negative value is collected into one of 20 bins
/// over [0, running max]; a full bin accepts at most 2·S/P random replacements per generation.
/// </para>
/// <para>
/// All neurons of a layer advance in lockstep: their populations form one batch for each model call (one pass with
/// gradients, one without, per generation), and their managed work runs in parallel, each with its own seeded
/// generator, so results do not depend on scheduling.
/// </para>
/// <para><b>Thread safety.</b> An instance may be called from several threads at once, on one model or on several: every network evaluation holds an evaluation <see cref="Genomics.Models.Compute.ModelStateScope"/> on the model, so concurrent calls share evaluation mode, give the same results as one after another, and leave the model's mode, device, parameters and buffers unchanged. A call while the same model trains (or training while a call runs) throws <see cref="Genomics.Models.Compute.ModelBusyException"/>. See <see cref="NeuronNetwork"/> for layers read through hooks.</para>
/// </remarks>
public sealed class NeuronSampler
{
    private readonly NeuronNetwork _network;
    private readonly NeuronSamplingOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a sampler.</summary>
    /// <param name="network">The neurons.</param>
    /// <param name="options">Settings; CombMotif's defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public NeuronSampler(NeuronNetwork network, NeuronSamplingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _options = (options ?? new NeuronSamplingOptions()).Validate();
        _logger = network.Context.LoggerFactory.CreateLogger<NeuronSampler>();
    }

    /// <summary>Samples neurons of one layer.</summary>
    /// <param name="layer">The layer name.</param>
    /// <param name="neurons">Channel indices; null for every neuron of the layer.</param>
    /// <param name="progress">Receives (stage "neuron-sampling", generation, generation limit) once per generation and (limit, limit) at the end.</param>
    /// <param name="cancellationToken">Checked every generation and before every batch.</param>
    /// <returns>One result per requested neuron, in the order given.</returns>
    /// <exception cref="ArgumentException">Unknown layer, a neuron index out of range or repeated, or a receptive field below 2.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public IReadOnlyList<NeuronSamples> Sample(string layer, IReadOnlyList<int>? neurons = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var info = _network.Layer(layer);
        var list = neurons?.ToArray() ?? Enumerable.Range(0, info.Channels).ToArray();
        if (list.Length == 0 || list.Any(n => n < 0 || n >= info.Channels) || list.Distinct().Count() != list.Length)
        {
            throw new ArgumentException($"Neurons must be distinct indices in [0, {info.Channels}) for layer {info.Name}.", nameof(neurons));
        }

        if (info.ReceptiveField < 2)
        {
            throw new ArgumentException($"Layer {info.Name} has a receptive field of {info.ReceptiveField}; sampling needs at least 2.", nameof(layer));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var o = _options;
        var rf = info.ReceptiveField;
        NeuronLog.SamplingStart(_logger, list.Length, info.Name, rf, o.PopulationSize);
        var seed = unchecked((int)_network.Context.SeedFor(o.Seed, NeuronSamplingOptions.DefaultSeed));
        var states = list.Select(n => new State(n, rf, o, new Random(NeuronMath.DeriveSeed(seed, info.Depth, n)))).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism ?? Environment.ProcessorCount, CancellationToken = cancellationToken };
        var generation = 0;
        while (generation < o.MaxGenerations && states.Any(s => s.Stop is null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            generation++;
            var active = states.Where(s => s.Stop is null).ToArray();
            NeuronLog.Generation(_logger, info.Name, generation, active.Length);

            // Pass 1: values and gradients of the current populations.
            var population = active.SelectMany(s => s.Population).ToList();
            var rows = active.SelectMany(s => Enumerable.Repeat(s.Neuron, s.Population.Count)).ToArray();
            float[] values, gradients;
            using (var windows = NeuronMath.OneHot(population, rf))
            {
                (values, gradients) = _network.EvaluateWithGradients(info.Name, windows, rows, cancellationToken);
            }

            var offsets = Offsets(active);
            Parallel.For(0, active.Length, parallel, k =>
            {
                var s = active[k];
                s.Collect(s.Population, values.AsSpan(offsets[k], s.Population.Count));
                s.Mutate(gradients.AsSpan(offsets[k] * 4 * rf, s.Population.Count * 4 * rf));
            });

            // Pass 2: values of the mutated populations.
            var mutated = active.SelectMany(s => s.Population).ToList();
            float[] mutatedValues;
            using (var windows = NeuronMath.OneHot(mutated, rf))
            using (var all = _network.EvaluateWindows(info.Name, windows, null, cancellationToken))
            {
                var flat = all.data<float>().ToArray();
                mutatedValues = new float[rows.Length];
                for (var i = 0; i < rows.Length; i++)
                {
                    mutatedValues[i] = flat[(i * info.Channels) + rows[i]];
                }
            }

            var g = generation;
            Parallel.For(0, active.Length, parallel, k =>
            {
                var s = active[k];
                var v = mutatedValues.AsSpan(offsets[k], s.Population.Count);
                s.Collect(s.Population, v);
                s.Advance(v, g);
            });
            progress?.Report(new OperationProgress("neuron-sampling", generation, o.MaxGenerations));
        }

        progress?.Report(new OperationProgress("neuron-sampling", o.MaxGenerations, o.MaxGenerations));
        return states.Select(s =>
        {
            var result = s.Result(info, generation);
            if (result.Sequences.Count == 0)
            {
                NeuronLog.DeadNeuron(_logger, info.Name, s.Neuron);
            }

            NeuronLog.NeuronSampled(_logger, info.Name, s.Neuron, result.Sequences.Count, result.MaxActivation, result.Generations, result.Stop);
            return result;
        }).ToArray();
    }

    private static int[] Offsets(State[] active)
    {
        var offsets = new int[active.Length];
        for (var k = 1; k < active.Length; k++)
        {
            offsets[k] = offsets[k - 1] + active[k - 1].Population.Count;
        }

        return offsets;
    }

    /// <summary>The search state of one neuron.</summary>
    private sealed class State
    {
        private readonly int _width;
        private readonly NeuronSamplingOptions _o;
        private readonly Random _random;
        private readonly int _capacity;
        private readonly int _replacementBudget;
        private readonly List<(string Key, byte[] Sequence, float Value)>[] _bins;
        private readonly HashSet<string> _collected = new(StringComparer.Ordinal);
        private readonly int[] _replacements;
        private double _rate;
        private double _best = double.NegativeInfinity;
        private double _runningMax;
        private int _stall;

        public State(int neuron, int width, NeuronSamplingOptions o, Random random)
        {
            Neuron = neuron;
            _width = width;
            _o = o;
            _random = random;
            _capacity = o.BinCapacity(width);
            _replacementBudget = Math.Max(1, (int)(2.0 * _capacity / o.Patience));
            _bins = Enumerable.Range(0, o.Bins).Select(_ => new List<(string, byte[], float)>()).ToArray();
            _replacements = new int[o.Bins];
            _rate = o.MinimumRate;
            Population = Enumerable.Range(0, o.PopulationSize).Select(_ => NeuronMath.RandomSequence(random, width)).ToList();
        }

        public int Neuron { get; }

        public List<byte[]> Population { get; private set; }

        public SamplingStop? Stop { get; private set; }

        public int Generations { get; private set; }

        public void Collect(List<byte[]> sequences, ReadOnlySpan<float> values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] > _runningMax)
                {
                    _runningMax = values[i];
                }
            }

            if (!(_runningMax > 0))
            {
                return;
            }

            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i];
                if (!(v >= 0) || !float.IsFinite(v))
                {
                    continue;
                }

                var key = NeuronMath.Key(sequences[i]);
                if (_collected.Contains(key))
                {
                    continue;
                }

                var bin = Math.Min((int)(v / _runningMax * _o.Bins), _o.Bins - 1);
                var stored = _bins[bin];
                if (stored.Count < _capacity)
                {
                    stored.Add((key, (byte[])sequences[i].Clone(), v));
                    _collected.Add(key);
                }
                else if (_replacements[bin] < _replacementBudget)
                {
                    var slot = _random.Next(stored.Count);
                    _collected.Remove(stored[slot].Key);
                    stored[slot] = (key, (byte[])sequences[i].Clone(), v);
                    _collected.Add(key);
                    _replacements[bin]++;
                }
            }
        }

        public void Mutate(ReadOnlySpan<float> gradients)
        {
            var w = _width;
            var count = Math.Max(1, (int)(_o.MutationFraction * w));
            var next = new List<byte[]>(Population.Count);
            var probabilities = new double[4 * w];
            var information = new double[w];
            for (var i = 0; i < Population.Count; i++)
            {
                var individual = (byte[])Population[i].Clone();
                var u = _random.NextDouble();
                if (u < _rate / 2)
                {
                    var g = gradients.Slice(i * 4 * w, 4 * w);
                    var totalInformation = 0.0;
                    for (var p = 0; p < w; p++)
                    {
                        var sum = 0.0;
                        for (var b = 0; b < 4; b++)
                        {
                            var v = g[(b * w) + p];
                            probabilities[(b * w) + p] = v > 0 ? v : 1e-7;
                            sum += probabilities[(b * w) + p];
                        }

                        var h = 0.0;
                        for (var b = 0; b < 4; b++)
                        {
                            var q = probabilities[(b * w) + p] / sum;
                            probabilities[(b * w) + p] = q;
                            h -= q * Math.Log2(Math.Max(q, 1e-7));
                        }

                        information[p] = Math.Max(2 - h, 0);
                        totalInformation += information[p];
                    }

                    for (var m = 0; m < count; m++)
                    {
                        var position = totalInformation > 0 ? Draw(information, totalInformation) : _random.Next(w);
                        var r = _random.NextDouble();
                        var chosen = 3;
                        for (var b = 0; b < 4; b++)
                        {
                            r -= probabilities[(b * w) + position];
                            if (r < 0)
                            {
                                chosen = b;
                                break;
                            }
                        }

                        individual[position] = (byte)chosen;
                    }
                }
                else if (u < _rate)
                {
                    foreach (var position in DistinctPositions(count))
                    {
                        individual[position] = (byte)_random.Next(4);
                    }
                }

                next.Add(individual);
            }

            Population = next;
        }

        public void Advance(ReadOnlySpan<float> values, int generation)
        {
            Generations = generation;
            var o = _o;
            var n = values.Length;
            var max = double.NegativeInfinity;
            var min = double.PositiveInfinity;
            for (var i = 0; i < n; i++)
            {
                max = Math.Max(max, values[i]);
                min = Math.Min(min, values[i]);
            }

            var upper = generation <= o.Patience ? o.EarlyMaximumRate : o.LateMaximumRate;
            if (max - _best >= o.ImprovementThreshold || double.IsNegativeInfinity(_best))
            {
                _best = Math.Max(_best, max);
                _rate = upper;
                _stall = 0;
            }
            else
            {
                _stall++;
                _rate = Math.Max(o.MinimumRate, _rate * Math.Pow(o.MinimumRate / upper, 1.0 / o.Patience));
            }

            Array.Clear(_replacements);
            if (_stall > o.Patience)
            {
                Stop = SamplingStop.Stalled;
                return;
            }

            if (_bins.All(b => b.Count >= _capacity))
            {
                Stop = SamplingStop.BinsFull;
                return;
            }

            if (generation >= o.MaxGenerations)
            {
                Stop = SamplingStop.GenerationLimit;
                return;
            }

            var fitness = new double[n];
            var order = new int[n];
            var total = 0.0;
            var copy = values.ToArray();
            for (var i = 0; i < n; i++)
            {
                fitness[i] = values[i] - min + 1e-7;
                total += fitness[i];
                order[i] = i;
            }

            Array.Sort(order, (a, b) => copy[b].CompareTo(copy[a]) is var c && c != 0 ? c : a.CompareTo(b));
            var size = o.PopulationSize;
            var elites = (int)Math.Round(o.EliteFraction * size);
            var shifted = (int)Math.Round(o.ShiftFraction * size);
            var children = size - elites - shifted;
            var next = new List<byte[]>(size);
            for (var i = 0; i < elites; i++)
            {
                next.Add(Population[order[i % n]]);
            }

            var kmax = (int)Math.Ceiling((_width - 1) / 2.0);
            var shiftWeights = Enumerable.Range(1, kmax).Select(k => (double)(kmax + 1 - k)).ToArray();
            var shiftTotal = shiftWeights.Sum();
            for (var i = 0; i < shifted; i++)
            {
                var parent = Population[order[i % n]];
                var k = Draw(shiftWeights, shiftTotal) + 1;
                var left = _random.NextDouble() < 0.5;
                var child = new byte[_width];
                for (var p = 0; p < _width; p++)
                {
                    child[p] = parent[left ? (p + k) % _width : (p - k + _width) % _width];
                }

                next.Add(child);
            }

            for (var i = 0; i < children; i++)
            {
                var a = Population[Draw(fitness, total)];
                var b = Population[Draw(fitness, total)];
                var cut = 1 + _random.Next(_width - 1);
                var child = new byte[_width];
                Array.Copy(a, child, cut);
                Array.Copy(b, cut, child, cut, _width - cut);
                next.Add(child);
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < next.Count; i++)
            {
                while (!seen.Add(NeuronMath.Key(next[i])))
                {
                    next[i] = NeuronMath.RandomSequence(_random, _width);
                }
            }

            Population = next;
        }

        public NeuronSamples Result(NeuronLayer layer, int generations)
        {
            var items = _bins.SelectMany(b => b).ToArray();
            return new NeuronSamples(layer, Neuron, items.Select(i => i.Sequence).ToArray(), items.Select(i => i.Value).ToArray(), Math.Max(_runningMax, 0), Generations == 0 ? generations : Generations, Stop ?? SamplingStop.GenerationLimit);
        }

        private int Draw(double[] weights, double total)
        {
            var r = _random.NextDouble() * total;
            for (var i = 0; i < weights.Length; i++)
            {
                r -= weights[i];
                if (r < 0)
                {
                    return i;
                }
            }

            return weights.Length - 1;
        }

        private IEnumerable<int> DistinctPositions(int count)
        {
            var positions = Enumerable.Range(0, _width).ToArray();
            for (var i = 0; i < Math.Min(count, _width); i++)
            {
                var j = i + _random.Next(_width - i);
                (positions[i], positions[j]) = (positions[j], positions[i]);
                yield return positions[i];
            }
        }
    }
}
