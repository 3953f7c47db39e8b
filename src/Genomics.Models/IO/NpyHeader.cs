using System.Globalization;
using System.Text;

namespace Genomics.Models.IO;

/// <summary>
/// The header dictionary of a <c>.npy</c> file, a Python literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 4, 5), }</c>: parsed by a small reader of exactly the
/// literals NumPy writes there (strings, True/False, tuples of integers), never evaluated.
/// </summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, IReadOnlyList<int> Shape)
{
    public static NpyHeader Parse(string text, Func<string, Exception?, NumpyFormatException> problem)
    {
        var reader = new Reader(text, problem);
        string? descr = null;
        bool? fortran = null;
        List<int>? shape = null;
        reader.Skip();
        reader.Expect('{');
        while (true)
        {
            reader.Skip();
            if (reader.TryTake('}'))
            {
                break;
            }

            var key = reader.String();
            reader.Skip();
            reader.Expect(':');
            reader.Skip();
            switch (key)
            {
                case "descr":
                    if (reader.Peek() is '[')
                    {
                        throw problem("structured dtypes (a 'descr' list) are not supported; save a plain float or integer array.", null);
                    }

                    descr = reader.String();
                    break;
                case "fortran_order":
                    fortran = reader.Boolean();
                    break;
                case "shape":
                    shape = reader.Tuple();
                    break;
                default:
                    throw problem($"the header has the unexpected key '{key}'; a .npy header holds 'descr', 'fortran_order' and 'shape'.", null);
            }

            reader.Skip();
            if (reader.TryTake('}'))
            {
                break;
            }

            reader.Expect(',');
        }

        reader.Skip();
        if (!reader.AtEnd)
        {
            throw problem($"the header has text after its dictionary: '{reader.Rest()}'.", null);
        }

        return new NpyHeader(
            descr ?? throw problem("the header has no 'descr' (dtype).", null),
            fortran ?? throw problem("the header has no 'fortran_order'.", null),
            shape ?? throw problem("the header has no 'shape'.", null));
    }

    private sealed class Reader(string text, Func<string, Exception?, NumpyFormatException> problem)
    {
        private int _at;

        public bool AtEnd => _at >= text.Length;

        public char? Peek() => _at < text.Length ? text[_at] : null;

        public string Rest() => text[_at..].Length > 40 ? text[_at..(_at + 40)] + "..." : text[_at..];

        public void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        public bool TryTake(char c)
        {
            if (_at < text.Length && text[_at] == c)
            {
                _at++;
                return true;
            }

            return false;
        }

        public void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Unexpected($"'{c}'");
            }
        }

        public string String()
        {
            var quote = Peek();
            if (quote is not ('\'' or '"'))
            {
                throw Unexpected("a quoted string");
            }

            _at++;
            var value = new StringBuilder();
            while (_at < text.Length && text[_at] != quote)
            {
                if (text[_at] == '\\' && _at + 1 < text.Length)
                {
                    _at++;
                }

                value.Append(text[_at++]);
            }

            Expect(quote.Value);
            return value.ToString();
        }

        public bool Boolean()
        {
            foreach (var (word, value) in new[] { ("True", true), ("False", false) })
            {
                if (string.CompareOrdinal(text, _at, word, 0, word.Length) == 0)
                {
                    _at += word.Length;
                    return value;
                }
            }

            throw Unexpected("True or False");
        }

        public List<int> Tuple()
        {
            Expect('(');
            var values = new List<int>();
            while (true)
            {
                Skip();
                if (TryTake(')'))
                {
                    return values;
                }

                var start = _at;
                while (_at < text.Length && char.IsAsciiDigit(text[_at]))
                {
                    _at++;
                }

                if (_at == start)
                {
                    throw Unexpected("a non-negative integer dimension");
                }

                if (!int.TryParse(text.AsSpan(start, _at - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    throw problem($"the shape dimension {text[start.._at]} is larger than {int.MaxValue}.", null);
                }

                TryTake('L');   // Python 2 long literals
                values.Add(value);
                Skip();
                if (TryTake(')'))
                {
                    return values;
                }

                Expect(',');
            }
        }

        private NumpyFormatException Unexpected(string expected) =>
            problem(string.Create(CultureInfo.InvariantCulture, $"the header does not parse: expected {expected} at character {_at + 1} of \"{Truncate(text.TrimEnd())}\"."), null);

        private static string Truncate(string s) => s.Length > 120 ? s[..120] + "..." : s;
    }
}
