using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using static TorchSharp.torch;

namespace Genomics.Models.Layers;

/// <summary>
/// Whether a module has forward hooks. TorchSharp keeps a module's hooks in protected dictionaries and offers no
/// public count, so they are read by reflection, once per module type. A module type whose dictionaries cannot be
/// found is reported as hooked: callers use the answer to decide whether a module's output may be overwritten in place,
/// and in doubt it may not.
/// </summary>
internal static class ModuleHooks
{
    private static readonly string[] HookFields = ["pre_hooks", "post_hooks", "module_pre_hooks", "module_post_hooks"];
    private static readonly ConcurrentDictionary<Type, FieldInfo[]?> Fields = new();

    /// <summary>True when <paramref name="module"/> has a forward or forward-pre hook, or when that cannot be told.</summary>
    /// <param name="module">Any module.</param>
    public static bool HasHooks(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var fields = Fields.GetOrAdd(module.GetType(), Find);
        if (fields is null)
        {
            return true;
        }

        foreach (var field in fields)
        {
            if (field.GetValue(module) is ICollection { Count: > 0 })
            {
                return true;
            }
        }

        return false;
    }

    private static FieldInfo[]? Find(Type type)
    {
        var found = new List<FieldInfo>();
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var name in HookFields)
            {
                if (t.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly) is { } field
                    && typeof(ICollection).IsAssignableFrom(field.FieldType))
                {
                    found.Add(field);
                }
            }
        }

        // Every hookable module has at least the forward and forward-pre dictionaries; without them nothing can be told.
        return found.Count >= 2 ? [.. found] : null;
    }
}
