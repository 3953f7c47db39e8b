using System.Globalization;

namespace Genomics.Models.Compute;

/// <summary>
/// One shard of a job split into <see cref="Count"/> parts: records are grouped in blocks of <see cref="BlockSize"/>
/// consecutive records, and block b belongs to shard b mod <see cref="Count"/>. A record's shard depends only on its
/// index, never on timing, so every shard of a job can run anywhere, in any order, and be merged back in record order.
/// </summary>
/// <param name="Index">This shard, 0-based, below <paramref name="Count"/>.</param>
/// <param name="Count">The number of shards, at least 1.</param>
/// <param name="BlockSize">Consecutive records per block, at least 1. Default 1,000.</param>
public sealed record ShardSpec(int Index, int Count, int BlockSize = ShardSpec.DefaultBlockSize)
{
    /// <summary>The default <see cref="BlockSize"/>.</summary>
    public const int DefaultBlockSize = 1000;

    /// <summary>The whole job as one shard.</summary>
    public static ShardSpec Whole { get; } = new(0, 1);

    /// <summary>Whether this is the whole job (one shard).</summary>
    public bool IsWhole => Count == 1;

    /// <summary>Checks the fields.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public ShardSpec Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Count, 1, nameof(Count));
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSize, 1, nameof(BlockSize));
        if (Index < 0 || Index >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(Index), Index, $"The shard index must lie in [0, {Count}).");
        }

        return this;
    }

    /// <summary>Whether the record at <paramref name="recordIndex"/> (0-based) belongs to this shard.</summary>
    /// <param name="recordIndex">The record's index in its input.</param>
    /// <returns>True when (index / block size) mod count equals <see cref="Index"/>.</returns>
    public bool Owns(long recordIndex) => Count == 1 || (recordIndex / BlockSize) % Count == Index;

    /// <summary>The shard that owns block <paramref name="block"/>.</summary>
    /// <param name="block">A block index.</param>
    /// <returns>Its shard index.</returns>
    public int ShardOfBlock(long block) => (int)(block % Count);

    /// <summary>Parses <c>i/n</c> (0-based i), e.g. <c>2/8</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="blockSize">The block size.</param>
    /// <returns>The shard.</returns>
    /// <exception cref="FormatException">The text is not <c>i/n</c> with 0 ≤ i &lt; n.</exception>
    public static ShardSpec Parse(string text, int blockSize = DefaultBlockSize)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1 || index >= count)
        {
            throw new FormatException($"'{text}' is not a shard of the form i/n with 0 ≤ i < n (e.g. 0/4).");
        }

        return new ShardSpec(index, count, blockSize).Validate();
    }

    /// <summary>
    /// The shard a cluster scheduler assigned: SLURM job arrays (<c>SLURM_ARRAY_TASK_ID</c> − <c>SLURM_ARRAY_TASK_MIN</c>
    /// of <c>SLURM_ARRAY_TASK_COUNT</c>), or a Kubernetes Indexed Job (<c>JOB_COMPLETION_INDEX</c>, with the count in
    /// <c>GENOMICS_SHARD_COUNT</c>, since Kubernetes does not pass the completions to the pod).
    /// </summary>
    /// <param name="environment">Reads a variable (e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <param name="blockSize">The block size.</param>
    /// <returns>The shard, or null when neither scheduler's variables are set.</returns>
    /// <exception cref="FormatException">A variable is set but malformed or out of range (named in the message).</exception>
    public static ShardSpec? FromEnvironment(Func<string, string?> environment, int blockSize = DefaultBlockSize)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("SLURM_ARRAY_TASK_ID") is { } id)
        {
            var task = Number(environment, "SLURM_ARRAY_TASK_ID", id);
            var min = environment("SLURM_ARRAY_TASK_MIN") is { } m ? Number(environment, "SLURM_ARRAY_TASK_MIN", m) : 0;
            var count = environment("SLURM_ARRAY_TASK_COUNT") is { } c ? Number(environment, "SLURM_ARRAY_TASK_COUNT", c)
                : throw new FormatException("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not.");
            return Checked(task - min, count, blockSize, "SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN");
        }

        if (environment("JOB_COMPLETION_INDEX") is { } completion)
        {
            var index = Number(environment, "JOB_COMPLETION_INDEX", completion);
            var count = environment("GENOMICS_SHARD_COUNT") is { } c ? Number(environment, "GENOMICS_SHARD_COUNT", c)
                : throw new FormatException("JOB_COMPLETION_INDEX is set but GENOMICS_SHARD_COUNT (the Indexed Job's completions) is not.");
            return Checked(index, count, blockSize, "JOB_COMPLETION_INDEX");
        }

        return null;
    }

    /// <summary>The file name of this shard's output beside <paramref name="path"/>: <c>name.shard-i-of-n.ext</c>
    /// (the extension kept, a compressed one such as .tsv.gz or .csv.gz as one).</summary>
    /// <param name="path">The merged output's path.</param>
    /// <returns>The shard's path.</returns>
    public string PathFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        if (extension.Equals(".gz", StringComparison.OrdinalIgnoreCase))
        {
            extension = Path.GetExtension(path[..^extension.Length]) + extension;
        }

        var stem = path[..^extension.Length];
        return string.Create(CultureInfo.InvariantCulture, $"{stem}.shard-{Index}-of-{Count}{extension}");
    }

    /// <summary>
    /// Cuts indexed items (in index order) into chunks of at most <paramref name="chunkSize"/> that never span a block
    /// of <paramref name="blockSize"/> consecutive indices: every block is chunked on its own, from its first item.
    /// Work computed chunk by chunk this way puts every item in the same chunk, at the same row, in a single run and in
    /// any shard of the same block size, so results that depend on a batch's composition agree bit for bit.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items, enumerated lazily, once.</param>
    /// <param name="index">An item's index in the whole input.</param>
    /// <param name="chunkSize">Most items per chunk, at least 1.</param>
    /// <param name="blockSize">Indices per block, at least 1.</param>
    /// <returns>The chunks, lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or <paramref name="index"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> or <paramref name="blockSize"/> is below 1.</exception>
    public static IEnumerable<T[]> BlockChunks<T>(IEnumerable<T> items, Func<T, long> index, int chunkSize, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        return Iterate();

        IEnumerable<T[]> Iterate()
        {
            var current = new List<T>(chunkSize);
            var block = long.MinValue;
            foreach (var item in items)
            {
                var own = index(item) / blockSize;
                if (current.Count > 0 && (own != block || current.Count == chunkSize))
                {
                    yield return [.. current];
                    current.Clear();
                }

                block = own;
                current.Add(item);
            }

            if (current.Count > 0)
            {
                yield return [.. current];
            }
        }
    }

    private static int Number(Func<string, string?> environment, string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"{name}='{value}' is not a non-negative integer.");

    private static ShardSpec Checked(int index, int count, int blockSize, string what) =>
        count >= 1 && index >= 0 && index < count
            ? new ShardSpec(index, count, blockSize)
            : throw new FormatException($"{what} gives shard {index} of {count}, outside [0, {count}).");
}
