#!/usr/bin/python3
"""Plain-PyTorch twins of Genomics' Basset, DeepDifE and DeepChrome presets, for side-by-side framework timings.

The networks are written from the layer tables in src/Genomics.Models/Architectures/*/…Model.cs, with the same module
names as the C# models, so that the weights exported by benchmarks/Genomics.Benchmarks.Framework load with
load_state_dict(strict=True). Needs only Debian's python3-torch (and numpy, which it depends on):

  /usr/bin/python3 tools/reference/framework_twin.py check DIR [--onednn on|off]
      Loads DIR/<arch>/manifest.json, runs the evaluation-mode forward pass and the loss gradient on the exported input
      and prints the largest differences from the C# results (must be float32 rounding noise).
  /usr/bin/python3 tools/reference/framework_twin.py time DIR [--arch Basset,DeepDifE,DeepChrome]
      [--ops forward,forward+backward,adam-step] [--threads 1] [--onednn on|off] [--warmup 3] [--reps 5] [--tag TEXT]
      Prints one JSON line per architecture and operation, the same schema as the C# driver's `time`.
  /usr/bin/python3 tools/reference/framework_twin.py layers DIR [--threads 1] [--onednn on|off] [--warmup 3] [--reps 5]
      Times each step of Basset's evaluation-mode forward pass alone, as the C# driver's `layers` does.
  /usr/bin/python3 tools/reference/framework_twin.py gflops [--threads 1] [--onednn on|off] [--sizes 2048,4096]
      [--conv-sizes 2048] [--warmup 1] [--reps 5]
      The float32 mm and width-1 convolution rates of this PyTorch build, as the C# driver's `gflops` measures them.

benchmarks/framework-vs-pytorch.sh runs it alternately with the C# driver. Operations, step for step as
benchmarks/Genomics.Benchmarks.Framework/Timing.cs: forward = eval mode under no_grad; forward+backward = train mode,
zero_grad(set_to_none=True), the training loss, backward; adam-step = the same plus Adam(lr=1e-3).step().
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

ARCHITECTURES = ("Basset", "DeepDifE", "DeepChrome")
OPERATIONS = ("forward", "forward+backward", "adam-step")


class Basset(nn.Module):
    """BassetModel with BassetOptions.Published: three conv/BN/ReLU/max-pool blocks, two BN'd hidden layers, 164 logits."""

    def __init__(self, filters=(300, 200, 200), widths=(19, 11, 7), pools=(3, 4, 4), hidden=(1000, 1000),
                 dropout=0.3, targets=164, length=600):
        super().__init__()
        self.convs = nn.ModuleList()
        self.convNorms = nn.ModuleList()
        channels = 4
        for f, w, p in zip(filters, widths, pools):
            self.convs.append(nn.Conv1d(channels, f, w))
            self.convNorms.append(nn.BatchNorm1d(f, eps=1e-5, momentum=0.1))
            channels = f
            length = (length - w + 1) // p
        self.pools = pools
        self.hidden = nn.ModuleList()
        self.hiddenNorms = nn.ModuleList()
        self.hiddenDropouts = nn.ModuleList()
        width = channels * length
        for units in hidden:
            self.hidden.append(nn.Linear(width, units))
            self.hiddenNorms.append(nn.BatchNorm1d(units, eps=1e-5, momentum=0.1))
            self.hiddenDropouts.append(nn.Dropout(dropout))
            width = units
        self.output = nn.Linear(width, targets)

    def forward(self, x):
        for conv, norm, pool in zip(self.convs, self.convNorms, self.pools):
            x = F.max_pool1d(F.relu(norm(conv(x))), pool, pool)
        x = x.flatten(1)
        for linear, norm, dropout in zip(self.hidden, self.hiddenNorms, self.hiddenDropouts):
            x = dropout(F.relu(norm(linear(x))))
        return self.output(x)


