using System.Reflection;
using System.Text.RegularExpressions;
using Genomics.Models.Training;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.Training;

/// <summary>Training is below the architectures: it trains any <c>ISequenceModel</c> and names none of the zoo's types.</summary>
public sealed partial class TrainingDependencyTests
{
    private const string TrainingNamespace = "Genomics.Models.Training";
    private const string ArchitecturesNamespace = "Genomics.Models.Architectures";

    private static bool IsArchitecture(Type? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.HasElementType)
        {
            return IsArchitecture(type.GetElementType());
        }

        if (type.IsGenericType && type.GetGenericArguments().Any(IsArchitecture))
        {
            return true;
        }

        var ns = type.Namespace ?? string.Empty;
        return ns == ArchitecturesNamespace || ns.StartsWith(ArchitecturesNamespace + ".", StringComparison.Ordinal);
    }

    private static IEnumerable<string> ArchitectureReferences(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (IsArchitecture(type.BaseType))
        {
            yield return $"{type.FullName} derives from {type.BaseType}";
        }

        foreach (var face in type.GetInterfaces().Where(IsArchitecture))
        {
            yield return $"{type.FullName} implements {face}";
        }

        foreach (var field in type.GetFields(all).Where(f => IsArchitecture(f.FieldType)))
        {
            yield return $"{type.FullName}.{field.Name} is a {field.FieldType}";
        }

        foreach (var property in type.GetProperties(all).Where(p => IsArchitecture(p.PropertyType)))
        {
            yield return $"{type.FullName}.{property.Name} is a {property.PropertyType}";
        }

        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            var returns = method is MethodInfo info ? info.ReturnType : null;
            if (IsArchitecture(returns))
            {
                yield return $"{type.FullName}.{method.Name} returns {returns}";
            }

            foreach (var parameter in method.GetParameters().Where(p => IsArchitecture(p.ParameterType)))
            {
                yield return $"{type.FullName}.{method.Name}({parameter.Name}) takes a {parameter.ParameterType}";
            }

            foreach (var local in method.GetMethodBody()?.LocalVariables.Where(l => IsArchitecture(l.LocalType)) ?? [])
            {
                yield return $"{type.FullName}.{method.Name} has a local {local.LocalType}";
            }
        }

        foreach (var e in type.GetEvents(all).Where(e => IsArchitecture(e.EventHandlerType)))
        {
            yield return $"{type.FullName}.{e.Name} is a {e.EventHandlerType}";
        }
    }

    [Test]
    public void NoTrainingTypeReferencesAnArchitectureType()
    {
        var types = typeof(Trainer).Assembly.GetTypes()
            .Where(t => t.Namespace == TrainingNamespace || (t.Namespace?.StartsWith(TrainingNamespace + ".", StringComparison.Ordinal) ?? false))
            .ToArray();
        var references = types.SelectMany(ArchitectureReferences).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(types, Has.Length.GreaterThan(10), "the reflection must see the training types, compiler-generated ones included");
            Assert.That(types, Does.Contain(typeof(Trainer)).And.Contain(typeof(TrainerOptions)));
            Assert.That(references, Is.Empty);
        }
    }

    [Test]
    public void NoTrainingSourceFileUsesTheArchitecturesNamespace()
    {
        var folder = Path.Combine(DotnetCli.RepositoryRoot, "src", "Genomics.Models", "Training");
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).ToArray();
        var offending = files
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(x => UsingArchitectures().IsMatch(x.line) || QualifiedArchitectures().IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.file)}:{x.index + 1}: {x.line.Trim()}")
            .ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(files, Has.Length.GreaterThan(10));
            Assert.That(files.Select(Path.GetFileName), Does.Contain("Trainer.cs"));
            Assert.That(offending, Is.Empty);
        }
    }

    /// <summary>A using directive (plain, static, alias or global) of Genomics.Models.Architectures or, relative to Genomics.Models, Architectures.</summary>
    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?(global::)?(Genomics\.Models\.)?Architectures\b")]
    private static partial Regex UsingArchitectures();

    /// <summary>A qualified name in code or a cref: Genomics.Models.Architectures.X or, inside Genomics.Models, Architectures.X.</summary>
    [GeneratedRegex(@"\bArchitectures\.\w")]
    private static partial Regex QualifiedArchitectures();
}
