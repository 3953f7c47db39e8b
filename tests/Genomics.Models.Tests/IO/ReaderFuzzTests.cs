using Genomics.Models.IO;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Models.Tests.IO;

/// <summary>Mutated and truncated FASTA, gzip-compressed FASTA and BED: every read either succeeds or throws DataFormatException.</summary>
public sealed class ReaderFuzzTests
{
    private const string Fasta = ">chr1 first record\nACGTACGTNNacgt\nACGTAC\n>chr2\r\nGGGG\r\nCCCC\r\n\n>chr3 empty\n>chr4\nRYKMSWBDHV-\n";

    private const string Bed = "track name=x\n# comment\nchr1\t0\t100\tpeak1\t5.5\t+\nchr1\t50\t60\nchr2 10 20 a 0 -\nbrowser position chr1\nchr3\t7\t9\t.\t.\t.\textra\tcolumns\n";

    private static readonly string[] s_insertions = [">", "\n", "\r", "\t", " ", "-1", "99999999999999999999", ".", "+", "#", "\0", "\uFEFF", "é", "track", ">>", "1e9", "NaN"];

    private static string Mutate(string text, Random random)
    {
        var chars = text.ToList();
        var mutations = random.Next(1, 5);
        for (var m = 0; m < mutations; m++)
        {
            var at = chars.Count == 0 ? 0 : random.Next(chars.Count);
            switch (random.Next(5))
            {
                case 0 when chars.Count > 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.InsertRange(at, s_insertions[random.Next(s_insertions.Length)]);
                    break;
                case 2 when chars.Count > 0:
                    chars[at] = (char)random.Next(0, 128);
                    break;
                case 3 when chars.Count > 0:
                    chars.RemoveRange(at, chars.Count - at);
                    break;
                default:
                    var from = random.Next(chars.Count + 1);
                    var length = random.Next(0, Math.Min(20, chars.Count - from) + 1);
                    chars.InsertRange(at, chars.GetRange(from, length));
                    break;
            }
        }

        return new string([.. chars]);
    }

    private static void ReadFastaOrFormatError(Func<IEnumerable<FastaRecord>> read)
    {
        try
        {
            foreach (var record in read())
            {
                Assert.That(record.Id, Is.Not.Empty);
                Assert.That(record.Sequence, Is.Not.Null);
            }
        }
        catch (DataFormatException error)
        {
            Assert.That(error.Reason, Is.Not.Empty);
        }
    }

    [Test]
    public void MutatedFasta_ReadsOrThrowsDataFormatException()
    {
        var random = new Random(21);
        for (var i = 0; i < 300; i++)
        {
            var text = Mutate(Fasta, random);
            ReadFastaOrFormatError(() => FastaReader.Read(new StringReader(text), "fuzz.fa"));
            ReadFastaOrFormatError(() => FastaReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "fuzz.fa"));
        }
    }

    [Test]
    public void MutatedAndTruncatedGzipFasta_ReadsOrThrowsDataFormatException()
    {
        var compressed = new[]
        {
            ScratchFolder.Gzip(System.Text.Encoding.ASCII.GetBytes(Fasta)),
            [.. GzipIntegrityTests.Member(System.Text.Encoding.ASCII.GetBytes(Fasta[..30]), extra: true, name: "a.fa"), .. GzipIntegrityTests.Member(System.Text.Encoding.ASCII.GetBytes(Fasta[30..]), extra: true), .. GzipIntegrityTests.Member([], extra: true)],
        };
        var random = new Random(22);
        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])compressed[i % 2].Clone();
            switch (random.Next(3))
            {
                case 0:
                    bytes = bytes[..random.Next(bytes.Length + 1)];
                    break;
                case 1:
                    for (var m = random.Next(1, 4); m > 0; m--)
                    {
                        bytes[random.Next(2, bytes.Length)] = (byte)random.Next(256);
                    }

                    break;
                default:
                    var at = random.Next(2, bytes.Length);
                    var extra = new byte[random.Next(1, 12)];
                    random.NextBytes(extra);
                    bytes = [.. bytes[..at], .. extra, .. bytes[at..]];
                    break;
            }

            ReadFastaOrFormatError(() => FastaReader.Read(new MemoryStream(bytes), "fuzz.fa.gz"));
        }
    }

    [Test]
    public void MutatedBed_ReadsOrThrowsDataFormatException()
    {
        var random = new Random(23);
        var gzip = ScratchFolder.Gzip(System.Text.Encoding.ASCII.GetBytes(Bed));
        using var scratch = new ScratchFolder();
        for (var i = 0; i < 300; i++)
        {
            var text = Mutate(Bed, random);
            try
            {
                foreach (var interval in BedReader.Read(new StringReader(text), "fuzz.bed"))
                {
                    Assert.That(interval.Start, Is.LessThanOrEqualTo(interval.End));
                    Assert.That(interval.Start, Is.GreaterThanOrEqualTo(0));
                }
            }
            catch (DataFormatException error)
            {
                Assert.That(error.Reason, Is.Not.Empty);
            }

            if (i % 10 == 0)
            {
                var path = scratch.PathOf($"cut{i}.bed.gz");
                File.WriteAllBytes(path, gzip[..random.Next(gzip.Length + 1)]);
                try
                {
                    _ = BedReader.Read(path).ToList();
                }
                catch (DataFormatException error)
                {
                    Assert.That(error.File, Is.EqualTo(path));
                }
            }
        }
    }
}
