using Genomics.Models.Encoding;
using NUnit.Framework;

namespace Genomics.Models.Tests.Encoding;

[TestFixture]
public sealed class AlphabetTests
{
    [Test]
    public void Symbols_AreInChannelOrder()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Alphabet.Dna.Symbols, Is.EqualTo(new[] { 'A', 'C', 'G', 'T' }));
            Assert.That(Alphabet.Rna.Symbols, Is.EqualTo(new[] { 'A', 'C', 'G', 'U' }));
            Assert.That(Alphabet.Dna.Size, Is.EqualTo(4));
            Assert.That(Alphabet.Rna.Size, Is.EqualTo(4));
            Assert.That(Alphabet.Rna.SymbolAt(3), Is.EqualTo('U'));
        }
    }

    [TestCase('A', 0)]
    [TestCase('a', 0)]
    [TestCase('C', 1)]
    [TestCase('c', 1)]
    [TestCase('G', 2)]
    [TestCase('g', 2)]
    [TestCase('T', 3)]
    [TestCase('t', 3)]
    [TestCase('U', 3)]
    [TestCase('u', 3)]
    [TestCase('N', -1)]
    [TestCase('-', -1)]
    [TestCase('R', -1)]
    [TestCase('é', -1)]
    public void IndexOf_IsCaseInsensitiveAndTreatsUAsT(char symbol, int expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Alphabet.Dna.IndexOf(symbol), Is.EqualTo(expected));
            Assert.That(Alphabet.Rna.IndexOf(symbol), Is.EqualTo(expected));
        }
    }

    [TestCase('A', 'T', 'U')]
    [TestCase('c', 'g', 'g')]
    [TestCase('T', 'A', 'A')]
    [TestCase('U', 'A', 'A')]
    [TestCase('N', 'N', 'N')]
    [TestCase('R', 'Y', 'Y')]
    [TestCase('-', '-', '-')]
    public void Complement_PairsBasesAndKeepsCase(char symbol, char dna, char rna)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Alphabet.Dna.Complement(symbol), Is.EqualTo(dna));
            Assert.That(Alphabet.Rna.Complement(symbol), Is.EqualTo(rna));
        }
    }

    [Test]
    public void ReverseComplement_ReversesAndComplements()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Alphabet.Dna.ReverseComplement("AACGTn"), Is.EqualTo("nACGTT"));
            Assert.That(Alphabet.Rna.ReverseComplement("AAGC"), Is.EqualTo("GCUU"));
            Assert.That(Alphabet.Dna.ReverseComplement(string.Empty), Is.Empty);
        }
    }

    [Test]
    public void ReverseComplement_TwiceIsIdentity()
    {
        const string Sequence = "ACGTacgtNNRYkm-";
        Assert.That(Alphabet.Dna.ReverseComplement(Alphabet.Dna.ReverseComplement(Sequence)), Is.EqualTo(Sequence));
    }

    [Test]
    public void ReverseComplement_NullThrowsWithParameterName()
    {
        Assert.That(() => Alphabet.Dna.ReverseComplement(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("sequence"));
    }

    [Test]
    public void SymbolAt_OutOfRangeThrowsWithParameterName()
    {
        Assert.That(() => Alphabet.Dna.SymbolAt(4), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("index"));
    }
}