class DeepDifE(nn.Module):
    """DeepDifEModel with DeepDifEOptions.Published: conv 64×12, pool 6, two stride-6 Keras-'same' convs, dense 256/128/1."""

    def __init__(self, length=620, kernel=12, conv_layers=3, filters=64, pool=6, extra_kernel=6, extra_stride=6,
                 dense=(256, 128), dropout=0.25):
        super().__init__()
        self.conv = nn.Conv1d(4, filters, kernel)
        self.pool = pool
        self.convDropout = nn.Dropout(dropout)
        self.extraConvs = nn.ModuleList()
        self.extraDropouts = nn.ModuleList()
        self.padding = []
        length = (length - kernel + 1) // pool
        channels = filters
        for i in range(1, conv_layers):
            out = filters >> (i - 1)
            out_length = (length + extra_stride - 1) // extra_stride
            total = max((out_length - 1) * extra_stride + extra_kernel - length, 0)
            self.padding.append((total // 2, total - total // 2))
            self.extraConvs.append(nn.Conv1d(channels, out, extra_kernel, stride=extra_stride))
            self.extraDropouts.append(nn.Dropout(dropout))
            channels, length = out, out_length
        self.dense1 = nn.Linear(channels * length, dense[0])
        self.denseDropout = nn.Dropout(dropout)
        self.dense2 = nn.Linear(dense[0], dense[1])
        self.output = nn.Linear(dense[1], 1)

    def forward(self, x):
        x = self.convDropout(F.max_pool1d(F.relu(self.conv(x)), self.pool, self.pool))
        for conv, dropout, (left, right) in zip(self.extraConvs, self.extraDropouts, self.padding):
            if left or right:
                x = F.pad(x, (left, right))
            x = dropout(F.relu(conv(x)))
        x = x.permute(0, 2, 1).flatten(1)  # Keras order: position major, channel minor
        x = self.denseDropout(F.relu(self.dense1(x)))
        x = F.relu(self.dense2(x))
        return self.output(x)


class DeepChrome(nn.Module):
    """DeepChromeModel with DeepChromeOptions.Published: conv 5→50 ×10, max-pool 5, dropout 0.5, dense 625/125/2."""

    def __init__(self, marks=5, bins=100, filters=50, kernel=10, pool=5, hidden=(625, 125), dropout=0.5):
        super().__init__()
        self.conv = nn.Conv1d(marks, filters, kernel)
        self.pool = pool
        self.dropout = nn.Dropout(dropout)
        self.hidden = nn.ModuleList()
        width = filters * ((bins - kernel + 1) // pool)
        for size in hidden:
            self.hidden.append(nn.Linear(width, size))
            width = size
        self.output = nn.Linear(width, 2)

    def forward(self, x):
        x = F.max_pool1d(F.relu(self.conv(x)), self.pool, self.pool)
        x = self.dropout(x.flatten(1))
        for linear in self.hidden:
            x = F.relu(linear(x))
        return self.output(x)


MODELS = {"Basset": Basset, "DeepDifE": DeepDifE, "DeepChrome": DeepChrome}


def loss_function(name):
    if name == "bce":
        return F.binary_cross_entropy_with_logits
    if name == "cross-entropy":
        return F.cross_entropy
    raise ValueError(f"unknown loss {name}")


def read_tensor(folder, entry):
    dtype = {"float32": "<f4", "int64": "<i8"}[entry["Dtype"]]
    array = np.fromfile(os.path.join(folder, entry["File"]), dtype=dtype).reshape(entry["Shape"])
    return torch.from_numpy(array.copy())


def load(directory, arch):
    """The twin with the exported weights, the manifest, the input and the targets."""
    folder = os.path.join(directory, arch)
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    model = MODELS[arch]()
    state = {e["Name"]: read_tensor(folder, e) for e in manifest["Weights"]}
    model.load_state_dict(state, strict=True)
    return model, manifest, read_tensor(folder, manifest["Input"]), read_tensor(folder, manifest["Targets"])


def check(args):
    """Forward output and loss must agree to float32 rounding (relative 1e-4). Gradients are compared by the norm of
    the difference per tensor (limit 1e-2, far below what a wrong layer gives): where two values in a max-pool window
    differ by less than the rounding difference between the frameworks, the arg-max and with it that window's gradient
    may go to the other position. Basset's first block has a few such windows per batch, which moves its gradients by
    about 1e-3 relative; PyTorch in float32 against PyTorch in float64 differs as much."""
    failed = False
    for arch in args.arch:
        folder = os.path.join(args.dir, arch)
        model, manifest, x, targets = load(args.dir, arch)
        reference = read_tensor(folder, manifest["Output"])
        model.eval()
        model.zero_grad(set_to_none=True)
        output = model(x)
        loss = loss_function(manifest["Loss"])(output, targets)
        loss.backward()
        delta = (output.detach() - reference).abs().max().item()
        relative = delta / reference.abs().max().item()
        parameters = dict(model.named_parameters())
        grad_relative, grad_name = 0.0, ""
        for e in manifest["Gradients"]:
            ours = read_tensor(folder, e)
            r = (parameters[e["Name"]].grad - ours).norm().item() / max(ours.norm().item(), 1e-30)
            if r > grad_relative:
                grad_relative, grad_name = r, e["Name"]
        loss_relative = abs(loss.item() - manifest["EvalLoss"]) / abs(manifest["EvalLoss"])
        print(f"{arch}: output {tuple(output.shape)} max|Δ| {delta:.3g} (relative to max|output| {relative:.3g}); "
              f"loss {loss.item():.7g} vs {manifest['EvalLoss']:.7g} (relative {loss_relative:.2g}); "
              f"gradients ‖Δ‖/‖g‖ at most {grad_relative:.3g} ({grad_name})")
        failed |= relative > 1e-4 or loss_relative > 1e-4 or grad_relative > 1e-2
    if failed:
        print("MISMATCH: the twin does not compute what the C# model computes", file=sys.stderr)
        return 1
    return 0


def measure(warmup, reps, work):
    for _ in range(warmup):
        work()
    seconds = []
    for _ in range(reps):
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return seconds


def settings(args):
    return {"framework": "pytorch", "threads": args.threads, "one_dnn": torch.backends.mkldnn.enabled,
            "lib_torch_threads": torch.get_num_threads(), "tag": args.tag, "version": torch.__version__}


def time_all(args):
    ops = args.ops.split(",")
    for arch in args.arch:
        model, manifest, x, targets = load(args.dir, arch)
        loss_fn = loss_function(manifest["Loss"])
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        results = []
        if "forward" in ops:
            model.eval()

            def forward():
                with torch.no_grad():
                    model(x)
            results.append(("forward", measure(args.warmup, args.reps, forward)))
        if "forward+backward" in ops:
            model.train()

            def forward_backward():
                model.zero_grad(set_to_none=True)
                loss_fn(model(x), targets).backward()
            results.append(("forward+backward", measure(args.warmup, args.reps, forward_backward)))
        if "adam-step" in ops:
            model.train()

            def adam_step():
                optimizer.zero_grad(set_to_none=True)
                loss_fn(model(x), targets).backward()
                optimizer.step()
            results.append(("adam-step", measure(args.warmup, args.reps, adam_step)))
        for operation, seconds in results:
            print(json.dumps({"settings": settings(args), "architecture": arch, "batch": manifest["Batch"],
                              "operation": operation, "median_s": statistics.median(seconds), "seconds": seconds}),
                  flush=True)
    return 0


def layers(args):
    """Basset's evaluation-mode forward pass step by step, each step timed on the previous step's output."""
    model, manifest, x, _ = load(args.dir, "Basset")
    model.eval()
    steps = []
    for i, (conv, norm, pool) in enumerate(zip(model.convs, model.convNorms, model.pools)):
        steps += [(f"convs.{i}", conv), (f"convNorms.{i}", norm), (f"convActivations.{i}", F.relu),
                  (f"pools.{i}", lambda t, p=pool: F.max_pool1d(t, p, p))]
    steps.append(("flatten", lambda t: t.flatten(1)))
    for i, (linear, norm, dropout) in enumerate(zip(model.hidden, model.hiddenNorms, model.hiddenDropouts)):
        steps += [(f"hidden.{i}", linear), (f"hiddenNorms.{i}", norm), (f"hiddenActivations.{i}", F.relu),
                  (f"hiddenDropouts.{i}", dropout)]
    steps.append(("output", model.output))
    with torch.no_grad():
        for name, run in steps:
            seconds = measure(args.warmup, args.reps, lambda: run(x))
            print(json.dumps({"settings": settings(args), "architecture": "Basset", "batch": manifest["Batch"],
                              "operation": "forward step " + name, "median_s": statistics.median(seconds),
                              "seconds": seconds}), flush=True)
            x = run(x)
    return 0


def gflops(args):
    generator = torch.Generator().manual_seed(3)
    for n in (int(s) for s in args.sizes.split(",")):
        a = torch.randn(n, n, generator=generator)
        b = torch.randn(n, n, generator=generator)
        seconds = measure(args.warmup, args.reps, lambda: torch.mm(a, b))
        median = statistics.median(seconds)
        print(json.dumps({"settings": settings(args), "work": f"mm {n}x{n}", "gflop": 2 * n ** 3 / 1e9,
                          "median_s": median, "gflop_per_s": 2 * n ** 3 / median / 1e9, "seconds": seconds}), flush=True)
    generator = torch.Generator().manual_seed(4)
    for n in (int(s) for s in args.conv_sizes.split(",")):
        x = torch.randn(8, n, 512, generator=generator)
        w = torch.randn(n, n, 1, generator=generator)

        def conv():
            with torch.no_grad():
                F.conv1d(x, w)
        seconds = measure(args.warmup, args.reps, conv)
        median = statistics.median(seconds)
        flop = 2 * 8 * 512 * n * n
        print(json.dumps({"settings": settings(args), "work": f"conv1d width 1, (8, {n}, 512) x ({n}, {n}, 1)",
                          "gflop": flop / 1e9, "median_s": median, "gflop_per_s": flop / median / 1e9,
                          "seconds": seconds}), flush=True)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("check", "time", "layers", "gflops"))
    parser.add_argument("dir", nargs="?", help="the folder written by `Genomics.Benchmarks.Framework export`")
    parser.add_argument("--arch", default=",".join(ARCHITECTURES))
    parser.add_argument("--ops", default=",".join(OPERATIONS))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--onednn", choices=("on", "off"), default="on")
    parser.add_argument("--warmup", type=int, default=None)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--sizes", default="2048,4096")
    parser.add_argument("--conv-sizes", default="2048")
    parser.add_argument("--tag", default="")
    args = parser.parse_args()
    args.arch = args.arch.split(",")
    if args.warmup is None:
        args.warmup = 1 if args.command == "gflops" else 3
    if args.command != "gflops" and not args.dir:
        parser.error("give the export folder")
    torch.set_num_threads(args.threads)
    torch.backends.mkldnn.enabled = args.onednn == "on"
    return {"check": check, "time": time_all, "layers": layers, "gflops": gflops}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
