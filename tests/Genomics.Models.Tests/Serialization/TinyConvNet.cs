using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Serialization;

/// <summary>
/// Conv1d -> BatchNorm1d -> ReLU -> (max-pool) -> Linear (-> Linear when <see cref="TinyConvNetOptions.ExtraLayer"/>),
/// a small module with parameters and BatchNorm buffers (float32 running stats, int64 batch counter).
/// </summary>
internal sealed class TinyConvNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv1d conv;
    private readonly BatchNorm1d norm;
    private readonly Linear head;
    private readonly Linear? extra;
    private readonly bool _pool;

    public TinyConvNet(TinyConvNetOptions options)
        : base(nameof(TinyConvNet))
    {
        conv = nn.Conv1d(options.Channels, options.Filters, options.KernelSize, padding: Padding.Same);
        norm = nn.BatchNorm1d(options.Filters);
        _pool = options.Pooling == TinyPooling.Max;
        var length = _pool ? options.Length / 2 : options.Length;
        head = nn.Linear(options.Filters * length, options.Head.Targets);
        extra = options.ExtraLayer ? nn.Linear(options.Head.Targets, options.Head.Targets) : null;
        RegisterComponents();
    }

    /// <summary>Builds the model with a fixed seed so tests control which initialisation they get.</summary>
    public static TinyConvNet Create(TinyConvNetOptions options, long seed)
    {
        torch.random.manual_seed(seed);
        return new TinyConvNet(options);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = nn.functional.relu(norm.call(conv.call(input)));
        if (_pool)
        {
            hidden = nn.functional.max_pool1d(hidden, 2);
        }
        var output = head.call(hidden.flatten(1));
        if (extra is not null)
        {
            output = extra.call(output);
        }
        return output.MoveToOuterDisposeScope();
    }
}
