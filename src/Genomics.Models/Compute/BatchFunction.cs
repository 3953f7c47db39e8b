using Genomics.Models.Abstractions;
using static TorchSharp.torch;

namespace Genomics.Models.Compute;

/// <summary>
/// A per-batch function of a model for <see cref="BatchedPredictor.MapMany(ISequenceModel, Tensor, BatchFunction, string, bool, IProgress{OperationProgress}?, CancellationToken)"/>.
/// </summary>
/// <param name="model">The model, in evaluation mode on the resolved device.</param>
/// <param name="batch">The batch (B, C, L), float32, on the model's device.</param>
/// <param name="slice">Where the batch lies in the whole input (its first example's index and B).</param>
/// <returns>One or more results, each with B rows along dimension 0, on any device; the same number of results for every
/// batch, each with the same trailing shape. Tensors created here are disposed with the batch.</returns>
public delegate Tensor[] BatchFunction(ISequenceModel model, Tensor batch, BatchSlice slice);

/// <summary>
/// A per-batch function of a paired model for <see cref="BatchedPredictor.MapMany(IPairedSequenceModel, Tensor, Tensor, PairedBatchFunction, string, bool, IProgress{OperationProgress}?, CancellationToken)"/>.
/// </summary>
/// <param name="model">The paired model, in evaluation mode on the resolved device.</param>
/// <param name="first">The batch of first inputs (B, C, L), float32, on the model's device.</param>
/// <param name="second">The batch of second inputs (B, C, L), float32, on the model's device; row i pairs with row i of
/// <paramref name="first"/>.</param>
/// <param name="slice">Where the batch lies in the whole input (its first pair's index and B).</param>
/// <returns>One or more results, each with B rows along dimension 0, as for <see cref="BatchFunction"/>.</returns>
public delegate Tensor[] PairedBatchFunction(IPairedSequenceModel model, Tensor first, Tensor second, BatchSlice slice);
