(**
# Motifs: read a MEME database, compare with TOMTOM, scan sequences, draw logos

The database is the 32-motif JASPAR 2022 subset shipped with the DeepDifEMotifs sample. A query motif built from a
consensus is compared with every database motif (TOMTOM, Pearson column similarity), then scanned over a few
generated sequences (FIMO-style p-values), and the query and its best match are drawn as logos.
*)
#load "load.fsx"
open System
open System.IO
open Genomics.Interpret.MotifComparison
open Genomics.Interpret.Motifs
open Genomics.Interpret.Plots
open Genomics.Interpret.Scanning

let database = MemeMotifFormat.Read(Path.Combine(__SOURCE_DIRECTORY__, "..", "DeepDifEMotifs", "data", "jaspar2022-subset.meme"))
printfn "%d motifs, e.g. %s" database.Count (String.Join(", ", database |> Seq.take 5 |> Seq.map (fun m -> m.DisplayName)))

(**
## TOMTOM

The query is an AP-1 site written as a consensus; `TomtomComparer` reports p-, E- and q-values per target.
*)
let query = Motif("query", PositionProbabilityMatrix.FromConsensus("ATGACTCAT"))
let matches = TomtomComparer(TomtomOptions(MinOverlap = 5)).Compare([| query |], database)
for m in matches |> Seq.sortBy (fun m -> m.PValue) |> Seq.truncate 3 do
    printfn "%-10s %-12s p = %.2g, q = %.2g, offset %d, strand %c" m.TargetId (defaultArg (Option.ofObj m.TargetName) "") m.PValue m.QValue m.Offset m.Orientation

(**
## Scanning

Ten random 100-bp sequences, three with the site planted at position 40.
*)
let random = Random(1)
let sequences =
    [| for i in 0 .. 9 ->
        let bases = Array.init 100 (fun _ -> "ACGT"[random.Next 4])
        if i < 3 then "TGACTCA".CopyTo(0, bases, 40, 7)
        String(bases) |]
let fosJun = database |> Seq.find (fun m -> m.DisplayName = "FOS::JUN")
let hits = MotifScanner(fosJun, MotifScanOptions()).Scan(sequences)
for h in hits |> Seq.filter (fun h -> h.PValue < 1e-4) do
    printfn "sequence %d, %d-%d (%A): %s, p = %.2g" h.SequenceIndex h.Start h.End h.Strand h.Site h.PValue

(**
## Logos

`SequenceLogo` draws information-content logos (SVG or PNG); in a notebook, display `logo.ToSvg()` as HTML.
*)
let folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "genomics-notebook-motifs")).FullName
SequenceLogo.InformationContent(query.Probabilities, LogoOptions(Title = "query")).Save(Path.Combine(folder, "query.svg"))
SequenceLogo.InformationContent(fosJun.Probabilities, LogoOptions(Title = fosJun.DisplayName)).Save(Path.Combine(folder, "fos-jun.png"))
printfn "logos in %s" folder
