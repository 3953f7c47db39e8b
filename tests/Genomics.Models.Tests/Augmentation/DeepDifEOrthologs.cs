using Genomics.Models.Augmentation;
using Genomics.Models.Data;
using Genomics.TestKit;

namespace Genomics.Models.Tests.Augmentation;

/// <summary>The real DeepDifE ortholog files, loaded once, and a fixed gene split of them.</summary>
internal static class DeepDifEOrthologs
{
    private static readonly Lazy<OrthologTable> s_table = new(() => OrthologTable.Load(SharedData.Path("deepdife")));
    private static readonly Lazy<(string[] Train, string[] Valid, string[] Test)> s_split = new(MakeSplit);

    public static OrthologTable Table => s_table.Value;

    /// <summary>The A. thaliana genes split 80/10/10 (grouped shuffle, seed 42, then the held-out part halved).</summary>
    public static (string[] Train, string[] Valid, string[] Test) Split => s_split.Value;

    private static (string[] Train, string[] Valid, string[] Test) MakeSplit()
    {
        var genes = Table.ThalianaGenes.Order(StringComparer.Ordinal).ToArray();
        var outer = DataSplits.GroupShuffle(genes, 0.2, 42);
        var heldOut = outer.Test.Select(i => genes[i]).ToArray();
        var inner = DataSplits.GroupShuffle(heldOut, 0.5, 42);
        return (outer.Train.Select(i => genes[i]).ToArray(), inner.Train.Select(i => heldOut[i]).ToArray(), inner.Test.Select(i => heldOut[i]).ToArray());
    }
}
