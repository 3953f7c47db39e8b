using Genomics.Interpret.Evaluation;
using Genomics.Models.Compute;

namespace Genomics.Interpret.Asmm;

/// <summary>Receives the outputs (T) of one evaluated perturbation and of the sample it was made in (empty unless asked for).</summary>
internal delegate void PerturbationOutputs(int item, ReadOnlySpan<float> outputs, ReadOnlySpan<float> referenceOutputs);

/// <summary>Progress of one stage across several jobs.</summary>
internal sealed class StageCounter(string name, long total, IProgress<OperationProgress>? progress)
{
    public long Completed { get; private set; }

    public void Add(int count)
    {
        Completed += count;
        progress?.Report(new OperationProgress(name, Completed, total));
    }
}

/// <summary>
/// Autonomy (A2): motif pattern <c>i</c> placed into the all-zero input (the only reference) at its start; the
/// all-zero input's outputs are r0.
/// </summary>
internal sealed class PlacementJob(int length, int[] starts, int[] owners, MotifCandidateSet candidates, PerturbationOutputs receive, StageCounter stage)
    : EditJob(1, length, starts.Length, referenceOutputs: true, "autonomy")
{
    public override void WriteReference(int reference, Span<float> input)
    {
    }

    public override int ReferenceOf(long edit) => 0;

    public override int StartOf(long edit) => starts[edit];

    public override int WidthOf(long edit) => candidates.Width(owners[edit]);

    public override void WriteWindow(long edit, Span<float> window) => candidates.Pattern(owners[edit]).CopyTo(window);

    public override void EditDone(long edit, ReadOnlySpan<float> outputs, ReadOnlySpan<float> referenceOutputs) => receive((int)edit, outputs, referenceOutputs);

    public override void BatchDone(bool references, int count)
    {
        if (!references)
        {
            stage.Add(count);
        }
    }
}

/// <summary>
/// Synergy (A3): occurrence <c>items[i]</c> erased (its columns zeroed, i.e. turned into N) from its background sample;
/// the samples are the references. Item numbers passed to the receiver are the occurrence numbers.
/// </summary>
internal sealed class ErasureJob(AsmmBackground background, int[] items, int[] samples, int[] starts, int[] widths, bool sampleOutputs, PerturbationOutputs receive, StageCounter stage, StageCounter? referenceStage)
    : EditJob(background.Count, background.TotalLength, items.Length, sampleOutputs, "synergy")
{
    public override void WriteReference(int reference, Span<float> input) => background.WriteOneHot(reference, input);

    public override int ReferenceOf(long edit) => samples[items[edit]];

    public override int StartOf(long edit) => starts[items[edit]];

    public override int WidthOf(long edit) => widths[items[edit]];

    public override void WriteWindow(long edit, Span<float> window)
    {
    }

    public override void EditDone(long edit, ReadOnlySpan<float> outputs, ReadOnlySpan<float> referenceOutputs) => receive(items[edit], outputs, referenceOutputs);

    public override void BatchDone(bool references, int count)
    {
        if (references)
        {
            referenceStage?.Add(count);
        }
        else
        {
            stage.Add(count);
        }
    }
}
