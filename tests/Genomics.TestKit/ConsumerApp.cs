using System.Security;
using System.Text;

namespace Genomics.TestKit;

/// <summary>
/// A console application written into a folder outside the repository, consuming the library the way a user's project
/// does (by package or by project reference), for end-to-end build tests: a project file, <c>Program.cs</c> and,
/// when sources are given, a <c>nuget.config</c>.
/// </summary>
/// <param name="Folder">The application's folder; created when written.</param>
/// <param name="Name">The project name (the project file is <c>Name.csproj</c>, the assembly <c>Name.dll</c>).</param>
public sealed record ConsumerApp(string Folder, string Name)
{
    /// <summary>Gets the package references: id and version.</summary>
    public IReadOnlyList<(string Id, string Version)> Packages { get; init; } = [];

    /// <summary>Gets the paths of referenced project files.</summary>
    public IReadOnlyList<string> Projects { get; init; } = [];

    /// <summary>Gets extra MSBuild properties of the project (name and value).</summary>
    public IReadOnlyList<(string Name, string Value)> Properties { get; init; } = [];

    /// <summary>Gets the package sources of the <c>nuget.config</c> (none written when empty).</summary>
    public IReadOnlyList<PackageSource> Sources { get; init; } = [];

    /// <summary>Gets the source of <c>Program.cs</c> (top-level statements).</summary>
    public string Program { get; init; } = string.Empty;

    /// <summary>Writes the folder, the project file, <c>Program.cs</c> and the <c>nuget.config</c>.</summary>
    /// <returns>The application's folder.</returns>
    public string Write()
    {
        Directory.CreateDirectory(Folder);
        var project = new StringBuilder();
        project.AppendLine("""<Project Sdk="Microsoft.NET.Sdk">""");
        project.AppendLine("  <PropertyGroup>");
        project.AppendLine("    <OutputType>Exe</OutputType>");
        project.AppendLine("    <TargetFramework>net10.0</TargetFramework>");
        project.AppendLine("    <Nullable>enable</Nullable>");
        project.AppendLine("    <ImplicitUsings>enable</ImplicitUsings>");
        foreach (var (name, value) in Properties)
        {
            project.AppendLine($"    <{name}>{SecurityElement.Escape(value)}</{name}>");
        }

        project.AppendLine("  </PropertyGroup>");
        project.AppendLine("  <ItemGroup>");
        foreach (var (id, version) in Packages)
        {
            project.AppendLine($"""    <PackageReference Include="{SecurityElement.Escape(id)}" Version="{SecurityElement.Escape(version)}" />""");
        }

        foreach (var path in Projects)
        {
            project.AppendLine($"""    <ProjectReference Include="{SecurityElement.Escape(path)}" />""");
        }

        project.AppendLine("  </ItemGroup>");
        project.AppendLine("</Project>");
        File.WriteAllText(Path.Combine(Folder, Name + ".csproj"), project.ToString());
        File.WriteAllText(Path.Combine(Folder, "Program.cs"), Program);
        if (Sources.Count > 0)
        {
            File.WriteAllText(Path.Combine(Folder, "nuget.config"), NuGetConfig(Sources));
        }

        return Folder;
    }

    /// <summary>
    /// The text of a <c>nuget.config</c> that clears the inherited sources and lists <paramref name="sources"/>; when a
    /// source names a package pattern, every source is mapped to its pattern.
    /// </summary>
    /// <param name="sources">The sources, in order.</param>
    /// <returns>The XML text.</returns>
    public static string NuGetConfig(IReadOnlyList<PackageSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var config = new StringBuilder();
        config.AppendLine("""<?xml version="1.0" encoding="utf-8"?>""");
        config.AppendLine("<configuration>");
        config.AppendLine("  <packageSources>");
        config.AppendLine("    <clear />");
        foreach (var source in sources)
        {
            config.AppendLine($"""    <add key="{SecurityElement.Escape(source.Key)}" value="{SecurityElement.Escape(source.Location)}" />""");
        }

        config.AppendLine("  </packageSources>");
        if (sources.Any(s => s.Pattern is not null))
        {
            config.AppendLine("  <packageSourceMapping>");
            foreach (var source in sources.Where(s => s.Pattern is not null))
            {
                config.AppendLine($"""    <packageSource key="{SecurityElement.Escape(source.Key)}"><package pattern="{SecurityElement.Escape(source.Pattern)}" /></packageSource>""");
            }

            config.AppendLine("  </packageSourceMapping>");
        }

        config.AppendLine("</configuration>");
        return config.ToString();
    }
}

/// <summary>A package source of a consumer application's <c>nuget.config</c>.</summary>
/// <param name="Key">The source's name.</param>
/// <param name="Location">A folder (a local feed) or a feed URL.</param>
/// <param name="Pattern">The package ids taken from this source (for example <c>Genomics.*</c>), or null for no mapping.</param>
public sealed record PackageSource(string Key, string Location, string? Pattern = null);
