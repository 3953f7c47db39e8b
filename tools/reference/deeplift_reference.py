#!/usr/bin/python3
"""Independent DeepLIFT (rescale + SHAP max-pool rule) reference values for Genomics.Interpret's DeepLiftShap.

Model: conv1d(4 -> 3, width 3) -> ReLU -> max-pool(2, stride 2) -> flatten -> linear(-> 1), weights from
closed-form formulas (the C# test rebuilds the same model from the JSON). The multipliers are back-propagated by
hand, layer by layer (no autograd, no captum/shap), in float64:
  linear: weight; max-pool: with M = max(out_x, out_r), route (M - out_r)*g through x's arg-max and (out_x - M)*g
  through r's arg-max, sum, divide by (in_x - in_r) (0 where |in_x - in_r| < 1e-7); ReLU: (relu(u_x) - relu(u_r)) /
  (u_x - u_r) where |u_x - u_r| >= 1e-7 else relu'(u_x); conv: transposed convolution.
Run with Debian's python3-torch: /usr/bin/python3 tools/reference/deeplift_reference.py > \
  tests/Genomics.Interpret.Tests/DeepLift/deeplift_reference.json
"""
import json
import math

import torch
import torch.nn.functional as F

EPS = 1e-7
C, L, F_OUT, W = 4, 12, 3, 3
torch.set_default_dtype(torch.float64)


def conv_weight():
    return torch.tensor([[[math.sin(1.0 + 2.1 * f + 1.3 * c + 2.9 * w) for w in range(W)] for c in range(C)] for f in range(F_OUT)])


def conv_bias():
    return torch.tensor([0.3 * math.cos(3 * f) - 0.2 for f in range(F_OUT)])


POOLED = (L - W + 1) // 2


def linear_weight():
    return torch.tensor([[math.cos(0.4 + 1.9 * i) for i in range(F_OUT * POOLED)]])


def one_hot(seq):
    t = torch.zeros(C, len(seq))
    for p, s in enumerate(seq):
        if s in "ACGT":
            t["ACGT".index(s), p] = 1.0
    return t


def forward(x):
    u = F.conv1d(x, conv_weight(), conv_bias())
    a = F.relu(u)
    p = F.max_pool1d(a, 2, 2)
    return u, a, p, F.linear(p.flatten(1), linear_weight(), torch.tensor([0.2]))[:, 0]


def multipliers(x, r):
    ux, ax, px, fx = forward(x)
    ur, ar, pr, fr = forward(r)
    g = linear_weight()[0].view(1, F_OUT, POOLED).expand(x.shape[0], -1, -1)
    # max-pool rule
    _, ix = F.max_pool1d(ax, 2, 2, return_indices=True)
    _, ir = F.max_pool1d(ar, 2, 2, return_indices=True)
    top = torch.maximum(px, pr)
    routed = torch.zeros_like(ax).scatter_add(2, ix, g * (top - pr)).scatter_add(2, ir, g * (px - top))
    din = ax - ar
    g = torch.where(din.abs() >= EPS, routed / torch.where(din.abs() >= EPS, din, torch.ones_like(din)), torch.zeros_like(din))
    # ReLU rescale
    du = ux - ur
    rescale = torch.where(du.abs() >= EPS, (ax - ar) / torch.where(du.abs() >= EPS, du, torch.ones_like(du)), (ux > 0).double())
    g = g * rescale
    # conv: transposed convolution of the multipliers
    m = F.conv_transpose1d(g, conv_weight())
    return m, fx, fr


def main():
    inputs = ["ACGTTGCAAGCT", "GGGTACNATCCA"]
    refs = [["CATGACGTTAGC", "TTGACCAGGTAC"], ["AGTCCTAGGCAT", "CCATGGATCNTA"]]
    x = torch.stack([one_hot(s) for s in inputs])
    out = {"inputs": inputs, "references": refs, "conv_weight": conv_weight().tolist(), "conv_bias": conv_bias().tolist(),
           "linear_weight": linear_weight().tolist(), "linear_bias": [0.2], "epsilon": EPS,
           "multipliers": [], "scores": [], "hypothetical": [], "f_x": [], "f_r": []}
    for i, s in enumerate(inputs):
        xi = x[i:i + 1].expand(len(refs[i]), -1, -1)
        r = torch.stack([one_hot(t) for t in refs[i]])
        m, fx, fr = multipliers(xi, r)
        contrib = (m * (xi - r)).mean(0)
        total = contrib.sum(0, keepdim=True)
        known = x[i].sum(0, keepdim=True) > 0
        scores = torch.where(known, x[i] * total, contrib)
        hyp = (m - (m * r).sum(1, keepdim=True)).mean(0)
        out["multipliers"].append(m.tolist())
        out["scores"].append(scores.tolist())
        out["hypothetical"].append(hyp.tolist())
        out["f_x"].append(fx[0].item())
        out["f_r"].append(fr.tolist())
        # completeness of the reference implementation itself
        assert abs((m * (xi - r)).sum().item() - (fx - fr).sum().item()) < 1e-9
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
