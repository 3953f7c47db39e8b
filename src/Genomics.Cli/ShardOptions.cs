using System.CommandLine;
using Genomics.Models.Compute;

namespace Genomics.Cli;

/// <summary>The <c>--shard</c> and <c>--block-size</c> options of the commands that run in deterministic shards
/// (<c>variants</c>, <c>predict --genome</c>).</summary>
internal sealed class ShardOptions
{
    public ShardOptions(string records)
    {
        Shard = new Option<string?>("--shard")
        {
            Description = $"Run one shard, i/n (0-based), of the {records}, or 'auto' for the scheduler's (SLURM job arrays; Kubernetes Indexed Jobs with GENOMICS_SHARD_COUNT). Writes OUTPUT's name with .shard-i-of-n and a manifest; a completed shard is skipped when run again, a killed one resumes after its last completed chunk; 'genomics merge' joins them.",
        };
        BlockSize = new Option<int>("--block-size")
        {
            Description = $"Consecutive {records} per block: with --shard, block b belongs to shard b mod n. Chunks never span blocks, so merged shards equal a single run with the same block and chunk sizes byte for byte.",
            DefaultValueFactory = _ => ShardSpec.DefaultBlockSize,
        };
    }

    public Option<string?> Shard { get; }

    public Option<int> BlockSize { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Shard);
        command.Options.Add(BlockSize);
    }

    /// <summary>The shard from --shard (i/n or auto), or the whole job, with --block-size.</summary>
    public ShardSpec Resolve(ParseResult result) => Resolve(result.GetValue(Shard), result.GetValue(BlockSize));

    /// <summary>The shard from the text of --shard (i/n or auto; null for the whole job) and the block size.</summary>
    /// <exception cref="CliArgumentException">The text or block size is invalid, or 'auto' finds no scheduler variables.</exception>
    public static ShardSpec Resolve(string? text, int blockSize)
    {
        if (blockSize < 1)
        {
            throw new CliArgumentException("--block-size", "must be at least 1.");
        }

        try
        {
            return text switch
            {
                null => new ShardSpec(0, 1, blockSize),
                "auto" => ShardSpec.FromEnvironment(Environment.GetEnvironmentVariable, blockSize)
                    ?? throw new CliArgumentException("--shard", "'auto' needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX and GENOMICS_SHARD_COUNT, in the environment."),
                _ => ShardSpec.Parse(text, blockSize),
            };
        }
        catch (FormatException e)
        {
            throw new CliArgumentException("--shard", e.Message);
        }
    }
}
