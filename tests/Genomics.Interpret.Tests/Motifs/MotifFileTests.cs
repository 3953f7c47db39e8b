using Genomics.Interpret.Motifs;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Motifs;

public sealed class MotifFileTests
{
    [TestCase("parallel_tomtom/JASPAR2022_CORE_vertebrates_non-redundant_v2.meme", MotifFile.Format.Meme, 841)]
    [TestCase("neuronmotif/motifDB.txt", MotifFile.Format.Meme, -1)]
    [TestCase("parallel_tomtom/Motifs.csv", MotifFile.Format.ConsensusCsv, -1)]
    public void Read_DetectsTheFormat_AndReadsLikeTheFormatReader(string file, MotifFile.Format format, int count)
    {
        var path = SharedData.Path(file);
        var set = MotifFile.Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MotifFile.Detect(path), Is.EqualTo(format));
            Assert.That(set, Is.Not.Empty);
            if (count > 0)
            {
                Assert.That(set, Has.Count.EqualTo(count));
            }
        }
    }

    [Test]
    public void Detect_ChenAndJasparFromContent()
    {
        using var scratch = new ScratchFolder();
        var chen = scratch.WriteText("m.txt", ">m1\n1 2 3 4\n4 3 2 1\n");
        var jaspar = scratch.WriteText("j.txt", ">MA0001.1 X\nA [ 1 2 ]\nC [ 1 2 ]\nG [ 1 2 ]\nT [ 1 2 ]\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MotifFile.Detect(chen), Is.EqualTo(MotifFile.Format.Chen));
            Assert.That(MotifFile.Detect(jaspar), Is.EqualTo(MotifFile.Format.Jaspar));
            Assert.That(MotifFile.Read(chen)[0].Width, Is.EqualTo(2));
            Assert.That(MotifFile.Read(jaspar)[0].Id, Is.EqualTo("MA0001.1"));
        }
    }

    [Test]
    public void Read_UnknownFormatOrMissingFile_IsATypedError()
    {
        using var scratch = new ScratchFolder();
        var junk = scratch.WriteText("junk.txt", "hello\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => MotifFile.Read(junk), Throws.InstanceOf<DataFormatException>().With.Message.Contains("junk.txt").And.Message.Contains("MEME"));
            Assert.That(() => MotifFile.Read(scratch.PathOf("none.meme")), Throws.InstanceOf<FileNotFoundException>());
        }
    }
}
