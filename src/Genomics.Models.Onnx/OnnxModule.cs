using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using Microsoft.ML.OnnxRuntime;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Onnx;

/// <summary>
/// The parameterless TorchSharp module of an <see cref="OnnxSequenceModel"/>: its forward pass runs the ONNX Runtime
/// session on (N, C, L) float32 CPU batches, so hooks, evaluation mode and the engines' model-state scopes work; it
/// owns the session and refuses devices other than the CPU.
/// </summary>
internal sealed class OnnxModule : nn.Module<Tensor, Tensor>, IForwardOnlyModel
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int[] _outputTargets;
    private readonly int _targets;

    public OnnxModule(InferenceSession session, string filePath, OnnxInputLayout layout, string inputName, long? fixedBatch, string[] outputNames, int[] outputTargets, int targets)
        : base(nameof(OnnxModule))
    {
        _session = session;
        FilePath = filePath;
        Layout = layout;
        InputName = inputName;
        FixedBatch = fixedBatch;
        _inputNames = [inputName];
        _outputNames = outputNames;
        _outputTargets = outputTargets;
        _targets = targets;
        OutputRanks = outputNames.Select(n => session.OutputMetadata[n].Dimensions.Length).ToArray();
        ForwardOnlyDescription = $"an ONNX model ({Path.GetFileName(filePath)}) run by ONNX Runtime";
    }

    public string FilePath { get; }

    public OnnxInputLayout Layout { get; }

    public string InputName { get; }

    public long? FixedBatch { get; }

    public IReadOnlyList<string> OutputNames => _outputNames;

    public string ForwardOnlyDescription { get; }

    private int[] OutputRanks { get; }

    /// <summary>Runs the session on (N, C, L) float32 CPU inputs and returns (N, T).</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.device_type != DeviceType.CPU)
        {
            throw CpuOnly(input.device);
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = input.detach();
        if (Layout == OnnxInputLayout.ChannelsLast)
        {
            x = x.permute(0, 2, 1);
        }

        x = x.contiguous();
        var n = x.shape[0];
        Tensor result;
        if (n == 0)
        {
            result = torch.empty([0, _targets], ScalarType.Float32);
        }
        else if (FixedBatch is not long batch || batch == n)
        {
            result = Run(x);
        }
        else
        {
            var pieces = new List<Tensor>();
            for (long start = 0; start < n; start += batch)
            {
                var count = Math.Min(batch, n - start);
                var chunk = x.narrow(0, start, count);
                if (count < batch)
                {
                    chunk = torch.cat([chunk, torch.zeros([batch - count, x.shape[1], x.shape[2]], ScalarType.Float32)], 0);
                }

                var output = Run(chunk.contiguous());
                pieces.Add(count < batch ? output.narrow(0, 0, count) : output);
            }

            result = torch.cat(pieces, 0);
        }

        return result.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _session.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override nn.Module _to(Device device, ScalarType dtype, bool non_blocking)
    {
        if (device.type != DeviceType.CPU)
        {
            throw CpuOnly(device);
        }

        return _to(dtype, non_blocking);
    }

    protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
    {
        if (deviceType != DeviceType.CPU)
        {
            throw CpuOnly(new Device(deviceType, deviceIndex));
        }

        return this;
    }

    protected override nn.Module _to(ScalarType dtype, bool non_blocking)
    {
        if (dtype != ScalarType.Float32)
        {
            throw new NotSupportedException($"{ForwardOnlyDescription} computes in float32 only; it cannot be converted to {dtype}.");
        }

        return this;
    }

    private NotSupportedException CpuOnly(Device device) =>
        new($"{ForwardOnlyDescription} runs on the CPU only (ONNX Runtime's CPU execution provider), not on {device}. Run the engine with ComputeContext.Device = DevicePolicy.Cpu (the CLI's --device cpu).");

    /// <summary>Runs one session call; <paramref name="x"/> is contiguous float32 on the CPU, in the file's layout.</summary>
    private unsafe Tensor Run(Tensor x)
    {
        var n = x.shape[0];
        var outputs = new Tensor[_outputNames.Length];
        var values = new OrtValue[_outputNames.Length];
        try
        {
            using var input = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, x.shape, (IntPtr)TensorMemory.Floats(x), x.numel() * sizeof(float));
            for (var i = 0; i < outputs.Length; i++)
            {
                long[] shape = OutputRanks[i] == 1 ? [n] : [n, _outputTargets[i]];
                outputs[i] = torch.empty(shape, ScalarType.Float32);
                values[i] = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape, (IntPtr)TensorMemory.Floats(outputs[i]), outputs[i].numel() * sizeof(float));
            }

            using var runOptions = new RunOptions();
            _session.Run(runOptions, _inputNames, [input], _outputNames, values);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxModelException(FilePath, $"ONNX Runtime failed on a batch of shape [{string.Join(", ", x.shape)}] ({e.Message.Trim()}).", e);
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }

        var columns = outputs.Select(o => o.dim() == 1 ? o.unsqueeze(1) : o).ToArray();
        return columns.Length == 1 ? columns[0] : torch.cat(columns, 1);
    }
}
