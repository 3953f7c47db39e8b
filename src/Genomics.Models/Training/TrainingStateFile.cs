using System.Globalization;
using System.Text.Json;
using Genomics.Models.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Training;

/// <summary>
/// Reads and writes a trainer's resumable state: a checkpoint file (same container, written atomically) whose
/// tensors are the model's current state dict (<c>model/…</c>), the best epoch's weights (<c>best/…</c>), the
/// optimiser state (<c>optimizer</c>, TorchSharp's own serialisation as bytes) and libtorch's generator state
/// (<c>rng</c>), and whose metadata marks the content and holds the rest as JSON (see docs/decisions/checkpoint-format.md).
/// </summary>
internal static class TrainingStateFile
{
    /// <summary>Metadata key naming the content of a training-state file.</summary>
    public const string ContentKey = "content";

    /// <summary>The value of <see cref="ContentKey"/> in a training-state file.</summary>
    public const string ContentValue = "genomics.training-state";

    /// <summary>Metadata key of the JSON state (<see cref="TrainingStateRecord"/>).</summary>
    public const string StateKey = "trainingState";

    /// <summary>The state layout this library writes and reads.</summary>
    public const int StateVersion = 1;

    private const string ModelPrefix = "model/";
    private const string BestPrefix = "best/";
    private const string OptimizerKey = "optimizer";
    private const string RngKey = "rng";

