(**
# Gene expression from histone marks: DeepChrome and AttentiveChrome

Both models read 5 histone marks binned into 100 bins around each gene and predict whether the gene is
expressed. This notebook trains each on the small tables shipped with the QuickStart sample, evaluates them and
looks at AttentiveChrome's two attention maps (which bins, which marks).
*)
#load "load.fsx"
open System
open System.IO
open TorchSharp
open Genomics.Models.Architectures
open Genomics.Models.Architectures.AttentiveChrome
open Genomics.Models.Compute
open Genomics.Models.Evaluation
open Genomics.Models.IO
open Genomics.Models.Training

torch.set_num_threads 1
let data name = Path.Combine(__SOURCE_DIRECTORY__, "..", "QuickStart", "data", name)
let train = HistoneTableReader.Read(data "train.csv")
let valid = HistoneTableReader.Read(data "valid.csv")
let test = HistoneTableReader.Read(data "test.csv")
printfn "genes: %d train, %d validation, %d test; marks: %s" train.Count valid.Count test.Count (String.Join(", ", train.MarkNames))

(**
## DeepChrome

A few epochs of Adam keep this quick; the QuickStart sample runs the published recipe.
*)
let context = ComputeContext(Seed = 1L)
let deepChrome = using (new TorchSeedScope(1L)) (fun _ -> ModelCatalog.Create("deepchrome"))
let options = TrainerOptions(Loss = TrainingLoss.CrossEntropy(), Optimizer = OptimizerOptions.Adam(1e-3), Epochs = 3, BatchSize = 16, Seed = 1L)
let trainSet = TrainingSet(train.ToTensor(), train.LabelsTensor())
let validSet = TrainingSet(valid.ToTensor(), valid.LabelsTensor())
let history = Trainer(options, context).Train(deepChrome, trainSet, validSet)
for epoch in history.History do
    printfn "epoch %d: training loss %.4f" epoch.Epoch epoch.TrainingLoss

let probabilityHigh (model: Genomics.Models.Abstractions.ISequenceModel) (set: HistoneDataset) =
    use inputs = set.ToTensor()
    use logits = BatchedPredictor(context).Predict(model, inputs)
    use p = logits.softmax(1L).select(1L, 1L).contiguous()
    p.data<float32>().ToArray() |> Array.map float

let deepChromeScores = probabilityHigh deepChrome test
printfn "DeepChrome test AUROC %.3f" (Metrics.Auroc(deepChromeScores, test.Labels))

(**
## AttentiveChrome and its attention maps

`Explain` returns the logits with the bin-level attention (per mark, over the 100 bins) and the mark-level
attention (over the 5 marks).
*)
let attentive = using (new TorchSeedScope(1L)) (fun _ -> new AttentiveChromeModel(AttentiveChromeOptions.Published))
let bceOptions = TrainerOptions(Loss = TrainingLoss.BinaryCrossEntropy(), Optimizer = OptimizerOptions.Adam(1e-3), Epochs = 2, BatchSize = 16, Seed = 1L)
let floatLabels (set: HistoneDataset) = set.LabelsTensor(torch.ScalarType.Float32).unsqueeze(1L)
Trainer(bceOptions, context).Train(attentive, TrainingSet(train.ToTensor(), floatLabels train), TrainingSet(valid.ToTensor(), floatLabels valid)) |> ignore
attentive.eval()
let explained =
    use inputs = test.ToTensor()
    use _ = torch.no_grad()
    attentive.Explain(inputs)
let markAttention = explained.MarkAttention.select(0L, 0L).data<float32>().ToArray()
for mark, weight in Seq.zip test.MarkNames markAttention do
    printfn "gene %s, mark %-10s attention %.3f" test.GeneIds[0] mark weight
printfn "bin attention shape: %A" explained.BinAttention.shape
explained.Dispose()
