using System.Diagnostics;
using Genomics.Models.Abstractions;
using Genomics.Models.Diagnostics;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Compute;

/// <summary>
/// Runs a model, or any per-batch function of a model, over many inputs in batches: inputs stay on the CPU in a
/// compact dtype, each batch is moved and cast to float32 on the resolved device, evaluated inside its own dispose
/// scope, and the result is brought back to the CPU. Engines written on top of it contain no device code.
/// </summary>
/// <remarks>
/// <para>One private loop serves every member. <see cref="MapMany(ISequenceModel, Tensor, BatchFunction, string, bool, IProgress{OperationProgress}?, CancellationToken)"/>
/// is the general form: the per-batch function is told where its batch starts (<see cref="BatchSlice"/>), so per-example
/// data (targets, references) is read by index rather than counted across calls, and it may return several tensors, each
/// concatenated into its own result; the paired overload does the same for an <see cref="IPairedSequenceModel"/>.
/// <see cref="Map"/> (one result) and <see cref="Predict"/> (the model's outputs) are thin forms of it, and
/// <see cref="PredictBatches"/> yields the same loop's batches lazily.</para>
/// <para><b>Thread safety.</b> An instance holds no per-call state and may be used from several threads. Each call holds an
/// evaluation <see cref="ModelStateScope"/> on the model, so concurrent calls on one model share evaluation mode and
/// leave the model's mode and device as they found them; a call while the model trains throws
/// <see cref="ModelBusyException"/>.</para>
/// </remarks>
public sealed class BatchedPredictor
{
    private readonly ComputeContext _context;
    private readonly ILogger _logger;

    /// <summary>Creates a predictor for a compute context.</summary>
    /// <param name="context">Device, batch size and logging; <see cref="ComputeContext.Default"/> when null.</param>
    public BatchedPredictor(ComputeContext? context = null)
    {
        _context = context ?? ComputeContext.Default;
        _logger = _context.LoggerFactory.CreateLogger<BatchedPredictor>();
    }

