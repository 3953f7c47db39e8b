using System.CommandLine;
using Genomics.Models.Encoding;

namespace Genomics.Cli;

/// <summary>The sequence policy options of commands that read FASTA for a model (see <see cref="SequencePolicy"/>).</summary>
internal sealed class SequenceOptions
{
    public SequenceOptions()
    {
        LengthPolicy.AcceptOnlyFromAmong("error", "center", "centre", "left", "right");
        UnknownLetters.AcceptOnlyFromAmong("error", "n");
    }

    public Option<string> LengthPolicy { get; } = new("--length-policy")
    {
        Description = "Sequences of another length than the model's: error (default) stops naming the record; center pads with N or crops around the centre, "
            + "left keeps the start, right keeps the end; a warning states how many records were changed.",
        DefaultValueFactory = _ => "error",
    };

    public Option<string> UnknownLetters { get; } = new("--unknown-letters")
    {
        Description = "Letters that are neither A, C, G, T, U nor IUPAC codes (e.g. X, Z, !): error (default) stops naming the record and position; "
            + "n reads them as N with a warning counting the records. IUPAC codes (R, Y, K, M, S, W, B, D, H, V) always read as N, with a warning. "
            + "Empty records are always an error.",
        DefaultValueFactory = _ => "error",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(LengthPolicy);
        command.Options.Add(UnknownLetters);
    }

    public SequencePolicy Policy(ParseResult result)
    {
        var length = result.GetValue(LengthPolicy) ?? "error";
        return new SequencePolicy
        {
            LengthMismatch = length == "error" ? LengthMismatchHandling.Error : LengthMismatchHandling.Fit,
            Alignment = length switch
            {
                "left" => FitAlignment.Left,
                "right" => FitAlignment.Right,
                _ => FitAlignment.Centre,
            },
            UnknownLetters = result.GetValue(UnknownLetters) == "n" ? UnknownLetterHandling.ReadAsN : UnknownLetterHandling.Error,
        };
    }
}
