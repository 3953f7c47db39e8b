using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Blocks;

/// <summary>A parameter-free container that gives registered modules a common path prefix (the <c>convs</c> of <c>convs.0</c>).</summary>
internal sealed class ModuleGroup : nn.Module
{
    private readonly Dictionary<string, ModuleGroup> _groups = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    private ModuleGroup(string name)
        : base(name)
    {
    }

    /// <summary>Registers modules at dotted paths below a root module, creating intermediate groups in first-use order.</summary>
    internal sealed class Registry(string owner, Action<string, nn.Module> registerOnRoot)
    {
        private readonly Dictionary<string, ModuleGroup> _groups = new(StringComparer.Ordinal);
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);

        public void Register(string path, nn.Module module) =>
            Register(_groups, _names, registerOnRoot, path, path, module);

        private void Register(Dictionary<string, ModuleGroup> groups, HashSet<string> names, Action<string, nn.Module> register, string rest, string path, nn.Module module)
        {
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                if (!names.Add(rest))
                {
                    throw new ArgumentException($"Two modules of {owner} share the path '{path}', or '{path}' is also a container of other modules.", nameof(path));
                }

                register(rest, module);
                return;
            }

            var head = rest[..dot];
            if (!groups.TryGetValue(head, out var group))
            {
                if (!names.Add(head))
                {
                    throw new ArgumentException($"The path '{path}' of {owner} passes through a module registered as '{head}'; a module cannot also hold other modules.", nameof(path));
                }

                group = new ModuleGroup(head);
                groups.Add(head, group);
                register(head, group);
            }

            Register(group._groups, group._names, group.register_module, rest[(dot + 1)..], path, module);
        }
    }
}
