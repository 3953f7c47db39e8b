using static TorchSharp.torch;

namespace Genomics.Models.Training;

/// <summary>
/// Changes the inputs of every training batch before the forward pass: batch-time data augmentation such as EvoAug
/// or PhyloAug (see <c>Genomics.Models.Augmentation</c>). Set it through <see cref="TrainerOptions.BatchTransform"/>.
/// </summary>
/// <remarks>
/// The <see cref="Trainer"/> calls <see cref="Transform"/> once per optimiser step with the batch's inputs on the CPU as
/// float32 (N, C, L), in training-set row order given by <see cref="BatchTransformContext.Rows"/>, and moves the result
/// to the training device. Targets are not transformed, so a transform must keep the N rows in order (row n of the
/// result is still the example whose target is row n). The length may change (EvoAug pads 600 to 620); the result is
/// checked against the model's input specification. Validation inputs are never transformed: give them the model's
/// length yourself (for EvoAug, with <c>RandomPadding.ApplyForEvaluation</c>).
/// </remarks>
public interface IBatchTransform
{
    /// <summary>Transforms one training batch.</summary>
    /// <param name="inputs">The batch, (N, C, L) float32 on the CPU. Must not be modified.</param>
    /// <param name="context">Epoch, step, rows and the batch's seed; draw all randomness from <see cref="BatchTransformContext.CreateRandom"/> so runs are reproducible.</param>
    /// <returns>A new tensor (N, C, L') float32 on the CPU; the caller owns it.</returns>
    Tensor Transform(Tensor inputs, BatchTransformContext context);
}
