using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Interpret.Neurons;

/// <summary>Stride-1 scans of whole sequences: every receptive-field window's neuron values.</summary>
internal static class NeuronScan
{
    /// <summary>
    /// Neuron values for every stride-1 window: (N, F, L − RF + 1) as a flat array, computed from the layer's map on the
    /// sequences shifted by 0 … stride − 1 positions.
    /// </summary>
    public static float[] AllWindows(NeuronNetwork network, NeuronLayer layer, Tensor sequences, CancellationToken cancellationToken)
    {
        var n = (int)sequences.shape[0];
        var length = (int)sequences.shape[2];
        var windows = length - layer.ReceptiveField + 1;
        var f = layer.Channels;
        var result = new float[n * f * windows];
        for (var shift = 0; shift < Math.Min(layer.Stride, windows); shift++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var shifted = sequences.narrow(2, shift, length - shift);
            using var map = network.EvaluateMap(layer.Name, shifted, cancellationToken);
            var positions = (int)map.shape[2];
            var values = map.data<float>().ToArray();
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < f; c++)
                {
                    for (var j = 0; j < positions; j++)
                    {
                        var start = shift + (j * layer.Stride);
                        result[(((i * f) + c) * windows) + start] = values[(((i * f) + c) * positions) + j];
                    }
                }
            }
        }

        return result;
    }
}
