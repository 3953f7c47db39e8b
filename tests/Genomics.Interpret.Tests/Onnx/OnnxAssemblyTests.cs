using Genomics.Interpret.Mutagenesis;
using Genomics.Models.Abstractions;
using Genomics.Models.Encoding;
using Genomics.Models.Onnx;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Onnx;

/// <summary>ONNX Runtime stays in the Genomics.Models.Onnx package: the cores neither reference it nor hold its types.</summary>
public sealed class OnnxAssemblyTests
{
    [Test]
    public void Cores_ReferenceNoOnnxRuntime_AndHoldNoOnnxTypes()
    {
        var cores = new[] { typeof(OneHotEncoder).Assembly, typeof(InSilicoMutagenesis).Assembly };
        using (Assert.EnterMultipleScope())
        {
            foreach (var core in cores)
            {
                var references = core.GetReferencedAssemblies().Select(a => a.Name).ToArray();
                Assert.That(references, Has.None.StartsWith("Microsoft.ML.OnnxRuntime"), core.GetName().Name);
                Assert.That(references, Does.Not.Contain("Genomics.Models.Onnx"), core.GetName().Name);
                Assert.That(core.GetTypes().Where(t => t.Namespace?.StartsWith("Genomics.Models.Onnx", StringComparison.Ordinal) == true), Is.Empty, core.GetName().Name);
            }
        }
    }

    [Test]
    public void OnnxTypes_LiveInGenomicsModelsOnnx_AndTheMarkerInTheCore()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var type in new[] { typeof(OnnxSequenceModel), typeof(OnnxModelOptions), typeof(OnnxInputLayout), typeof(OnnxModelException) })
            {
                Assert.That(type.Assembly.GetName().Name, Is.EqualTo("Genomics.Models.Onnx"), type.Name);
                Assert.That(type.Namespace, Is.EqualTo("Genomics.Models.Onnx"), type.Name);
            }

            Assert.That(typeof(IForwardOnlyModel).Assembly.GetName().Name, Is.EqualTo("Genomics.Models"));
            Assert.That(typeof(ForwardOnlyModelException).Assembly.GetName().Name, Is.EqualTo("Genomics.Models"));
            Assert.That(typeof(OnnxSequenceModel).Assembly.GetReferencedAssemblies().Select(a => a.Name), Does.Contain("Microsoft.ML.OnnxRuntime").And.Contain("Genomics.Models"));
        }
    }
}
