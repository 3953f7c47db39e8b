using System.Reflection;
using Genomics.Models.Encoding;
using Genomics.Models.Tuning;
using NUnit.Framework;

namespace Genomics.Models.Tests.Tuning;

/// <summary>The hyper-parameter search lives in the Genomics.Tuning assembly, under its old namespace.</summary>
public sealed class TuningAssemblyTests
{
    [Test]
    public void ModelsAssembly_HoldsNoTuningTypes()
    {
        var models = typeof(OneHotEncoder).Assembly;
        var tuningTypes = models.GetTypes().Where(t => t.Namespace?.StartsWith("Genomics.Models.Tuning", StringComparison.Ordinal) == true).Select(t => t.FullName).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(models.GetName().Name, Is.EqualTo("Genomics.Models"));
            Assert.That(tuningTypes, Is.Empty);
            Assert.That(models.GetReferencedAssemblies().Select(a => a.Name), Does.Not.Contain("Genomics.Tuning"));
        }
    }

    [Test]
    public void TuningTypes_LiveInGenomicsTuning_UnderTheirOldNamespace()
    {
        Type[] types = [typeof(Study), typeof(SearchSpace), typeof(StudyOptions), typeof(TpeSamplerOptions), typeof(Pruner), typeof(TrialRecord)];
        using (Assert.EnterMultipleScope())
        {
            foreach (var type in types)
            {
                Assert.That(type.Assembly.GetName().Name, Is.EqualTo("Genomics.Tuning"), type.Name);
                Assert.That(type.Namespace, Is.EqualTo("Genomics.Models.Tuning"), type.Name);
            }

            Assert.That(typeof(Study).Assembly.GetReferencedAssemblies().Select(a => a.Name), Does.Contain("Genomics.Models"));
        }
    }
}
