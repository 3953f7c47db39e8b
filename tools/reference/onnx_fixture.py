#!/usr/bin/python3
"""ONNX fixtures for Genomics.Models.Onnx (OnnxSequenceModel) and the engines run on it.

Builds a tiny one-hot DNA CNN in PyTorch with a fixed seed, exports it with torch.onnx.export in three forms and
records the PyTorch twin's outputs on a fixed input, so the tests compare ONNX Runtime's outputs with PyTorch's and
need no Python:

- tiny_cnn.onnx: input "dna" (N, 4, 20) channels-first, dynamic batch; conv(4->6, k5) -> ReLU -> max-pool 2 ->
  flatten (channel-major, as TorchSharp's flatten) -> linear(48->2); output "logits" (N, 2).
- tiny_cnn_channels_last.onnx: the same network and weights behind a permute, input "dna" (N, 20, 4), dynamic batch.
- tiny_cnn_pooled.onnx: conv(4->6, k5) -> ReLU -> global max over positions -> two heads, outputs "head_a" (N, 2)
  and "head_b" (N, 1); any length (dynamic L) but a fixed batch of 2.

onnx_fixture.json holds the weights of the tiny CNN (conv weight [6][4][5], conv bias [6], dense weight [2][48],
dense bias [2]; the tests rebuild the network in TorchSharp from them), the fixed inputs (one-hot, channels-first)
and each file's outputs. Values are written with repr() of float32 widened to float64, which round-trips exactly.

Regenerate (Debian's python3 with torch 1.13 and numpy; the onnx Python package is not needed):

    /usr/bin/python3 tools/reference/onnx_fixture.py
"""

import json
import pathlib

import numpy as np
import torch
from torch import nn

OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "Genomics.Interpret.Tests" / "Onnx"
OPSET = 13
LENGTH = 20


class TinyCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 5)
        self.pool = nn.MaxPool1d(2)
        self.dense = nn.Linear(6 * ((LENGTH - 4) // 2), 2)

    def forward(self, x):
        h = self.pool(torch.relu(self.conv(x)))
        return self.dense(h.flatten(1))


class ChannelsLast(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x.permute(0, 2, 1))


class Pooled(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 5)
        self.head_a = nn.Linear(6, 2)
        self.head_b = nn.Linear(6, 1)

    def forward(self, x):
        h = torch.relu(self.conv(x)).amax(dim=2)
        return self.head_a(h), self.head_b(h)


def one_hot(rng, n, length):
    letters = rng.integers(0, 4, size=(n, length))
    x = np.zeros((n, 4, length), dtype=np.float32)
    for i in range(n):
        x[i, letters[i], np.arange(length)] = 1.0
    return x


def values(t):
    return [float(v) for v in np.asarray(t, dtype=np.float32).ravel()]


def main():
    torch.manual_seed(7)
    rng = np.random.default_rng(7)
    cnn = TinyCnn().eval()
    pooled = Pooled().eval()
    OUT.mkdir(parents=True, exist_ok=True)

    x = one_hot(rng, 5, LENGTH)
    x_pooled = one_hot(rng, 3, 31)
    with torch.no_grad():
        y = cnn(torch.from_numpy(x)).numpy()
        y_last = ChannelsLast(cnn)(torch.from_numpy(x).permute(0, 2, 1)).numpy()
        ya, yb = (t.numpy() for t in pooled(torch.from_numpy(x_pooled)))

    example = torch.from_numpy(x[:2])
    torch.onnx.export(cnn, example, str(OUT / "tiny_cnn.onnx"), input_names=["dna"], output_names=["logits"],
                      dynamic_axes={"dna": {0: "batch"}, "logits": {0: "batch"}}, opset_version=OPSET)
    torch.onnx.export(ChannelsLast(cnn), example.permute(0, 2, 1).contiguous(), str(OUT / "tiny_cnn_channels_last.onnx"),
                      input_names=["dna"], output_names=["logits"],
                      dynamic_axes={"dna": {0: "batch"}, "logits": {0: "batch"}}, opset_version=OPSET)
    torch.onnx.export(pooled, torch.from_numpy(x_pooled[:2]), str(OUT / "tiny_cnn_pooled.onnx"), input_names=["dna"],
                      output_names=["head_a", "head_b"], dynamic_axes={"dna": {2: "length"}}, opset_version=OPSET)

    record = {
        "generator": "tools/reference/onnx_fixture.py",
        "torch": torch.__version__,
        "opset": OPSET,
        "weights": {
            "conv_weight": values(cnn.conv.weight.detach()),
            "conv_bias": values(cnn.conv.bias.detach()),
            "dense_weight": values(cnn.dense.weight.detach()),
            "dense_bias": values(cnn.dense.bias.detach()),
        },
        "input": {"shape": list(x.shape), "values": values(x)},
        "logits": {"shape": list(y.shape), "values": values(y)},
        "logits_channels_last": {"shape": list(y_last.shape), "values": values(y_last)},
        "pooled_input": {"shape": list(x_pooled.shape), "values": values(x_pooled)},
        "head_a": {"shape": list(ya.shape), "values": values(ya)},
        "head_b": {"shape": list(yb.shape), "values": values(yb)},
    }
    (OUT / "onnx_fixture.json").write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
