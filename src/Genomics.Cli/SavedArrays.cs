using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Genomics.Interpret.Seqlets;
using Genomics.Models.IO;

namespace Genomics.Cli;

/// <summary>
/// The <c>-s/--sequences</c>, <c>-a/--attributions</c> and <c>--layout</c> options of <c>genomics modisco</c>: one-hot
/// sequences and hypothetical contributions saved as NumPy <c>.npy</c> or <c>.npz</c> files, as tfmodisco-lite's
/// <c>modisco motifs -s ohe.npz -a shap.npz</c> reads them.
/// </summary>
/// <remarks>
/// A <c>.npz</c> archive's array is <c>arr_0</c> (what <c>np.savez(path, x)</c> writes and tfmodisco-lite reads) when
/// present, otherwise the command's own key (<c>ohe</c> for sequences, <c>hypothetical</c> for attributions, as
/// <c>genomics attribute --npz</c> writes them), otherwise the archive's only array. The file's kind is told by its
/// content, not its extension.
/// </remarks>
internal sealed class SavedArrays
{
    public SavedArrays()
    {
        Layout.AcceptOnlyFromAmong("auto", "channels-first", "channels-last");
    }

    public Option<FileInfo?> Sequences { get; } = new("--sequences", "-s")
    {
        Description = "One-hot sequences saved with NumPy (.npy, or .npz: arr_0, else 'ohe', else its only array); with --attributions, instead of --model and --input.",
    };

    public Option<FileInfo?> Attributions { get; } = new("--attributions", "-a")
    {
        Description = "Hypothetical contributions of the same shape (.npy, or .npz: arr_0, else 'hypothetical', else its only array); the contributions are hypothetical x one-hot, as in tfmodisco-lite.",
    };