    /// <summary>Predicts raw (pre-activation) outputs for every input.</summary>
    /// <param name="model">The model.</param>
    /// <param name="inputs">Inputs (N, C, L) on the CPU, any numeric dtype (e.g. uint8 one-hot); not modified.</param>
    /// <param name="progress">Receives (stage "predict", examples done, N) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>Outputs (N, T), float32, on the CPU. The caller owns the tensor.</returns>
    /// <exception cref="ArgumentException">The inputs do not match <see cref="ISequenceModel.Input"/>.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public Tensor Predict(ISequenceModel model, Tensor inputs, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Map(model, inputs, static (m, batch) => m.Evaluate(batch), "predict", requiresGrad: false, progress, cancellationToken);
    }

    /// <summary>Applies a per-batch function of the model to every input and concatenates the results along dimension 0.</summary>
    /// <param name="model">The model; put into evaluation mode on the resolved device for the call, then restored.</param>
    /// <param name="inputs">Inputs (N, C, L) on the CPU, any numeric dtype; not modified.</param>
    /// <param name="perBatch">Computes a result (B, ...) for a float32 batch (B, C, L) on the model's device.</param>
    /// <param name="stage">The stage name used in progress reports and logs.</param>
    /// <param name="requiresGrad">True to run with gradients enabled (attribution methods); false runs under no_grad.</param>
    /// <param name="progress">Receives (stage, examples done, N) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>The concatenated results (N, ...) on the CPU, detached. The caller owns the tensor.</returns>
    /// <remarks>A one-result form of <see cref="MapMany(ISequenceModel, Tensor, BatchFunction, string, bool, IProgress{OperationProgress}?, CancellationToken)"/>.</remarks>
    /// <exception cref="ArgumentException">The inputs do not match <see cref="ISequenceModel.Input"/>.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public Tensor Map(ISequenceModel model, Tensor inputs, Func<ISequenceModel, Tensor, Tensor> perBatch, string stage, bool requiresGrad, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(perBatch);
        using var results = MapMany(model, inputs, (m, batch, _) => [perBatch(m, batch)], stage, requiresGrad, progress, cancellationToken);
        return results.Take(0);
    }

    /// <summary>
    /// Applies a per-batch function of the model, told where each batch starts, to every input; the function may return
    /// several tensors, and each is concatenated along dimension 0 into its own result.
    /// </summary>
    /// <param name="model">The model; put into evaluation mode on the resolved device for the call, then restored.</param>
    /// <param name="inputs">Inputs (N, C, L) on the CPU, any numeric dtype; not modified.</param>
    /// <param name="perBatch">Computes one or more results (B, ...) for a float32 batch (B, C, L) on the model's device and
    /// the batch's <see cref="BatchSlice"/> (start index and B), so it can read per-example data such as targets or
    /// references of rows [start, start + B) without counting batches itself. Batches arrive in order.</param>
    /// <param name="stage">The stage name used in progress reports and logs.</param>
    /// <param name="requiresGrad">True to run with gradients enabled (attribution methods); false runs under no_grad.</param>
    /// <param name="progress">Receives (stage, examples done, N) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>Result i (N, ...) holds output i of every batch, in order, on the CPU, detached. The caller disposes the
    /// results, calling <see cref="BatchedResults.Take"/> for each tensor it keeps beyond them.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The stage is blank, or the inputs do not match <see cref="ISequenceModel.Input"/>.</exception>
    /// <exception cref="InvalidOperationException">The per-batch function returned no tensors, a null, a tensor without B
    /// rows, or a different number of tensors or trailing shape than for an earlier batch.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public BatchedResults MapMany(ISequenceModel model, Tensor inputs, BatchFunction perBatch, string stage, bool requiresGrad, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(perBatch);
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        model.Input.Validate(inputs, nameof(inputs));
        return Gather(model.Module, [inputs], (batches, slice) => perBatch(model, batches[0], slice), stage, requiresGrad, progress, cancellationToken);
    }

    /// <summary>
    /// Applies a per-batch function of a paired model to every pair of inputs, as
    /// <see cref="MapMany(ISequenceModel, Tensor, BatchFunction, string, bool, IProgress{OperationProgress}?, CancellationToken)"/>:
    /// rows [start, start + B) of both inputs form one batch.
    /// </summary>
    /// <param name="model">The paired model; put into evaluation mode on the resolved device for the call, then restored.</param>
    /// <param name="first">First inputs (N, C, L) on the CPU, any numeric dtype; not modified.</param>
    /// <param name="second">Second inputs (N, C, L′) on the CPU, the same N; not modified.</param>
    /// <param name="perBatch">Computes one or more results (B, ...) from the two float32 batches on the model's device and
    /// the batch's <see cref="BatchSlice"/>.</param>
    /// <param name="stage">The stage name used in progress reports and logs.</param>
    /// <param name="requiresGrad">True to run with gradients enabled; false runs under no_grad.</param>
    /// <param name="progress">Receives (stage, pairs done, N) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>Result i (N, ...) holds output i of every batch, in order, on the CPU, detached; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The stage is blank, an input does not match <see cref="IPairedSequenceModel.Input"/>,
    /// or the inputs hold different numbers of examples (named <paramref name="second"/>).</exception>
    /// <exception cref="InvalidOperationException">The per-batch function broke its contract (see <see cref="PairedBatchFunction"/>).</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public BatchedResults MapMany(IPairedSequenceModel model, Tensor first, Tensor second, PairedBatchFunction perBatch, string stage, bool requiresGrad, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(perBatch);
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        model.Input.Validate(first, nameof(first));
        model.Input.Validate(second, nameof(second));
        if (first.shape[0] != second.shape[0])
        {
            throw new ArgumentException($"Both inputs must hold the same number of examples; first has {first.shape[0]}, second has {second.shape[0]}.", nameof(second));
        }

        return Gather(model.Module, [first, second], (batches, slice) => perBatch(model, batches[0], batches[1], slice), stage, requiresGrad, progress, cancellationToken);
    }

    /// <summary>Lazily yields per-batch predictions, for jobs too large to hold at once.</summary>
    /// <param name="model">The model; put into evaluation mode on the resolved device while enumerating.</param>
    /// <param name="inputs">Inputs (N, C, L) on the CPU; not modified.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>One (start index, outputs (B, T) float32 on the CPU) pair per batch; the caller disposes each tensor.</returns>
    /// <exception cref="ArgumentException">The inputs do not match <see cref="ISequenceModel.Input"/>.</exception>
    public IEnumerable<(long Start, Tensor Outputs)> PredictBatches(ISequenceModel model, Tensor inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Input.Validate(inputs, nameof(inputs));
        return Lazy();

        IEnumerable<(long, Tensor)> Lazy()
        {
            var device = DeviceResolver.Resolve(_context);
            using var state = new ModelStateScope(model.Module, device);
            foreach (var (slice, outputs) in Batches(inputs.shape[0], _context.BatchSize, Slices([inputs]), (batches, _) => [model.Evaluate(batches[0])], "predict", false, device, null, cancellationToken))
            {
                yield return (slice.Start, outputs[0]);
            }
        }
    }

    /// <summary>
    /// Runs the batches inside an evaluation <see cref="ModelStateScope"/> and concatenates each output of the per-batch
    /// function along dimension 0.
    /// </summary>
    private BatchedResults Gather(nn.Module module, Tensor[] inputs, Func<Tensor[], BatchSlice, Tensor[]> perBatch, string stage, bool requiresGrad, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var device = DeviceResolver.Resolve(_context);
        var n = inputs[0].shape[0];
        var stopwatch = Stopwatch.StartNew();
        var deviceName = DeviceName(device);
        Log.BatchedStart(_logger, stage, n, _context.BatchSize, deviceName);
        var parts = new List<Tensor[]>();
        var results = new List<Tensor>();
        var done = false;
        try
        {
            using (new ModelStateScope(module, device))
            {
                foreach (var (_, outputs) in Batches(n, _context.BatchSize, Slices(inputs), perBatch, stage, requiresGrad, device, progress, cancellationToken))
                {
                    parts.Add(outputs);
                }
            }

            for (var i = 0; i < parts[0].Length; i++)
            {
                if (parts.Count == 1)
                {
                    results.Add(parts[0][i]);
                    continue;
                }

                var column = parts.Select(p => p[i]).ToList();
                var trailing = column[0].shape.Skip(1).ToArray();
                if (column.Any(t => !t.shape.Skip(1).SequenceEqual(trailing)))
                {
                    var shapes = string.Join("; ", column.Select(t => $"[{string.Join(", ", t.shape)}]").Distinct(StringComparer.Ordinal));
                    throw new InvalidOperationException($"The per-batch function returned output {i} with different trailing shapes in different batches ({shapes}); only dimension 0 may vary.");
                }

                results.Add(torch.cat(column, 0));
            }

            Log.BatchedEnd(_logger, stage, n, stopwatch.Elapsed.TotalSeconds);
            done = true;
            return new BatchedResults([.. results]);
        }
        finally
        {
            foreach (var t in parts.SelectMany(p => p))
            {
                if (!done || !results.Any(r => ReferenceEquals(r, t)))
                {
                    t.Dispose();
                }
            }

            if (!done)
            {
                foreach (var r in results)
                {
                    r.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// The one batching loop: for each batch of rows [start, start + B), checks cancellation, takes the batch's inputs
    /// from <paramref name="source"/> (slices of inputs held at once, or inputs a producer builds on demand), moves and
    /// casts them to float32 on the device, runs the per-batch function inside its own dispose scope with or
    /// without gradients, brings its outputs back to the CPU detached, then logs and reports progress. The caller holds
    /// the <see cref="ModelStateScope"/>.
    /// </summary>
    private IEnumerable<(BatchSlice Slice, Tensor[] Outputs)> Batches(long n, long batchSize, Func<BatchSlice, Tensor[]> source, Func<Tensor[], BatchSlice, Tensor[]> perBatch, string stage, bool requiresGrad, Device device, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        var width = -1;
        for (long start = 0; start < n; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = new BatchSlice(start, Math.Min(batchSize, n - start));
            Tensor[] results;
            using (var scope = torch.NewDisposeScope())
            {
                using var grad = requiresGrad ? torch.enable_grad() : torch.no_grad();
                var inputs = source(slice);
                var batches = new Tensor[inputs.Length];
                for (var i = 0; i < inputs.Length; i++)
                {
                    batches[i] = inputs[i].to(ScalarType.Float32, device);
                }

                var outputs = perBatch(batches, slice);
                width = CheckOutputs(outputs, slice.Count, width);
                results = new Tensor[outputs.Length];
                for (var i = 0; i < outputs.Length; i++)
                {
                    results[i] = outputs[i].detach().cpu();
                }

                foreach (var r in results)
                {
                    r.MoveToOuterDisposeScope();
                }
            }

            Log.BatchDone(_logger, stage, slice.End, n);
            progress?.Report(new OperationProgress(stage, slice.End, n));
            yield return (slice, results);
        }
    }

    /// <summary>The batch source for inputs held at once: rows [start, start + count) of every input.</summary>
    private static Func<BatchSlice, Tensor[]> Slices(Tensor[] inputs) =>
        slice => Array.ConvertAll(inputs, t => t.narrow(0, slice.Start, slice.Count));

    /// <summary>Checks one batch's outputs against the per-batch function's contract; returns the number of outputs.</summary>
    private static int CheckOutputs(Tensor[]? outputs, long count, int width)
    {
        if (outputs is null || outputs.Length == 0)
        {
            throw new InvalidOperationException("The per-batch function returned no tensors.");
        }

        if (width >= 0 && outputs.Length != width)
        {
            throw new InvalidOperationException($"The per-batch function returned {outputs.Length} tensors for this batch but {width} for the first.");
        }

        for (var i = 0; i < outputs.Length; i++)
        {
            var output = outputs[i] ?? throw new InvalidOperationException($"The per-batch function returned null as output {i}.");
            var rows = output.dim() == 0 ? 0 : output.shape[0];
            if (rows != count)
            {
                throw new InvalidOperationException(outputs.Length == 1
                    ? $"The per-batch function returned {rows} rows for a batch of {count}."
                    : $"The per-batch function returned {rows} rows in output {i} for a batch of {count}.");
            }
        }

        return outputs.Length;
    }

    /// <summary>
    /// The most sequence positions (rows × length) per model call on the CPU in
    /// <see cref="PredictGenerated"/>: the first layers' activations of a whole large batch run to hundreds of
    /// megabytes, and every normalisation, activation and pooling pass over them then misses the caches.
    /// </summary>
    public const long CpuPositionsPerCall = 32_768;

    /// <summary>
    /// Predicts inputs that are generated batch by batch instead of held at once (perturbations, substitutions): for
    /// each batch, <paramref name="produce"/> builds its inputs on demand from the batch's start and row count, the
    /// model runs on them, and <paramref name="consume"/> receives the outputs. Nothing proportional to
    /// <paramref name="count"/> is held. Batches hold <see cref="ComputeContext.BatchSize"/> rows, and on the CPU at
    /// most <see cref="CpuPositionsPerCall"/> sequence positions (e.g. 32 rows of 1 kb, at least one row); the last
    /// batch holds the rest.
    /// </summary>
    /// <param name="model">The model; put into evaluation mode on the resolved device for the call, then restored.</param>
    /// <param name="count">The number of inputs N (0 or more).</param>
    /// <param name="length">The input length L of every generated input (sets the rows per batch on the CPU).</param>
    /// <param name="produce">
    /// Given (start, rows), returns the inputs (rows, C, L) of that batch on the CPU, any numeric dtype. Called once
    /// per batch, in order, from the calling thread; every tensor created in it is disposed after the batch.
    /// </param>
    /// <param name="consume">
    /// Receives (start, outputs (rows, T) float32 on the CPU) once per batch, in order; the outputs, and every tensor
    /// created in it, are disposed after the call returns.
    /// </param>
    /// <param name="stage">The stage name used in progress reports and logs.</param>
    /// <param name="progress">Receives (stage, inputs done, N) once per batch; optional.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or <paramref name="length"/> is not positive.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="length"/> differs from the model's fixed input length, or a produced batch does not match
    /// <see cref="ISequenceModel.Input"/> (named <paramref name="produce"/>).
    /// </exception>
    /// <exception cref="InvalidOperationException">A produced batch has the wrong number of rows or length.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public void PredictGenerated(ISequenceModel model, long count, long length, Func<long, int, Tensor> produce, Action<long, Tensor> consume, string stage = "predict", IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(produce);
        ArgumentNullException.ThrowIfNull(consume);
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (model.Input.Length is int fixedLength && fixedLength != length)
        {
            throw new ArgumentException($"The model takes inputs of length {fixedLength}, not {length}.", nameof(length));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var device = DeviceResolver.Resolve(_context);
        var rows = RowsPerCall(_context.BatchSize, device, length);
        var stopwatch = Stopwatch.StartNew();
        var deviceName = DeviceName(device);
        Log.BatchedStart(_logger, stage, count, rows, deviceName);
        using (new ModelStateScope(model.Module, device))
        {
            foreach (var (slice, outputs) in Batches(count, rows, Produce, (batches, _) => [model.Evaluate(batches[0])], stage, requiresGrad: false, device, progress, cancellationToken))
            {
                using var output = outputs[0];
                using var scope = torch.NewDisposeScope();   // whatever the consumer makes from the outputs goes with them
                consume(slice.Start, output);
            }
        }

        Log.BatchedEnd(_logger, stage, count, stopwatch.Elapsed.TotalSeconds);

        Tensor[] Produce(BatchSlice slice)
        {
            var size = (int)slice.Count;
            var inputs = produce(slice.Start, size);
            if (inputs is null || inputs.dim() != 3 || inputs.shape[0] != size || inputs.shape[2] != length)
            {
                var shape = inputs is null ? "null" : $"[{string.Join(", ", inputs.shape)}]";
                throw new InvalidOperationException($"The producer returned {shape} for a batch of {size} inputs of length {length}.");
            }

            model.Input.Validate(inputs, nameof(produce));
            return [inputs];
        }
    }

    /// <summary>The rows per model call of <see cref="PredictGenerated"/> for inputs of <paramref name="length"/> on the resolved device.</summary>
    /// <param name="batchSize">The context's batch size.</param>
    /// <param name="device">The resolved device.</param>
    /// <param name="length">The input length L.</param>
    /// <returns>The batch size, capped on the CPU at <see cref="CpuPositionsPerCall"/> / L rows (at least one).</returns>
    internal static int RowsPerCall(int batchSize, Device device, long length) =>
        device.type == DeviceType.CPU ? CappedRows(batchSize, length) : batchSize;

    private static string DeviceName(Device device) => device.type == DeviceType.CPU ? "cpu" : $"cuda:{device.index}";

    private static int CappedRows(int batchSize, long length) => (int)Math.Clamp(CpuPositionsPerCall / Math.Max(1, length), 1, batchSize);
}
