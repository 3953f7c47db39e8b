using Genomics.Models.IO;
using NUnit.Framework;
using NUnit.Framework.Constraints;

namespace Genomics.Models.Tests.IO;

/// <summary>Constraints for data-file errors.</summary>
internal static class DataErrors
{
    /// <summary>A <see cref="DataFormatException"/> whose message starts with "file:line: " and whose properties agree.</summary>
    public static IResolveConstraint At(string file, int line) =>
        Throws.TypeOf<DataFormatException>()
            .With.Message.StartsWith($"{file}:{line}: ")
            .And.Property(nameof(DataFormatException.File)).EqualTo(file)
            .And.Property(nameof(DataFormatException.Line)).EqualTo(line);
}
