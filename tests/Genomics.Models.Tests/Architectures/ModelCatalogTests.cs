using Genomics.Models.Adapters;
using Genomics.Models.Architectures;
using Genomics.Models.Architectures.DeepChrome;
using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Serialization;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;

namespace Genomics.Models.Tests.Architectures;

[NonParallelizable]
public sealed class ModelCatalogTests
{
    [Test]
    public void EveryEntry_BuildsEveryPreset_WithItsModelType()
    {
        foreach (var entry in ModelCatalog.Entries)
        {
            foreach (var preset in entry.Presets.Keys)
            {
                var model = entry.Create(preset);
                try
                {
                    Assert.That(model.Module, Is.InstanceOf(entry.ModelType), $"{entry.Name}/{preset}");
                }
                finally
                {
                    model.Module.Dispose();
                }
            }
        }
    }

    [Test]
    public void Get_FindsByShortOrTypeName_AndListsNamesWhenUnknown()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModelCatalog.Get("Basset").Name, Is.EqualTo("basset"));
            Assert.That(ModelCatalog.Get("DeepChromeModel").Name, Is.EqualTo("deepchrome"));
            Assert.That(() => ModelCatalog.Get("resnet"), Throws.ArgumentException.With.Message.Contains("deepchrome").And.Property("ParamName").EqualTo("name"));
            Assert.That(() => ModelCatalog.Create("deepchrome", "huge"), Throws.ArgumentException.With.Message.Contains("published"));
        }
    }

    [Test]
    public void ALoadedModel_IsDisposable_AndDisposingFreesItsParameters()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("model.gckpt");
        using (var original = new DeepChromeModel(DeepChromeOptions.Published))
        {
            ModelCatalog.Save(path, original, new Dictionary<string, string>());
        }

        torch.Tensor weight;
        using (var model = ModelCatalog.Load(path))
        {
            weight = model.Module.parameters().First();
            Assert.That(weight.IsInvalid, Is.False);
        }

        Assert.That(weight.IsInvalid, Is.True, "the parameters' native memory is released with the model");

        using var inner = new DeepChromeModel(DeepChromeOptions.Published);
        using (var view = new TargetSelection(inner, 1))
        {
            Assert.That(view.Output.Targets, Is.EqualTo(1));
        }

        Assert.That(inner.parameters().First().IsInvalid, Is.False, "disposing a view leaves the wrapped model alone");
    }

    [Test]
    public void SaveAndLoad_RebuildTheArchitectureWithIdenticalOutputs()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("model.gckpt");
        using var original = new DeepChromeModel(DeepChromeOptions.Published);
        ModelCatalog.Save(path, original, new Dictionary<string, string> { ["note"] = "x" });
        var loaded = ModelCatalog.Load(path);
        try
        {
            using var x = torch.rand(2, 5, 100);
            original.eval();
            loaded.Module.eval();
            using var a = original.Evaluate(x);
            using var b = loaded.Evaluate(x);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(loaded, Is.InstanceOf<DeepChromeModel>());
                Assert.That(torch.allclose(a, b, 0, 0), Is.True);
                Assert.That(Checkpoint.Read(path).Metadata["note"], Is.EqualTo("x"));
            }
        }
        finally
        {
            loaded.Module.Dispose();
        }
    }

    [Test]
    public void Load_SharedOptionsTypeWithoutArchitecture_AsksForTheName()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.PathOf("allele.gckpt");
        var options = PairedAlleleOptions.Rna(700);
        using (var model = new SingleAlleleModel(options))
        {
            Checkpoint.Save(path, model, options);
        }

        Assert.That(() => ModelCatalog.Load(path), Throws.InvalidOperationException.With.Message.Contains("name the architecture"));
        var loaded = ModelCatalog.Load(path, "singleallele");
        Assert.That(loaded, Is.InstanceOf<SingleAlleleModel>());
        loaded.Module.Dispose();
    }
}
