using Genomics.Models.Compute;
using NUnit.Framework;

namespace Genomics.Models.Tests.Compute;

public sealed class ShardSpecTests
{
    [Test]
    public void BlocksGoRoundTheShards_AndEveryRecordHasExactlyOne()
    {
        var shards = Enumerable.Range(0, 3).Select(i => new ShardSpec(i, 3, BlockSize: 4)).ToList();
        for (long record = 0; record < 100; record++)
        {
            var owners = shards.Where(s => s.Owns(record)).Select(s => s.Index).ToList();
            Assert.That(owners, Is.EqualTo(new[] { (int)(record / 4 % 3) }), $"record {record}");
        }

        Assert.That(ShardSpec.Whole.Owns(12345), Is.True);
        Assert.That(shards[1].ShardOfBlock(7), Is.EqualTo(1));
    }

    [TestCase("0/1", 0, 1)]
    [TestCase("3/8", 3, 8)]
    public void Parse_ReadsIndexAndCount(string text, int index, int count)
    {
        var shard = ShardSpec.Parse(text);
        Assert.That((shard.Index, shard.Count, shard.BlockSize), Is.EqualTo((index, count, ShardSpec.DefaultBlockSize)));
    }

    [TestCase("8/8")]
    [TestCase("-1/4")]
    [TestCase("1")]
    [TestCase("a/b")]
    [TestCase("1/0")]
    public void Parse_RefusesWhatIsNotAShard(string text) =>
        Assert.That(() => ShardSpec.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contain(text));

    [Test]
    public void FromEnvironment_ReadsSlurmArraysAndKubernetesIndexedJobs()
    {
        var slurm = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "5", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "8" };
        Assert.That(ShardSpec.FromEnvironment(k => slurm.GetValueOrDefault(k)), Is.EqualTo(new ShardSpec(4, 8)));
        var kubernetes = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "2", ["GENOMICS_SHARD_COUNT"] = "3" };
        Assert.That(ShardSpec.FromEnvironment(k => kubernetes.GetValueOrDefault(k), blockSize: 10), Is.EqualTo(new ShardSpec(2, 3, 10)));
        Assert.That(ShardSpec.FromEnvironment(_ => null), Is.Null);
        Assert.That(() => ShardSpec.FromEnvironment(k => k == "JOB_COMPLETION_INDEX" ? "1" : null), Throws.TypeOf<FormatException>().With.Message.Contain("GENOMICS_SHARD_COUNT"));
        Assert.That(() => ShardSpec.FromEnvironment(k => k switch { "SLURM_ARRAY_TASK_ID" => "9", "SLURM_ARRAY_TASK_COUNT" => "4", _ => null }), Throws.TypeOf<FormatException>().With.Message.Contain("9 of 4"));
    }

    [TestCase("/data/scores.tsv.gz", "/data/scores.shard-1-of-4.tsv.gz")]
    [TestCase("/data/scores.tsv", "/data/scores.shard-1-of-4.tsv")]
    [TestCase("/data/tiles.csv", "/data/tiles.shard-1-of-4.csv")]
    public void PathFor_NamesTheShardBesideTheOutput(string path, string expected) =>
        Assert.That(new ShardSpec(1, 4).PathFor(path), Is.EqualTo(expected));

    [Test]
    public void BlockChunks_CutAtEveryBlockBoundary_AndEveryChunkSizeWithinABlock_TheSameInAShard()
    {
        var all = ShardSpec.BlockChunks(Enumerable.Range(0, 12).Select(i => (long)i), i => i, chunkSize: 3, blockSize: 5).ToList();
        Assert.That(all.Select(c => string.Join(',', c)), Is.EqualTo(new[] { "0,1,2", "3,4", "5,6,7", "8,9", "10,11" }));
        var shard = new ShardSpec(1, 2, 5);
        var own = ShardSpec.BlockChunks(Enumerable.Range(0, 12).Select(i => (long)i).Where(shard.Owns), i => i, 3, 5).ToList();
        Assert.That(own.Select(c => string.Join(',', c)), Is.EqualTo(new[] { "5,6,7", "8,9" }), "a shard's chunks are the single run's chunks of its blocks");
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardSpec.BlockChunks(new long[] { 1 }, i => i, 0, 5));
    }
}
