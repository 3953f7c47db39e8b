using Genomics.Models.Abstractions;
using Genomics.Models.Compute;
using static TorchSharp.torch;

namespace Genomics.Interpret.Evaluation;

/// <summary>
/// Evaluates a model on the edits of an <see cref="EditJob"/>: the one seam between running the whole model on every
/// edited input (<see cref="FullPassEditEvaluator"/>) and recomputing only what each edit reaches through the
/// model's convolutional trunk (<see cref="LocalEditEvaluator"/>). Engines written against it contain no device code.
/// </summary>
/// <remarks>
/// An instance holds an evaluation <see cref="ModelStateScope"/> on the model from construction to
/// <see cref="Dispose()"/>; create, use and dispose it on one flow of execution.
/// </remarks>
internal abstract class EditEvaluator : IDisposable
{
    private readonly ModelStateScope _state;

    /// <summary>Resolves the device and puts the model into evaluation mode on it until <see cref="Dispose()"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="context">Device, batch size and logging.</param>
    protected EditEvaluator(ISequenceModel model, ComputeContext context)
    {
        Model = model;
        Context = context;
        Device = DeviceResolver.Resolve(context);
        _state = new ModelStateScope(model.Module, Device);
    }

    /// <summary>The algorithm this evaluator runs (<see cref="EvaluationAlgorithm.Full"/> or <see cref="EvaluationAlgorithm.LocalEdits"/>).</summary>
    public abstract EvaluationAlgorithm Algorithm { get; }

    /// <summary>The model.</summary>
    public ISequenceModel Model { get; }

    /// <summary>The compute context.</summary>
    public ComputeContext Context { get; }

    /// <summary>The device the model runs on.</summary>
    public Device Device { get; }

    /// <summary>Creates the evaluator of a resolved algorithm.</summary>
    /// <param name="model">The model.</param>
    /// <param name="algorithm"><see cref="EvaluationAlgorithm.Full"/> or <see cref="EvaluationAlgorithm.LocalEdits"/> (see <see cref="EditEvaluation.Resolve"/>).</param>
    /// <param name="context">Device, batch size and logging.</param>
    /// <param name="activationCacheBytes">
    /// For local edits: the memory budget of cached reference activations (references are prepared in chunks that fit);
    /// <see cref="LocalEditEvaluator.OneReferencePerChunk"/> prepares one reference at a time.
    /// </param>
    /// <returns>The evaluator; the caller disposes it.</returns>
    public static EditEvaluator Create(ISequenceModel model, EvaluationAlgorithm algorithm, ComputeContext context, long activationCacheBytes) => algorithm switch
    {
        EvaluationAlgorithm.Full => new FullPassEditEvaluator(model, context),
        EvaluationAlgorithm.LocalEdits => new LocalEditEvaluator(model, (IConvolutionalTrunk)model, context, activationCacheBytes),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Resolve Auto before creating an evaluator."),
    };

    /// <summary>Evaluates every edit of a job (and, when asked, every reference).</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public abstract void Run(EditJob job, CancellationToken cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the model state scope (and, in derived classes, their own resources).</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _state.Dispose();
        }
    }

    /// <summary>Writes reference and window of an edit into a zeroed input buffer (4 · L floats).</summary>
    protected static void WriteEdited(EditJob job, long edit, Span<float> input)
    {
        job.WriteReference(job.ReferenceOf(edit), input);
        var start = job.StartOf(edit);
        var width = job.WidthOf(edit);
        var length = job.Length;
        Span<float> window = width <= 64 ? stackalloc float[4 * width] : new float[4 * width];
        window.Clear();
        job.WriteWindow(edit, window);
        for (var c = 0; c < 4; c++)
        {
            window.Slice(c * width, width).CopyTo(input.Slice((c * length) + start, width));
        }
    }
}
