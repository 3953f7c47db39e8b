namespace Genomics.Models.Architectures.DeepChrome;

/// <summary>The result of <see cref="DeepChromeVisualizer.Visualize"/>: the idealised mark pattern of one class.</summary>
/// <param name="ClassIndex">The optimised class (0 "low", 1 "high").</param>
/// <param name="ClassName">The class name from the model's output specification.</param>
/// <param name="MarkNames">The mark names, one per row of <see cref="Map"/>.</param>
/// <param name="Map">
/// The pattern [marks, bins]: the optimised input clamped to [0, 1] and divided by its global maximum, so values lie in
/// [0, 1] with maximum 1 (all zeros when the optimisation drove every value to 0 or below).
/// </param>
/// <param name="Objective">The objective −log P(class | X) + λ‖X‖² evaluated at every step, before that step's update.</param>
public sealed record DeepChromeVisualization(int ClassIndex, string ClassName, IReadOnlyList<string> MarkNames, float[,] Map, IReadOnlyList<double> Objective);
