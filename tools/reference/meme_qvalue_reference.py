#!/usr/bin/python3
"""Reference values for Genomics.Interpret.Statistics.StoreyQValues and Drand48.

Implements, independently of the C# code, MEME's q-value procedure (meme/src/qvalue.c, MEME 5:
compute_qvalues with estimate_pi_zero; 100 bootstraps of 1000 p-values, 100 lambdas up to 0.5, pi0
estimated only from more than 100 p-values, clamped to [0, 1]) and draws the bootstrap indices from the
C library's own drand48() through ctypes, never seeded, as tomtom leaves it. It writes constructed
p-value sets (with a true-null share below 1, so pi0 < 1), their pi0 and q-values, and the first
drand48 values, to tests/Genomics.Interpret.Tests/Statistics/meme_qvalue_reference.json. The tests
compare against that file, so neither CI nor the tests need Python.

Regenerate (Debian: apt-get install -y python3-numpy):

    /usr/bin/python3 tools/reference/meme_qvalue_reference.py

Every case starts from drand48's unseeded state, as in a fresh process, except "second_query", which
continues the stream after "mixed" exactly as tomtom's second query continues after its first. Values
are written with repr(), which round-trips float64 exactly.
"""

import ctypes
import ctypes.util
import json
import pathlib
import platform

import numpy as np

NUM_BOOTSTRAPS = 100
NUM_BOOTSTRAP_SAMPLES = 1000
NUM_LAMBDA = 100
MAX_LAMBDA = 0.5
MIN_SAMPLES = 100

libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.drand48.restype = ctypes.c_double
libc.srand48.argtypes = [ctypes.c_long]
libc.seed48.restype = ctypes.POINTER(ctypes.c_ushort)
libc.seed48.argtypes = [ctypes.POINTER(ctypes.c_ushort)]


def reset_unseeded():
    # glibc's unseeded state is x = 0x1234ABCD330E (with a = 0x5DEECE66D, c = 0xB); seed48 sets exactly that.
    state = (ctypes.c_ushort * 3)(0x330E, 0xABCD, 0x1234)
    libc.seed48(state)


def pi0_at(lam, sorted_p):
    n = len(sorted_p)
    start = 0
    while start < n and not (sorted_p[start] >= lam):
        start += 1
    pi0 = (n - start) / ((1.0 - lam) * n)
    return float("inf") if pi0 == 0.0 else pi0


def estimate_pi0(sorted_p):
    n = len(sorted_p)
    lambdas = [((i + 1) / NUM_LAMBDA) * MAX_LAMBDA for i in range(NUM_LAMBDA)]
    pi0s = [pi0_at(lam, sorted_p) for lam in lambdas]
    plug_in = min(pi0s)
    mse = [0.0] * NUM_LAMBDA
    for _ in range(NUM_BOOTSTRAPS):
        sample = sorted(sorted_p[int(libc.drand48() * n)] for _ in range(NUM_BOOTSTRAP_SAMPLES))
        for i, lam in enumerate(lambdas):
            err = pi0_at(lam, sample) - plug_in
            mse[i] += err * err
    best = 0
    for i in range(1, NUM_LAMBDA):
        if mse[i] < mse[best]:
            best = i
    return max(min(pi0s[best], 1.0), 0.0), lambdas[best]


def qvalues(sorted_p, pi0):
    m = len(sorted_p)
    fdr = [min(1.0, (pi0 * p * m) / (i + 1)) for i, p in enumerate(sorted_p)]
    for i in range(m - 2, -1, -1):
        if fdr[i + 1] < fdr[i]:
            fdr[i] = fdr[i + 1]
    return fdr


def case(name, p, fresh=True):
    sorted_p = sorted(float(x) for x in p)
    if fresh:
        reset_unseeded()
    if len(sorted_p) > MIN_SAMPLES:
        pi0, lam = estimate_pi0(sorted_p)
    else:
        pi0, lam = 1.0, None
    return {"name": name, "pvalues": sorted_p, "pi0": pi0, "lambda": lam, "qvalues": qvalues(sorted_p, pi0)}


def main():
    rng = np.random.default_rng(20261207)
    cases = []
    # 30% alternatives with small p-values, 70% uniform nulls: pi0 near 0.7.
    mixed = np.concatenate([rng.beta(0.08, 1.0, 180), rng.uniform(size=420)])
    cases.append(case("mixed", mixed))
    # The stream continues: what tomtom's second query draws.
    second = np.concatenate([rng.beta(0.2, 1.0, 300), rng.uniform(size=700)])
    cases.append(case("second_query", second, fresh=False))
    # All nulls: pi0 estimates near 1 and is clamped there.
    cases.append(case("uniform", rng.uniform(size=1682)))
    # Exactly MIN_SAMPLES p-values: no estimate, pi0 = 1 (Benjamini-Hochberg).
    cases.append(case("too_few", np.concatenate([rng.beta(0.1, 1.0, 40), rng.uniform(size=60)])))
    # Ties and exact zeros and ones.
    tied = np.round(np.concatenate([rng.beta(0.1, 1.0, 100), rng.uniform(size=200)]), 2)
    cases.append(case("tied", np.concatenate([tied, [0.0, 0.0, 1.0, 1.0]])))

    reset_unseeded()
    draws = [libc.drand48() for _ in range(5)]
    reset_unseeded()
    for _ in range(NUM_BOOTSTRAPS * NUM_BOOTSTRAP_SAMPLES):
        libc.drand48()
    after_one_estimate = [libc.drand48() for _ in range(3)]

    out = {
        "generator": "tools/reference/meme_qvalue_reference.py",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "libc": platform.libc_ver()[1],
        "drand48_first": draws,
        "drand48_after_100000": after_one_estimate,
        "cases": cases,
    }
    path = pathlib.Path(__file__).resolve().parents[2] / "tests/Genomics.Interpret.Tests/Statistics/meme_qvalue_reference.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    for c in cases:
        print(c["name"], len(c["pvalues"]), "pi0 =", c["pi0"], "lambda =", c["lambda"])


if __name__ == "__main__":
    main()
