(**
# DeepASMM: motif autonomy and sequence-context synergy

DeepASMM scores every k-mer that occurs often enough in a background by forward perturbation of a model:
**autonomous functionality** (the motif alone in an empty input) and **sequence-context synergy** (the motif erased
from its native context). This notebook reads 20 sequences of DeepASMM's Basset demo table (shipped with the
DeepAsmm sample) and scores 6-mers with a small, untrained Basset-shaped model — the point is the pipeline; use a
trained model for meaningful scores.
*)
#load "load.fsx"
open System.IO
open TorchSharp
open Genomics.Interpret.Asmm
open Genomics.Models.Architectures.Basset
open Genomics.Models.Compute
open Genomics.Models.Training

torch.set_num_threads 1
let table = AsmmTableReader.Read(Path.Combine(__SOURCE_DIRECTORY__, "..", "DeepAsmm", "data", "basset_8988T_200.csv"))
let background = AsmmBackground.FromTable(table).Subset([| 0 .. 19 |])
printfn "%d of %d sequences, %d bp each" background.Count table.Count background.TotalLength

(**
## Model and scores

A Basset with few filters and units keeps this to seconds; `BassetOptions.Published` is the full-size network.
*)
let options = BassetOptions(ConvFilters = [| 16; 16; 16 |], HiddenUnits = [| 32; 32 |], Targets = 3)
let model = using (new TorchSeedScope(1L)) (fun _ -> new BassetModel(options))
let engine = DeepAsmm(DeepAsmmOptions.Default)
let result = engine.Run(model, background, motifLength = 6, minimumCount = 15, context = ComputeContext(Seed = 1L, BatchSize = 256))
printfn "%d 6-mers with at least 15 occurrences" result.Motifs.Count
for m in result.RankedByAutonomy() |> Seq.truncate 5 do
    printfn "%s  count %3d  AF %.3f  SCS %.3f" m.Motif m.Count m.Autonomy m.Synergy

(**
## The original's table

`WriteCsv` writes the columns of DeepASMM's `output.csv` (written atomically).
*)
let csv = Path.Combine(Path.GetTempPath(), "genomics-notebook-deepasmm.csv")
result.WriteCsv(csv)
printfn "%s" (File.ReadLines(csv) |> Seq.head)
model.Dispose()
