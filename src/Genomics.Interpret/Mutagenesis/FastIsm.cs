using Genomics.Models.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Mutagenesis;

/// <summary>
/// Fast ISM (the idea of fastISM, Nair et al. 2022): per example, the reference activations of every trunk stage are
/// computed once and each batch of single-base substitutions is evaluated as local edits of width 1
/// (<see cref="LocalEditEvaluator"/>).
/// </summary>
internal static class FastIsm
{
    /// <summary>Fills <paramref name="store"/> (N, 4, L, T) and returns the reference outputs (N, T) on the CPU.</summary>
    public static Tensor Run(ISequenceModel model, IConvolutionalTrunk trunk, Tensor sequences, SubstitutionPlan plan, Tensor store, Device device, int batchSize, InSilicoMutagenesis.Reporter reporter, CancellationToken cancellationToken)
    {
        var evaluator = new LocalEditEvaluator(model, trunk, device);
        var n = (int)sequences.shape[0];
        var t = model.Output.Targets;
        var reference = torch.zeros(n, t);
        try
        {
            for (var e = 0; e < n; e++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var exampleScope = torch.NewDisposeScope();
                using var references = evaluator.Prepare(sequences.narrow(0, e, 1), check: true);
                var referenceOutput = references.Outputs.cpu();
                reference[e].copy_(referenceOutput[0]);

                var substitutions = plan.Of(e).ToList();
                var zeros = new long[Math.Min(batchSize, Math.Max(1, substitutions.Count))];
                for (var offset = 0; offset < substitutions.Count; offset += batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var batchScope = torch.NewDisposeScope();
                    var count = Math.Min(batchSize, substitutions.Count - offset);
                    var positions = new long[count];
                    var bases = new long[count];
                    for (var j = 0; j < count; j++)
                    {
                        (var p, var b) = substitutions[offset + j];
                        positions[j] = p;
                        bases[j] = b;
                    }

                    using var noGrad = torch.no_grad();
                    var windows = nn.functional.one_hot(torch.tensor(bases, device: device), 4).to_type(ScalarType.Float32).unsqueeze(2);
                    var outputs = evaluator.Evaluate(references, zeros.AsSpan(0, count).ToArray(), positions, windows).cpu();
                    var deltas = outputs - referenceOutput;
                    var exampleIndex = torch.full(count, e, ScalarType.Int64);
                    store.index_put_(deltas, TensorIndex.Tensor(exampleIndex), TensorIndex.Tensor(torch.tensor(bases)), TensorIndex.Tensor(torch.tensor(positions)));
                    reporter.Add(count);
                }
            }

            reporter.Finish();
            return reference;
        }
        catch
        {
            reference.Dispose();
            throw;
        }
    }
}
