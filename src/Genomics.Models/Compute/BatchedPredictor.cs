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
}
