#!/usr/bin/python3
"""Independent DeepExplainer-style reference maps of DeepDifE's published conjoined model, for ConjoinedStrands.

The published Keras weights (weights_single.h5) are read with h5py and laid out by hand for torch (Conv2D (12, 4)
kernel -> conv1d over the four bases, (6, 1) kernels -> strided conv1d with Keras 'same' padding 0 left / 1 right,
Keras channels-last flatten order), sharing nothing with the library's import. The two-input model is
  f(fwd, rc) = 0.5 * sigmoid(g(fwd)) + 0.5 * sigmoid(g(rc)),
run on the paired batch [x repeated K; background], with SHAP DeepExplainer's rules as torch autograd functions in
float64: ReLU and sigmoid rescale ((g(u_x) - g(u_r)) / (u_x - u_r) where |u_x - u_r| >= 1e-7, else g'(u_x)) and the
max-pool rule (with M = max(out_x, out_r), route (M - out_r) * grad through x's arg-max and (out_x - M) * grad through
the reference's, sum, divide by in_x - in_r, 0 where |in_x - in_r| < 1e-7). phi = mean over the background of
multiplier * (x - b), one map per input.

Inputs: the first two promoters of example.fasta_c1 (forward, and reverse complement as the second input) and the
first three background promoters of background_100samples.pkl, forward and reverse complement, each padded with its own
10 + 10 bases drawn from a fixed linear congruential sequence (the strings are written out, so the test needs no
generator).
    /usr/bin/python3 tools/reference/deepdife_deepexplainer_reference.py > \
        tests/Genomics.Interpret.Tests/DeepLift/deepdife_deepexplainer_reference.json
"""
import json
import os

import h5py
import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
EPS = 1e-7
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.normpath(os.path.join(REPO, "..", "shared", "data", "deepdife"))


def weights(h5, name):
    g = h5[name][name]
    return torch.tensor(np.array(g["kernel:0"], dtype=np.float64)), torch.tensor(np.array(g["bias:0"], dtype=np.float64))


def halves(t):
    m = t.shape[0] // 2
    return t[:m], t[m:]


class Rescale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u, kind):
        y = torch.relu(u) if kind == "relu" else torch.sigmoid(u)
        ctx.save_for_backward(u, y)
        ctx.kind = kind
        return y

    @staticmethod
    def backward(ctx, grad):
        u, y = ctx.saved_tensors
        ux, ur = halves(u)
        yx, yr = halves(y)
        du = ux - ur
        deriv = (ux > 0).double() if ctx.kind == "relu" else yx * (1 - yx)
        safe = torch.where(du.abs() >= EPS, du, torch.ones_like(du))
        m = torch.where(du.abs() >= EPS, (yx - yr) / safe, deriv)
        gx, _ = halves(grad)
        return torch.cat([gx * m, gx * m]), None


class MaxPool(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, k):
        out, idx = F.max_pool1d(a, k, k, return_indices=True)
        ctx.save_for_backward(a, out, idx)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out, idx = ctx.saved_tensors
        ax, ar = halves(a)
        px, pr = halves(out)
        ix, ir = halves(idx)
        gx, _ = halves(grad)
        top = torch.maximum(px, pr)
        routed = torch.zeros_like(ax).scatter_add(2, ix, gx * (top - pr)).scatter_add(2, ir, gx * (px - top))
        din = ax - ar
        safe = torch.where(din.abs() >= EPS, din, torch.ones_like(din))
        m = torch.where(din.abs() >= EPS, routed / safe, torch.zeros_like(din))
        return torch.cat([m, m]), None


def branch(h5, x):
    k, b = weights(h5, "conv2d")                      # (12, 4, 1, 64)
    u = F.conv1d(x, k[:, :, 0, :].permute(2, 1, 0), b)
    a = MaxPool.apply(Rescale.apply(u, "relu"), 6)
    for name in ("conv2d_1", "conv2d_2"):
        k, b = weights(h5, name)                      # (6, 1, in, out)
        a = F.conv1d(F.pad(a, (0, 1)), k[:, 0, :, :].permute(2, 1, 0), b, stride=6)
        a = Rescale.apply(a, "relu")
    a = a.permute(0, 2, 1).reshape(a.shape[0], -1)   # Keras flatten: position-major, channels last
    for name in ("dense", "dense_1"):
        k, b = weights(h5, name)
        a = Rescale.apply(a @ k + b, "relu")
    k, b = weights(h5, "dense_2")
    return Rescale.apply(a @ k + b, "sigmoid")[:, 0]


def one_hot(s):
    t = torch.zeros(4, len(s))
    for p, c in enumerate(s):
        if c in "ACGT":
            t["ACGT".index(c), p] = 1.0
    return t


def reverse_complement(s):
    return s[::-1].translate(str.maketrans("ACGTN", "TGCAN"))


def lcg_bases(n, state):
    out = []
    for _ in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        out.append("ACGT"[(state >> 16) % 4])
    return "".join(out), state


def main():
    records, name, seq = [], None, []
    with open(os.path.join(DATA, "example.fasta_c1")) as f:
        for line in f:
            line = line.strip()
            if line.startswith(">"):
                if name is not None:
                    records.append("".join(seq))
                name, seq = line, []
            else:
                seq.append(line.upper())
    records.append("".join(seq))
    inputs = records[:2]

    raw = open(os.path.join(DATA, "background_100samples.pkl"), "rb").read()
    fwd = np.frombuffer(raw[156:156 + 1920000], dtype="<i8").reshape(100, 600, 4)
    rc = np.frombuffer(raw[1920206:1920206 + 1920000], dtype="<i8").reshape(100, 600, 4)
    state = 20240521
    background_forward, background_reverse = [], []
    for i in range(3):
        for target, array in ((background_forward, fwd), (background_reverse, rc)):
            left, state = lcg_bases(10, state)
            right, state = lcg_bases(10, state)
            target.append(left + "".join("ACGT"[j] for j in array[i].argmax(1)) + right)

    k = len(background_forward)
    bf = torch.stack([one_hot(s) for s in background_forward])
    br = torch.stack([one_hot(s) for s in background_reverse])
    out = {"inputs": inputs, "background_forward": background_forward, "background_reverse": background_reverse,
           "epsilon": EPS, "phi_forward": [], "phi_reverse": [], "f_x": [], "f_background_mean": []}
    with h5py.File(os.path.join(DATA, "weights_single.h5"), "r") as h5:
        for s in inputs:
            xf = one_hot(s).unsqueeze(0).expand(k, -1, -1)
            xr = one_hot(reverse_complement(s)).unsqueeze(0).expand(k, -1, -1)
            pf = torch.cat([xf, bf]).requires_grad_(True)
            pr = torch.cat([xr, br]).requires_grad_(True)
            f = 0.5 * branch(h5, pf) + 0.5 * branch(h5, pr)
            gf, gr = torch.autograd.grad(f[:k].sum(), [pf, pr])
            phi_f = (gf[:k] * (xf - bf)).mean(0)
            phi_r = (gr[:k] * (xr - br)).mean(0)
            fx, fb = f[0].item(), f[k:].mean().item()
            assert abs(phi_f.sum().item() + phi_r.sum().item() - (fx - fb)) < 1e-9, "reference is not complete"
            out["phi_forward"].append([[float("%.10g" % v) for v in row] for row in phi_f.tolist()])
            out["phi_reverse"].append([[float("%.10g" % v) for v in row] for row in phi_r.tolist()])
            out["f_x"].append(fx)
            out["f_background_mean"].append(fb)
    print(json.dumps(out, separators=(",", ":")))


if __name__ == "__main__":
    main()
