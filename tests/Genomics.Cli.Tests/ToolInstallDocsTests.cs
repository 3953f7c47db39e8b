using System.Text.RegularExpressions;
using System.Xml.Linq;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Cli.Tests;

/// <summary>
/// The guide's tool-install command must work inside the repository, whose nuget.config maps every package to
/// nuget.org: `dotnet tool install --add-source ./feed` is refused there, so the guide installs through
/// build/tool-feed.nuget.config, which must map Genomics.* to the local feed and everything else to nuget.org.
/// (Installing for real packs and copies the runtime, hundreds of MB; the command was run by hand when written.)
/// </summary>
public sealed class ToolInstallDocsTests
{
    [Test]
    public void TheGuidesInstallCommand_UsesTheFeedConfig_WhichMapsGenomicsPackagesToTheLocalFeed()
    {
        var root = DotnetCli.RepositoryRoot;
        var guide = File.ReadAllText(Path.Combine(root, "docs", "guides", "cli.md"));
        var install = Regex.Matches(guide, @"^dotnet tool install .*$", RegexOptions.Multiline).Select(m => m.Value).ToList();
        Assert.That(install, Is.Not.Empty, "the guide shows how to install the tool");
        Assert.That(install, Has.All.Contain("--configfile build/tool-feed.nuget.config").And.All.Not.Contain("--add-source"));
        var pack = Regex.Match(guide, @"^dotnet pack src/Genomics.Cli .*-o (\S+)$", RegexOptions.Multiline);
        Assert.That(pack.Success, Is.True, "the guide packs the tool into a local feed");

        var config = XDocument.Load(Path.Combine(root, "build", "tool-feed.nuget.config")).Root!;
        var sources = config.Element("packageSources")!.Elements("add").ToDictionary(e => (string)e.Attribute("key")!, e => (string)e.Attribute("value")!);
        var mapping = config.Element("packageSourceMapping")!.Elements("packageSource")
            .ToDictionary(e => (string)e.Attribute("key")!, e => e.Elements("package").Select(p => (string)p.Attribute("pattern")!).ToList());
        var feed = mapping.Single(m => m.Value.Contains("Genomics.*")).Key;
        var feedFolder = Path.GetFullPath(Path.Combine(root, "build", sources[feed]));
        Assert.That(feedFolder, Is.EqualTo(Path.GetFullPath(Path.Combine(root, pack.Groups[1].Value))), "the feed the config names is the folder the guide packs into");
        Assert.That(mapping.Where(m => m.Key != feed).SelectMany(m => m.Value), Does.Contain("*"), "every other package still comes from a remote source");
    }
}