    private static readonly JsonSerializerOptions s_json = new(CheckpointLayout.OptionsJson) { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes the state atomically (temporary file, flush, rename).</summary>
    public static void Write(string path, TrainingStateRecord record, nn.Module module, IReadOnlyDictionary<string, Tensor>? best, optim.Optimizer optimizer)
    {
        var optimizerBytes = SaveOptimizer(optimizer);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ContentKey] = ContentValue,
            [StateKey] = JsonSerializer.Serialize(record, s_json),
            ["epoch"] = record.EpochsDone.ToString(CultureInfo.InvariantCulture),
        };
        CheckpointWriter.Write(
            path,
            () =>
            {
                var tensors = module.state_dict().Select(e => new KeyValuePair<string, Tensor>(ModelPrefix + e.Key, e.Value)).ToList();
                if (best is not null)
                {
                    tensors.AddRange(best.Select(e => new KeyValuePair<string, Tensor>(BestPrefix + e.Key, e.Value)));
                }

                tensors.Add(new(OptimizerKey, torch.tensor(optimizerBytes)));
                tensors.Add(new(RngKey, torch.random.get_rng_state()));
                return tensors;
            },
            null,
            metadata);
    }

    /// <summary>Reads and verifies a training-state file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CheckpointCorruptException">The file is damaged, is not a training-state file, or has another state version.</exception>
    public static (CheckpointFile File, TrainingStateRecord Record) Read(string path)
    {
        var file = Checkpoint.Read(path);
        if (!file.Metadata.TryGetValue(ContentKey, out var content) || content != ContentValue || !file.Metadata.TryGetValue(StateKey, out var json))
        {
            throw new CheckpointCorruptException(file.FilePath, "it is a model checkpoint, not a training-state file (its metadata has no 'content: genomics.training-state')");
        }

        TrainingStateRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<TrainingStateRecord>(json, s_json);
        }
        catch (JsonException e)
        {
            throw new CheckpointCorruptException(file.FilePath, $"its training state is not valid: {e.Message}", e);
        }

        if (record is null || record.History is null || record.Run is null || record.Schedule is null)
        {
            throw new CheckpointCorruptException(file.FilePath, "its training state lacks the history, run settings or schedule state");
        }

        if (record.StateVersion != StateVersion)
        {
            throw new CheckpointCorruptException(file.FilePath, $"it holds training-state version {record.StateVersion}; this library reads version {StateVersion}");
        }

        if (record.EpochsDone != record.History.Count || record.Step < 0 || record.EpochsDone < 0)
        {
            throw new CheckpointCorruptException(file.FilePath, $"its training state records {record.EpochsDone} epochs but {record.History.Count} history entries");
        }

        return (file, record);
    }

    /// <summary>Copies the saved current weights into <paramref name="module"/>; every key, shape and dtype must match.</summary>
    /// <exception cref="CheckpointMismatchException">The module does not have the saved architecture.</exception>
    public static void LoadModel(CheckpointFile file, nn.Module module)
    {
        var saved = file.Tensors.Where(t => t.Key.StartsWith(ModelPrefix, StringComparison.Ordinal))
            .ToDictionary(t => t.Key[ModelPrefix.Length..], t => t, StringComparer.Ordinal);
        var targets = module.state_dict();
        var missing = targets.Keys.Where(k => !saved.ContainsKey(k)).ToList();
        var unexpected = saved.Keys.Where(k => !targets.ContainsKey(k)).ToList();
        var shapes = new List<CheckpointTensorMismatch>();
        var dtypes = new List<CheckpointTensorMismatch>();
        foreach (var (key, target) in targets)
        {
            if (saved.TryGetValue(key, out var info) && (!info.Shape.SequenceEqual(target.shape) || info.DType != target.dtype))
            {
                var mismatch = new CheckpointTensorMismatch(key, info.DType, info.Shape, target.dtype, target.shape);
                (info.Shape.SequenceEqual(target.shape) ? dtypes : shapes).Add(mismatch);
            }
        }

        if (missing.Count + unexpected.Count + shapes.Count + dtypes.Count > 0)
        {
            throw new CheckpointMismatchException(file.FilePath, module.GetType().Name, missing, unexpected, shapes, dtypes);
        }

        using var noGrad = torch.no_grad();
        foreach (var (key, target) in targets)
        {
            using var scope = torch.NewDisposeScope();
            target.copy_(file.ReadTensor(ModelPrefix + key));
        }
    }

    /// <summary>Reads the saved best-epoch weights (on the CPU, detached from any dispose scope), or null when none were saved.</summary>
    /// <exception cref="CheckpointCorruptException">The best weights do not cover the module's state dict.</exception>
    public static Dictionary<string, Tensor>? ReadBest(CheckpointFile file, nn.Module module, Device device)
    {
        if (!file.Tensors.Any(t => t.Key.StartsWith(BestPrefix, StringComparison.Ordinal)))
        {
            return null;
        }

        var best = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var key in module.state_dict().Keys)
        {
            if (!file.Tensors.Any(t => t.Key == BestPrefix + key))
            {
                foreach (var t in best.Values)
                {
                    t.Dispose();
                }

                throw new CheckpointCorruptException(file.FilePath, $"its best-epoch weights lack '{key}'");
            }

            using var cpu = file.ReadTensor(BestPrefix + key);
            best[key] = cpu.to(device).DetachFromDisposeScope();
        }

        return best;
    }

    /// <summary>Restores the optimiser's moments, step counts and options.</summary>
    /// <exception cref="CheckpointCorruptException">The saved optimiser state does not fit <paramref name="optimizer"/>.</exception>
    public static void LoadOptimizer(CheckpointFile file, optim.Optimizer optimizer)
    {
        byte[] bytes;
        using (var tensor = ReadRequired(file, OptimizerKey))
        {
            bytes = tensor.data<byte>().ToArray();
        }

        var helper = Helper(optimizer);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            helper.load_state_dict(reader);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or EndOfStreamException or IOException)
        {
            throw new CheckpointCorruptException(file.FilePath, $"its optimiser state does not fit a {optimizer.GetType().Name} over this model: {e.Message}", e);
        }
    }

    /// <summary>Sets libtorch's default generator to the saved state.</summary>
    public static void LoadRandomState(CheckpointFile file)
    {
        using var state = ReadRequired(file, RngKey);
        torch.random.set_rng_state(state);
    }

    private static Tensor ReadRequired(CheckpointFile file, string key)
    {
        if (!file.Tensors.Any(t => t.Key == key))
        {
            throw new CheckpointCorruptException(file.FilePath, $"its training state lacks the '{key}' tensor");
        }

        return file.ReadTensor(key);
    }

    private static byte[] SaveOptimizer(optim.Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            Helper(optimizer).save_state_dict(writer);
        }

        return stream.ToArray();
    }

    private static OptimizerHelper Helper(optim.Optimizer optimizer) =>
        optimizer as OptimizerHelper
        ?? throw new NotSupportedException($"The optimiser {optimizer.GetType().Name} cannot save its state; training state needs a managed TorchSharp optimiser (Adam, SGD, RMSprop).");
}

