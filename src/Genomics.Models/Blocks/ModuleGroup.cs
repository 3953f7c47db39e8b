using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Blocks;

/// <summary>A parameter-free container that gives registered modules a common path prefix (the <c>convs</c> of <c>convs.0</c>).</summary>
internal sealed class ModuleGroup : nn.Module
{
    private readonly Dictionary<string, ModuleGroup> _groups = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public ModuleGroup(string name)
        : base(name)
    {
    }

    /// <summary>Registers a module at a path below this group, creating intermediate groups in first-use order.</summary>
    public static void Register(nn.Module root, Dictionary<string, ModuleGroup> rootGroups, HashSet<string> rootNames, string path, nn.Module module, Action<string, nn.Module> registerOnRoot)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            if (rootGroups.ContainsKey(path) || !rootNames.Add(path))
            {
                throw new ArgumentException($"Two modules of {root.GetName()} share the path '{path}'.", nameof(path));
            }

            registerOnRoot(path, module);
            return;
        }

        var head = path[..dot];
        if (!rootGroups.TryGetValue(head, out var group))
        {
            if (rootNames.Contains(head))
            {
                throw new ArgumentException($"'{head}' of {root.GetName()} is a module and cannot also hold '{path}'.", nameof(path));
            }

            group = new ModuleGroup(head);
            rootGroups.Add(head, group);
            rootNames.Add(head);
            registerOnRoot(head, group);
        }

        Register(group, group._groups, group._names, path[(dot + 1)..], module, group.register_module);
    }
}
