using System.Text.Json;
using System.Text.Json.Nodes;

namespace Genomics.Samples.Tests;

/// <summary>
/// Turns a literate F# script into a Jupyter notebook (.NET Interactive F# kernel): each <c>(** ... *)</c> block
/// becomes a markdown cell and the code between blocks a code cell. The .fsx is the source of truth; the tests check
/// that each .ipynb equals what this produces from its twin.
/// </summary>
internal static class NotebookFormat
{
    public static string FromScript(string script)
    {
        var cells = new JsonArray();
        var text = script.Replace("\r\n", "\n", StringComparison.Ordinal);
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("(**", position, StringComparison.Ordinal);
            var code = (open < 0 ? text[position..] : text[position..open]).Trim('\n');
            if (code.Trim().Length > 0)
            {
                cells.Add(Cell("code", code));
            }

            if (open < 0)
            {
                break;
            }

            var close = text.IndexOf("*)", open + 3, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"Unclosed (** block at character {open}.");
            }

            cells.Add(Cell("markdown", text[(open + 3)..close].Trim('\n', ' ')));
            position = close + 2;
        }

        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (F#)", ["language"] = "F#", ["name"] = ".net-fsharp" },
                ["language_info"] = new JsonObject { ["name"] = "F#", ["file_extension"] = ".fs", ["pygments_lexer"] = "fsharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "fsharp" } },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonObject Cell(string type, string source)
    {
        var lines = source.Split('\n');
        var array = new JsonArray();
        for (var i = 0; i < lines.Length; i++)
        {
            array.Add(i < lines.Length - 1 ? lines[i] + "\n" : lines[i]);
        }

        var cell = new JsonObject { ["cell_type"] = type, ["metadata"] = new JsonObject(), ["source"] = array };
        if (type == "code")
        {
            cell["execution_count"] = null;
            cell["outputs"] = new JsonArray();
            cell["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "fsharp" } };
        }

        return cell;
    }
}