/// <summary>The JSON part of a training-state file.</summary>
internal sealed class TrainingStateRecord
{
    /// <summary>The state layout version (<see cref="TrainingStateFile.StateVersion"/>).</summary>
    public int StateVersion { get; set; } = TrainingStateFile.StateVersion;

    /// <summary>Completed epochs.</summary>
    public int EpochsDone { get; set; }

    /// <summary>Optimiser steps taken.</summary>
    public long Step { get; set; }

    /// <summary>The best epoch so far.</summary>
    public int BestEpoch { get; set; }

    /// <summary>The best monitored value so far, or null.</summary>
    public double? BestValue { get; set; }

    /// <summary>Whether early stopping ended the run.</summary>
    public bool StoppedEarly { get; set; }

    /// <summary>The learning-rate schedule's exported state.</summary>
    public double[]? Schedule { get; set; }

    /// <summary>One record per completed epoch.</summary>
    public List<EpochRecord>? History { get; set; }

    /// <summary>The settings a resumed run must share with the saved one.</summary>
    public TrainingRunSettings? Run { get; set; }
}

/// <summary>Settings that decide a run's trajectory; a resumed run must match them.</summary>
/// <param name="Model">The module's type name.</param>
/// <param name="Examples">Training examples.</param>
/// <param name="ValidationExamples">Validation examples (0 without validation).</param>
/// <param name="BatchSize">Examples per step.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Shuffle">Whether examples are reshuffled every epoch.</param>
/// <param name="Loss">The loss name.</param>
/// <param name="Optimizer">The optimiser kind.</param>
/// <param name="Monitor">The monitored metric.</param>
/// <param name="LearningRate">The optimiser's initial learning rate.</param>
/// <param name="BatchTransform">The batch transform's type name, or empty without one.</param>
internal sealed record TrainingRunSettings(string Model, long Examples, long ValidationExamples, int BatchSize, long Seed, bool Shuffle, string Loss, string Optimizer, string Monitor, double LearningRate, string BatchTransform)
{
    /// <summary>Lists the settings that differ, as "name: saved X, now Y".</summary>
    public IReadOnlyList<string> Differences(TrainingRunSettings now)
    {
        var list = new List<string>();
        void Check<T>(string name, T saved, T current)
        {
            if (!EqualityComparer<T>.Default.Equals(saved, current))
            {
                list.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: saved {saved}, now {current}"));
            }
        }

        Check(nameof(Model), Model, now.Model);
        Check("training examples", Examples, now.Examples);
        Check("validation examples", ValidationExamples, now.ValidationExamples);
        Check(nameof(BatchSize), BatchSize, now.BatchSize);
        Check(nameof(Seed), Seed, now.Seed);
        Check(nameof(Shuffle), Shuffle, now.Shuffle);
        Check(nameof(Loss), Loss, now.Loss);
        Check(nameof(Optimizer), Optimizer, now.Optimizer);
        Check(nameof(Monitor), Monitor, now.Monitor);
        Check(nameof(LearningRate), LearningRate, now.LearningRate);
        Check(nameof(BatchTransform), BatchTransform, now.BatchTransform);
        return list;
    }
}
