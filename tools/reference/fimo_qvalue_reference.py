#!/usr/bin/python3
"""Reference q-values of FIMO scans for Genomics.Interpret.Scanning (MotifScanner's q-values).

Implements, independently of the C# code, what MEME 5's fimo does with a motif's window p-values:

* fimo_record_score (fimo.c): every scored window (each strand) is counted and offered to a reservoir sampler
  (reservoir.c: Knuth's Algorithm R, room for 10,000; the n-th p-value after the first 10,000 replaces sample
  int(n * u) when that is below 10,000); windows with p <= --thresh are stored.
* add_pattern_matched_element / reduce_pattern_matched_elements (cisml.c): with --max-stored-scores hits stored,
  the next hit first drops the floor(0.5 * stored) largest p-values and every stored p-value at least as large as
  the last one dropped; later hits must not exceed the largest p-value still stored.
* pattern_calculate_qvalues (cisml.c) -> compute_qvalues (qvalue.c): q-values of the stored p-values with
  total_values = the number of scored windows, FDR = pi0 * p * (float)total / (float)rank, capped at 1, made monotone
  from the largest p down; pi0 is estimated (estimate_pi_zero, as in meme_qvalue_reference.py) from the stored
  p-values when every window was stored, else from the reservoir sample, only from more than 100 p-values (else 1),
  and not at all when nothing was stored. The bootstrap draws come from the C library's own drand48 (ctypes), never
  seeded, continuing from motif to motif within one run.

fimo draws the reservoir's u from MEME's Mersenne Twister; the library draws it from a drand48 generator of its own
at the unseeded state, reimplemented here in pure Python (48-bit LCG), so that the >10,000-window case can be
checked too. Below 10,000 windows the reservoir holds every p-value and no u is drawn.

Writes tests/Genomics.Interpret.Tests/Scanning/fimo_qvalue_reference.json; the tests compare against that file, so
neither CI nor the tests need Python. Regenerate (Debian: apt-get install -y python3-numpy):

    /usr/bin/python3 tools/reference/fimo_qvalue_reference.py
"""

import json
import pathlib
import platform
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from meme_qvalue_reference import MIN_SAMPLES, estimate_pi0, reset_unseeded  # noqa: E402

RESERVOIR_SIZE = 10000


def lcg_drand48():
    """drand48 from glibc's unseeded state, as a pure-Python 48-bit LCG."""
    x = 0x1234ABCD330E
    while True:
        x = (0x5DEECE66D * x + 0xB) % (1 << 48)
        yield x / float(1 << 48)


def reservoir_sample(window_p):
    rng = lcg_drand48()
    sample = []
    seen = 0
    for p in window_p:
        seen += 1
        if len(sample) < RESERVOIR_SIZE:
            sample.append(p)
        else:
            r = int(seen * next(rng))
            if r < RESERVOIR_SIZE:
                sample[r] = p
    return sample


def keep_stored(hit_p, max_stored):
    """Indices (into hit_p, ascending) of the hits a capped store keeps."""
    if max_stored is None:
        return list(range(len(hit_p)))
    stored = []
    max_retained = float("inf")
    for i, p in enumerate(hit_p):
        if p > max_retained:
            continue
        if len(stored) >= max_stored:
            by_p = sorted(stored, key=lambda j: -hit_p[j])
            to_delete = int(np.float32(0.5) * np.float32(len(by_p)))
            min_discarded = 1.0
            for j in by_p[:to_delete]:
                min_discarded = hit_p[j]
            rest = by_p[to_delete:]
            while rest and hit_p[rest[0]] >= min_discarded:
                rest.pop(0)
            stored = rest
            max_retained = hit_p[rest[0]] if rest else np.nextafter(min_discarded, -np.inf)
        if p <= max_retained:
            stored.append(i)
    return sorted(stored)


def fimo_qvalues(window_p, thresh, max_stored, method, fresh):
    hit_windows = [w for w, p in enumerate(window_p) if p <= thresh]
    hit_p = [window_p[w] for w in hit_windows]
    kept = [hit_windows[i] for i in keep_stored(hit_p, max_stored)]
    stored = sorted(window_p[w] for w in kept)
    m = len(window_p)
    if fresh:
        reset_unseeded()
    pi0 = 1.0
    if method == "storey" and stored:
        sample = stored if len(stored) == m else sorted(reservoir_sample(window_p))
        if len(sample) > MIN_SAMPLES:
            pi0, _ = estimate_pi0(sample)
    total = float(np.float32(m))
    fdr = [min(1.0, (pi0 * p * total) / float(np.float32(i + 1))) for i, p in enumerate(stored)]
    for i in range(len(fdr) - 2, -1, -1):
        if fdr[i + 1] < fdr[i]:
            fdr[i] = fdr[i + 1]
    # Each kept hit gets the q-value of the highest rank of its p-value (ties are equal after the monotone step).
    last_rank = {p: i for i, p in enumerate(stored)}
    q = [fdr[last_rank[window_p[w]]] for w in kept]
    return kept, pi0, q


def case(name, window_p, thresh, max_stored=None, method="storey", fresh=True):
    window_p = [float(p) for p in window_p]
    kept, pi0, q = fimo_qvalues(window_p, thresh, max_stored, method, fresh)
    return {
        "name": name,
        "threshold": thresh,
        "max_stored": max_stored,
        "method": method,
        "fresh": fresh,
        "window_pvalues": window_p,
        "kept_windows": kept,
        "pi0": pi0,
        "qvalues": q,
    }


def scan_pvalues(rng, alternatives, nulls, digits, shape=0.2):
    """Window p-values in scan order: nulls uniform, alternatives Beta(shape, 1), shuffled, rounded to make ties."""
    p = np.concatenate([rng.beta(shape, 1.0, alternatives), rng.uniform(size=nulls)])
    rng.shuffle(p)
    return np.round(p, digits)


def main():
    rng = np.random.default_rng(20261208)
    cases = [
        # --thresh 1: every window stored, pi0 from the stored p-values.
        case("all_stored", scan_pvalues(rng, 150, 450, 6), 1.0),
        # A p-value threshold under 10,000 windows: pi0 from every window (the reservoir holds them all).
        case("thresh", scan_pvalues(rng, 900, 2100, 5), 0.01),
        # The next motif of the same run: the bootstrap stream continues.
        case("next_motif", scan_pvalues(rng, 400, 2600, 5), 0.02, fresh=False),
        # Over 10,000 windows: pi0 from the reservoir's sample of 10,000.
        case("reservoir", scan_pvalues(rng, 2500, 10500, 4), 0.001),
        # --max-stored-scores 60: the least significant hits are dropped as they overflow.
        case("capped", scan_pvalues(rng, 500, 1500, 5, shape=0.5), 0.05, max_stored=60),
        # 100 windows or fewer: pi0 = 1.
        case("few", scan_pvalues(rng, 30, 60, 5), 0.2),
        # Benjamini-Hochberg: pi0 = 1 whatever the p-values.
        case("bh", scan_pvalues(rng, 900, 2100, 5), 0.01, method="bh"),
    ]
    out = {
        "generator": "tools/reference/fimo_qvalue_reference.py",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "libc": platform.libc_ver()[1],
        "cases": cases,
    }
    path = pathlib.Path(__file__).resolve().parents[2] / "tests/Genomics.Interpret.Tests/Scanning/fimo_qvalue_reference.json"
    path.write_text(json.dumps(out) + "\n")
    for c in cases:
        print(c["name"], len(c["window_pvalues"]), "windows,", len(c["kept_windows"]), "kept, pi0 =", c["pi0"])


if __name__ == "__main__":
    main()
