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
/// <b>Thread safety.</b> An instance holds no per-call state and may be used from several threads. Each call holds an
/// evaluation <see cref="ModelStateScope"/> on the model, so concurrent calls on one model share evaluation mode and
/// leave the model's mode and device as they found them; a call while the model trains throws
/// <see cref="ModelBusyException"/>.
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
    /// <exception cref="ArgumentException">The inputs do not match <see cref="ISequenceModel.Input"/>.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public Tensor Map(ISequenceModel model, Tensor inputs, Func<ISequenceModel, Tensor, Tensor> perBatch, string stage, bool requiresGrad, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(perBatch);
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        model.Input.Validate(inputs, nameof(inputs));
        cancellationToken.ThrowIfCancellationRequested();

        var device = DeviceResolver.Resolve(_context);
        var n = inputs.shape[0];
        var stopwatch = Stopwatch.StartNew();
        var deviceName = device.type == DeviceType.CPU ? "cpu" : $"cuda:{device.index}";
        Log.BatchedStart(_logger, stage, n, _context.BatchSize, deviceName);
        var parts = new List<Tensor>();
        Tensor? result = null;
        try
        {
            using (new ModelStateScope(model.Module, device))
            {
                foreach (var part in Batches(model, inputs, perBatch, stage, requiresGrad, device, progress, cancellationToken))
                {
                    parts.Add(part);
                }
            }

            result = parts.Count == 1 ? parts[0] : torch.cat(parts, 0);
            Log.BatchedEnd(_logger, stage, n, stopwatch.Elapsed.TotalSeconds);
            return result;
        }
        finally
        {
            foreach (var p in parts)
            {
                if (!ReferenceEquals(p, result))
                {
                    p.Dispose();
                }
            }
        }
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
            long start = 0;
            foreach (var part in Batches(model, inputs, static (m, b) => m.Evaluate(b), "predict", false, device, null, cancellationToken))
            {
                var rows = part.shape[0];
                yield return (start, part);
                start += rows;
            }
        }
    }

    private IEnumerable<Tensor> Batches(ISequenceModel model, Tensor inputs, Func<ISequenceModel, Tensor, Tensor> perBatch, string stage, bool requiresGrad, Device device, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        var n = inputs.shape[0];
        long batchSize = _context.BatchSize;
        for (long start = 0; start < n; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, n - start);
            Tensor result;
            using (var scope = torch.NewDisposeScope())
            {
                using var grad = requiresGrad ? torch.enable_grad() : torch.no_grad();
                var batch = inputs.narrow(0, start, count).to(ScalarType.Float32, device);
                var output = perBatch(model, batch);
                if (output.shape[0] != count)
                {
                    throw new InvalidOperationException($"The per-batch function returned {output.shape[0]} rows for a batch of {count}.");
                }

                result = output.detach().cpu().MoveToOuterDisposeScope();
            }

            Log.BatchDone(_logger, stage, start + count, n);
            progress?.Report(new OperationProgress(stage, start + count, n));
            yield return result;
        }
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
    /// Receives (start, outputs (rows, T) float32 on the CPU) once per batch, in order; the outputs are disposed after
    /// the call returns.
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
        var rows = RowsPerCall(_context, device, length);
        var stopwatch = Stopwatch.StartNew();
        var deviceName = device.type == DeviceType.CPU ? "cpu" : $"cuda:{device.index}";
        Log.BatchedStart(_logger, stage, count, rows, deviceName);
        using (new ModelStateScope(model.Module, device))
        {
            for (long start = 0; start < count; start += rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var size = (int)Math.Min(rows, count - start);
                using (var scope = torch.NewDisposeScope())
                {
                    var inputs = produce(start, size);
                    if (inputs is null || inputs.dim() != 3 || inputs.shape[0] != size || inputs.shape[2] != length)
                    {
                        var shape = inputs is null ? "null" : $"[{string.Join(", ", inputs.shape)}]";
                        throw new InvalidOperationException($"The producer returned {shape} for a batch of {size} inputs of length {length}.");
                    }

                    model.Input.Validate(inputs, nameof(produce));
                    var outputs = Step(model, inputs, static (m, b) => m.Evaluate(b), requiresGrad: false, device);
                    consume(start, outputs);
                }

                Log.BatchDone(_logger, stage, start + size, count);
                progress?.Report(new OperationProgress(stage, start + size, count));
            }
        }

        Log.BatchedEnd(_logger, stage, count, stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>The rows per model call of <see cref="PredictGenerated"/> for inputs of <paramref name="length"/> on a context's device.</summary>
    /// <param name="context">The context (device policy and batch size).</param>
    /// <param name="length">The input length L.</param>
    /// <returns>The batch size, capped on the CPU at <see cref="CpuPositionsPerCall"/> / L rows (at least one).</returns>
    internal static int RowsPerCall(ComputeContext context, long length) =>
        context.Device.Kind == DevicePolicyKind.Cpu || (context.Device.Kind == DevicePolicyKind.Auto && !torch.cuda.is_available())
            ? CappedRows(context.BatchSize, length)
            : context.BatchSize;

    private static int RowsPerCall(ComputeContext context, Device device, long length) =>
        device.type == DeviceType.CPU ? CappedRows(context.BatchSize, length) : context.BatchSize;

    private static int CappedRows(int batchSize, long length) => (int)Math.Clamp(CpuPositionsPerCall / Math.Max(1, length), 1, batchSize);

    /// <summary>
    /// Evaluates one generated batch (on the CPU, any dtype) on the device inside its own dispose scope and returns the
    /// detached result on the CPU: the per-batch step of the Map loop, for inputs that are not slices of one tensor.
    /// </summary>
    private static Tensor Step(ISequenceModel model, Tensor inputs, Func<ISequenceModel, Tensor, Tensor> perBatch, bool requiresGrad, Device device)
    {
        var count = inputs.shape[0];
        using var scope = torch.NewDisposeScope();
        using var grad = requiresGrad ? torch.enable_grad() : torch.no_grad();
        var batch = inputs.to(ScalarType.Float32, device);
        var output = perBatch(model, batch);
        if (output.shape[0] != count)
        {
            throw new InvalidOperationException($"The per-batch function returned {output.shape[0]} rows for a batch of {count}.");
        }

        return output.detach().cpu().MoveToOuterDisposeScope();
    }
}