    public Option<string> Layout { get; } = new("--layout")
    {
        Description = "How --sequences and --attributions are laid out: channels-first (N, 4, L), as tfmodisco-lite's 'modisco motifs' reads them; channels-last (N, L, 4); "
            + "auto (default) decides from the shape when exactly one of axes 1 and 2 has 4 entries.",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>Adds the options after <paramref name="after"/> (the model's input), so the help lists the two ways together.</summary>
    public void AddTo(Command command, Option after)
    {
        var at = command.Options.IndexOf(after) + 1;
        command.Options.Insert(at, Layout);
        command.Options.Insert(at, Attributions);
        command.Options.Insert(at, Sequences);
    }

    /// <summary>True when the command starts from saved arrays.</summary>
    public bool Given(ParseResult result) => result.GetValue(Sequences) is not null || result.GetValue(Attributions) is not null;

    /// <summary>
    /// Checks that exactly one of the two ways to give the input is used: the model's options (<paramref name="model"/>,
    /// <paramref name="input"/>, and the options that apply only to a model) or the saved arrays.
    /// </summary>
    public void RequireOneSource(CommandResult result, Option model, Option input, IEnumerable<Option> modelOnly)
    {
        bool Given(Option option) => result.GetResult(option) is { Implicit: false };
        var arrays = Given(Sequences) || Given(Attributions);
        var network = Given(model) || Given(input);
        if (arrays && network)
        {
            result.AddError("give either --model and --input (attributions computed with DeepLIFT-SHAP) or --sequences and --attributions (saved arrays), not both.");
        }
        else if (!arrays && !network)
        {
            result.AddError("give either --model and --input (attributions computed with DeepLIFT-SHAP) or --sequences and --attributions (saved arrays).");
        }
        else if (arrays)
        {
            if (!Given(Sequences) || !Given(Attributions))
            {
                result.AddError("--sequences and --attributions go together: give both the one-hot sequences and their hypothetical contributions.");
            }

            foreach (var option in modelOnly.Where(Given))
            {
                result.AddError($"{option.Name} applies only with --model; the saved attributions are used as they are.");
            }
        }
        else
        {
            if (!Given(model) || !Given(input))
            {
                result.AddError("--model and --input go together: give the checkpoint and the sequences to explain.");
            }

            if (Given(Layout))
            {
                result.AddError("--layout applies only to --sequences and --attributions.");
            }
        }
    }

    /// <summary>Reads the arrays: (contributions, hypothetical, one-hot), each (N, 4, L).</summary>
    /// <exception cref="NumpyFormatException">A file is malformed or its shape does not fit the layout.</exception>
    /// <exception cref="CliArgumentException">The shapes differ, or the sequences are not one-hot.</exception>
    public (float[,,] Contributions, float[,,] Hypothetical, float[,,] OneHot) Load(ParseResult result)
    {
        var layout = result.GetValue(Layout) switch
        {
            "channels-first" => GenomicArrayLayout.ChannelsFirst,
            "channels-last" => GenomicArrayLayout.ChannelsLast,
            _ => GenomicArrayLayout.Auto,
        };
        var oneHot = Read(result.GetValue(Sequences)!.FullName, "ohe").ToGenomic(layout);
        var hypothetical = Read(result.GetValue(Attributions)!.FullName, "hypothetical").ToGenomic(layout);
        int[] shape = [oneHot.GetLength(0), 4, oneHot.GetLength(2)];
        int[] other = [hypothetical.GetLength(0), 4, hypothetical.GetLength(2)];
        if (!shape.SequenceEqual(other))
        {
            throw new CliArgumentException("--attributions", $"the attributions are {Describe(other)} but the sequences are {Describe(shape)}; give one attribution map per sequence, of its length.");
        }

        RequireOneHot(oneHot);
        return (SeqletArrays.TimesOneHot(hypothetical, oneHot), hypothetical, oneHot);
    }

    /// <summary>Reads a .npy file, or the chosen array of a .npz archive.</summary>
    internal static NumpyArray Read(string path, string ownKey)
    {
        if (!IsZip(path))
        {
            return NpyFile.Read(path);
        }

        var keys = NpzFile.Keys(path);
        var key = keys.Contains("arr_0") ? "arr_0"
            : keys.Contains(ownKey) ? ownKey
            : keys.Count == 1 ? keys[0]
            : throw new NumpyFormatException(path, null, $"the archive has no 'arr_0' or '{ownKey}' array and more than one array ({string.Join(", ", keys.Select(k => $"'{k}'"))}); save the one to use as np.savez(path, x), which names it arr_0.");
        return NpzFile.Read(path, key);
    }

    private static bool IsZip(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16);
        Span<byte> start = stackalloc byte[4];
        return stream.ReadAtLeast(start, 4, throwOnEndOfStream: false) == 4 && start.SequenceEqual("PK\u0003\u0004"u8);
    }

    private void RequireOneHot(float[,,] oneHot)
    {
        for (var n = 0; n < oneHot.GetLength(0); n++)
        {
            for (var l = 0; l < oneHot.GetLength(2); l++)
            {
                var sum = 0.0;
                for (var c = 0; c < 4; c++)
                {
                    var v = oneHot[n, c, l];
                    if (!(v >= 0 && v <= 1))
                    {
                        throw new CliArgumentException(Sequences.Name, string.Create(CultureInfo.InvariantCulture,
                            $"the sequences are not one-hot: sequence {n}, position {l} (0-based), channel {"ACGT"[c]} holds {v}. Were --sequences and --attributions swapped?"));
                    }

                    sum += v;
                }

                if (sum > 1.0001)
                {
                    throw new CliArgumentException(Sequences.Name, string.Create(CultureInfo.InvariantCulture,
                        $"the sequences are not one-hot: the channels of sequence {n}, position {l} (0-based) sum to {sum}."));
                }
            }
        }
    }

    private static string Describe(int[] shape) => string.Create(CultureInfo.InvariantCulture, $"({shape[0]}, 4, {shape[2]}) after the layout");
}
