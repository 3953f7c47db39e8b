(**
# Attributions: saliency, DeepLIFT-SHAP and in-silico mutagenesis

A small DeepDifE-style CNN learns, in a few seconds, that sequences holding an AP-1 site (TGACTCA) are positive.
Three methods then explain its prediction for one positive sequence; all return an `AttributionResult` with scores
(N, 4, L) that is disposed after use.
*)
#load "load.fsx"
open System
open System.IO
open TorchSharp
open Genomics.Interpret
open Genomics.Interpret.Abstractions
open Genomics.Interpret.DeepLift
open Genomics.Interpret.Gradients
open Genomics.Interpret.Mutagenesis
open Genomics.Interpret.Plots
open Genomics.Models.Architectures.DeepDifE
open Genomics.Models.Compute
open Genomics.Models.Encoding
open Genomics.Models.Training

torch.set_num_threads 1
let random = Random(1)
let sequences, labels =
    [| for i in 0 .. 799 ->
        let bases = Array.init 100 (fun _ -> "ACGT"[random.Next 4])
        if i % 2 = 0 then "TGACTCA".CopyTo(0, bases, random.Next(10, 80), 7)
        String(bases), float32 (1 - i % 2) |] |> Array.unzip
let x = OneHotEncoder.Encode(sequences)
let y = torch.tensor(labels, ReadOnlySpan<int64>([| 800L; 1L |]))

(**
## A small model, trained briefly
*)
let context = ComputeContext(Seed = 1L, BatchSize = 64)
let model = using (new TorchSeedScope(1L)) (fun _ -> new DeepDifEModel(DeepDifEOptions(InputLength = 100, FirstFilters = 16, ConvLayers = 2, FirstDenseUnits = 32, SecondDenseUnits = 16)))
let options = TrainerOptions(Loss = TrainingLoss.BinaryCrossEntropy(), Optimizer = OptimizerOptions.Adam(3e-3), Epochs = 12, BatchSize = 32, Seed = 1L)
let history = Trainer(options, context).Train(model, TrainingSet(x, y))
for e in history.History do printfn "epoch %d: training loss %.3f" e.Epoch e.TrainingLoss

(**
## Three attributions of the first sequence

Gradient × input, DeepLIFT-SHAP (rescale rule, 10 dinucleotide-shuffled references) and ISM (mean-centred Δ per
position). The site's position is printed for comparison with the largest scores.
*)
let one = x.narrow(0L, 0L, 1L)
let target = AttributionTarget.Output(0)
let site = sequences[0].IndexOf("TGACTCA")
let peak (result: AttributionResult) =
    let scores = result.ScoresOf(0)
    let perPosition = Array.init 100 (fun l -> Seq.sum (seq { for c in 0 .. 3 -> abs scores[c, l] }))
    Array.IndexOf(perPosition, Array.max perPosition)

let saliency = Saliency(SaliencyOptions(Method = SaliencyMethod.GradientTimesInput)).Attribute(model, one, target, context)
let shap = DeepLiftShap(DeepLiftShapOptions(References = 10, Seed = 7L)).Attribute(model, one, target, context)
let ism = InSilicoMutagenesis().Attribute(model, one, target, context)
printfn "site at %d; largest |score| at: gradient x input %d, DeepLIFT-SHAP %d, ISM %d" site (peak saliency) (peak shap) (peak ism)
printfn "DeepLIFT-SHAP convergence delta %.2g" shap.MaxConvergenceDelta

(**
## The same in one line each

`Attributions` (namespace `Genomics.Interpret`) wraps the engines for the common cases, the way tangermeme reads: an
output index as the target, optional context (device, batch size, seed, logging), progress and cancellation. The
results are exactly the engines' for the same settings; here the context carries DeepLIFT-SHAP's reference seed.
*)
let quickSaliency = Attributions.Saliency(model, one, target = 0, method = SaliencyMethod.GradientTimesInput, context = context)
let quickShap = Attributions.DeepLiftShap(model, one, target = 0, references = 10, context = ComputeContext(Seed = 7L, BatchSize = 64))
let quickIsm = Attributions.SaturationMutagenesis(model, one, target = 0, context = context)
let same (a: AttributionResult) (b: AttributionResult) = a.Scores.allclose(b.Scores, 0.0, 0.0)
printfn "one-liners equal the engines: saliency %b, DeepLIFT-SHAP %b, ISM %b" (same quickSaliency saliency) (same quickShap shap) (same quickIsm ism)
for r in [ quickSaliency; quickShap; quickIsm ] do r.Dispose()

(**
## A logo track of the DeepLIFT-SHAP scores

`AttributionPlot.Draw` draws the scores as letters scaled by their value (SVG or PNG; in a notebook, display
`plot.ToSvg()` as HTML).
*)
let toDouble (m: float32[,]) = Array2D.map float m
let plot = AttributionPlot.Draw(toDouble (shap.ScoresOf 0), toDouble (OneHotEncoder.EncodeToMatrix sequences[0]), title = "DeepLIFT-SHAP")
let file = Path.Combine(Path.GetTempPath(), "genomics-notebook-attribution.svg")
plot.Save(file)
printfn "track: %s (%d x %d)" file plot.Width plot.Height
for r in [ saliency; shap; ism ] do r.Dispose()
model.Dispose()
