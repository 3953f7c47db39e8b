using System.Text;
using Genomics.Interpret.Motifs;
using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Motifs;

/// <summary>Random and mutated inputs: every reader either succeeds or throws DataFormatException.</summary>
public sealed class MotifFormatFuzzTests
{
    private static readonly Func<TextReader, MotifSet>[] s_readers =
    [
        r => MemeMotifFormat.Read(r, "fuzz"),
        r => JasparMotifFormat.Read(r, "fuzz"),
        r => ChenMotifFormat.Read(r, "fuzz"),
        r => ConsensusCsvFormat.Read(r, "fuzz"),
    ];

    private static string[] SeedLines()
    {
        var meme = File.ReadLines(SharedData.Path("parallel_tomtom/JASPAR2022_CORE_vertebrates_non-redundant_v2.meme")).Take(60);
        var jaspar = ">MA0004.1\tArnt\nA  [ 4 19 0 0 0 0 ]\nC  [ 16 0 20 0 0 0 ]\nG  [ 0 1 0 20 0 20 ]\nT  [ 0 0 0 0 20 0 ]".Split('\n');
        var chen = ">m1\n10 0 0 0\n0 5 5 0\n>m2\n1 1 1 1".Split('\n');
        var csv = "Motifs\nACGT\nGGGGGCACAC".Split('\n');
        return [.. meme, .. jaspar, .. chen, .. csv];
    }

    private static void AssertOnlyFormatErrors(string text)
    {
        foreach (var read in s_readers)
        {
            try
            {
                var set = read(new StringReader(text));
                Assert.That(set.All(m => m.Width >= 1), Is.True);
            }
            catch (DataFormatException error)
            {
                Assert.That(error.Reason, Is.Not.Empty);
            }
        }
    }

    [Test]
    public void RandomBytes_NeverThrowAnythingElse()
    {
        var random = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            var text = Encoding.UTF8.GetString(bytes);
            if (i % 3 == 0)
            {
                text = "MEME version 4\n" + text;
            }
            else if (i % 3 == 1)
            {
                text = "MEME version 4\nMOTIF x\nletter-probability matrix: w= 2\n" + text;
            }

            AssertOnlyFormatErrors(text);
        }
    }

    [Test]
    public void MutatedRealFiles_NeverThrowAnythingElse()
    {
        var seed = SeedLines();
        string[] replacements = ["NaN", "-1", "1e999", "", "w= 2147483647", "w= 99999999999", "0x10", "MOTIF", ">", "A [", "]", "letter-probability matrix: w= 0", "ALPHABET= ACGU", "Background letter frequencies", "strands: ?"];
        var random = new Random(5);
        for (var i = 0; i < 400; i++)
        {
            var lines = seed.ToList();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations && lines.Count > 0; m++)
            {
                var at = random.Next(lines.Count);
                switch (random.Next(6))
                {
                    case 0:
                        lines.RemoveAt(at);
                        break;
                    case 1:
                        lines.Insert(at, lines[at]);
                        break;
                    case 2:
                        lines.RemoveRange(at, lines.Count - at);
                        break;
                    case 3:
                        var tokens = lines[at].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        if (tokens.Length > 1)
                        {
                            var j = random.Next(tokens.Length);
                            var k = random.Next(tokens.Length);
                            (tokens[j], tokens[k]) = (tokens[k], tokens[j]);
                            lines[at] = string.Join(' ', tokens);
                        }

                        break;
                    case 4:
                        var parts = lines[at].Split(' ');
                        parts[random.Next(parts.Length)] = replacements[random.Next(replacements.Length)];
                        lines[at] = string.Join(' ', parts);
                        break;
                    default:
                        var text = lines[at];
                        lines[at] = text.Length == 0 ? text : text[..random.Next(text.Length)];
                        break;
                }
            }

            AssertOnlyFormatErrors(string.Join('\n', lines));
        }
    }

    [Test]
    public void TruncatedRealFile_ThrowsFormatErrorOrReadsPrefix()
    {
        var text = File.ReadAllText(SharedData.Path("parallel_tomtom/Motifs.meme"));
        for (var cut = 0; cut < text.Length; cut += 37)
        {
            AssertOnlyFormatErrors(text[..cut]);
        }
    }
}
