#!/usr/bin/python3
"""A tiny TF-MoDISco results file in tfmodisco-lite 2.x's modisco_results.h5 layout, and a check of other files.

Writes, with h5py, the file that tfmodisco-lite's io.save_hdf5 would write for a small hand-made result, so that
Genomics.Interpret.Modisco.ModiscoHdf5.Read is tested against h5py's encoding without tfmodisco-lite installed:

    tests/Genomics.Interpret.Tests/Modisco/modisco_results_fixture.h5
    tests/Genomics.Interpret.Tests/Modisco/modisco_results_fixture.json   (every value the file holds, and its layout)

Layout written (as save_hdf5 / save_pattern do it): root attributes window_size (int) and alphabet ('ACGT'); groups
pos_patterns and neg_patterns with pattern_0, pattern_1, ...; each pattern has sequence, contrib_scores and
hypothetical_contribs ((W, 4) float64 means over its seqlets), a group seqlets (n_seqlets as a 1-element int array;
start, end, example_idx as int arrays; is_revcomp as a bool array; sequence, contrib_scores, hypothetical_contribs as
(n, W, 4) snippets, reverse-complemented ([::-1, ::-1]) for reverse seqlets) and subpattern_0, subpattern_1, ...
with the same structure. Two positive patterns (the first with two sub-patterns) and one negative pattern.

The tests read the committed files, so neither CI nor the tests need Python. Regenerate (Debian: python3-h5py,
python3-numpy):

    /usr/bin/python3 tools/reference/modisco_h5_fixture.py

Check a file the library wrote (h5py opens it; layout, dtypes and shapes as tfmodisco-lite writes them; pattern
matrices consistent with the seqlet snippets); prints the layout and exits non-zero on a difference:

    /usr/bin/python3 tools/reference/modisco_h5_fixture.py --check path/to/modisco_results.h5
"""

import json
import pathlib
import sys

import h5py
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "Genomics.Interpret.Tests" / "Modisco"
N, L = 6, 24


class Seqlet:
    """tfmodisco-lite's core.Seqlet: coordinates on the forward strand plus the snippets as read on its strand."""

    def __init__(self, example_idx, start, end, is_revcomp, arrays):
        self.example_idx, self.start, self.end, self.is_revcomp = example_idx, start, end, is_revcomp
        one_hot, contrib, hyp = (a[example_idx][start:end] for a in arrays)
        if is_revcomp:
            one_hot, contrib, hyp = one_hot[::-1, ::-1], contrib[::-1, ::-1], hyp[::-1, ::-1]
        self.sequence, self.contrib_scores, self.hypothetical_contribs = one_hot, contrib, hyp


class Pattern:
    """tfmodisco-lite's core.SeqletSet: float64 means of its equally long seqlets."""

    def __init__(self, seqlets, subpatterns=None):
        self.seqlets = seqlets
        for track in ("sequence", "contrib_scores", "hypothetical_contribs"):
            total = np.zeros((len(seqlets[0].sequence), 4), dtype="float")
            for s in seqlets:
                total += getattr(s, track)
            setattr(self, track, total / len(seqlets))
        self.subpatterns = subpatterns or []


def save_pattern(pattern, grp):
    """The datasets io.save_pattern creates, with the same numpy constructions (so the same dtypes)."""
    grp.create_dataset("sequence", data=pattern.sequence)
    grp.create_dataset("contrib_scores", data=pattern.contrib_scores)
    grp.create_dataset("hypothetical_contribs", data=pattern.hypothetical_contribs)
    seqlets = grp.create_group("seqlets")
    seqlets.create_dataset("n_seqlets", data=np.array([len(pattern.seqlets)]))
    seqlets.create_dataset("start", data=np.array([s.start for s in pattern.seqlets]))
    seqlets.create_dataset("end", data=np.array([s.end for s in pattern.seqlets]))
    seqlets.create_dataset("example_idx", data=np.array([s.example_idx for s in pattern.seqlets]))
    seqlets.create_dataset("is_revcomp", data=np.array([s.is_revcomp for s in pattern.seqlets]))
    seqlets.create_dataset("sequence", data=np.array([s.sequence for s in pattern.seqlets]))
    seqlets.create_dataset("contrib_scores", data=np.array([s.contrib_scores for s in pattern.seqlets]))
    seqlets.create_dataset("hypothetical_contribs", data=np.array([s.hypothetical_contribs for s in pattern.seqlets]))
    for k, sub in enumerate(pattern.subpatterns):
        save_pattern(sub, grp.create_group(f"subpattern_{k}"))


def expected(pattern, name):
    return {
        "name": name,
        "width": len(pattern.sequence),
        "sequence": pattern.sequence.tolist(),
        "contrib_scores": pattern.contrib_scores.tolist(),
        "hypothetical_contribs": pattern.hypothetical_contribs.tolist(),
        "seqlets": [
            {
                "example_idx": s.example_idx, "start": s.start, "end": s.end, "is_revcomp": s.is_revcomp,
                "sequence": s.sequence.astype(float).tolist(),
                "contrib_scores": s.contrib_scores.astype(float).tolist(),
                "hypothetical_contribs": s.hypothetical_contribs.astype(float).tolist(),
                "score": float(np.sum(s.contrib_scores.astype(float))),
            }
            for s in pattern.seqlets
        ],
        "subpatterns": [expected(sub, f"{name}.subpattern_{k}") for k, sub in enumerate(pattern.subpatterns)],
    }


def layout(f):
    items = []

    def visit(path, obj):
        if isinstance(obj, h5py.Dataset):
            items.append({"path": "/" + path, "dtype": str(obj.dtype), "shape": list(obj.shape)})
        else:
            items.append({"path": "/" + path, "group": True})

    f.visititems(visit)
    attrs = {k: (v if isinstance(v, str) else v.item()) for k, v in f.attrs.items()}
    return {"attributes": attrs, "attribute_dtypes": {k: type(v).__name__ for k, v in f.attrs.items()}, "items": items}


def make():
    rng = np.random.default_rng(20240607)
    bases = rng.integers(0, 4, size=(N, L))
    one_hot = np.zeros((N, L, 4), dtype=np.float32)
    one_hot[np.arange(N)[:, None], np.arange(L)[None, :], bases] = 1
    hyp = np.round(rng.normal(0, 1, size=(N, L, 4)), 3).astype(np.float32)
    contrib = hyp * one_hot
    arrays = (one_hot, contrib, hyp)

    def seqlets(*coords):
        return [Seqlet(e, s, s + 5, rc, arrays) for e, s, rc in coords]

    sub0 = Pattern(seqlets((0, 3, False), (2, 10, True)))
    sub1 = Pattern(seqlets((4, 7, False), (5, 1, True), (1, 15, False)))
    pos0 = Pattern(sub0.seqlets + sub1.seqlets, [sub1, sub0])   # larger sub-pattern first, as tfmodisco-lite orders them
    pos1 = Pattern([Seqlet(e, s, s + 4, rc, arrays) for e, s, rc in ((3, 0, False), (0, 18, True), (5, 12, False))])
    neg0 = Pattern(seqlets((1, 2, True), (3, 9, False)))

    h5_path, json_path = OUT / "modisco_results_fixture.h5", OUT / "modisco_results_fixture.json"
    with h5py.File(h5_path, "w") as f:
        f.attrs["window_size"] = L
        f.attrs["alphabet"] = "ACGT"
        pos = f.create_group("pos_patterns")
        for k, p in enumerate((pos0, pos1)):
            save_pattern(p, pos.create_group(f"pattern_{k}"))
        neg = f.create_group("neg_patterns")
        save_pattern(neg0, neg.create_group("pattern_0"))

    with h5py.File(h5_path, "r") as f:
        structure = layout(f)
    document = {
        "generator": "tools/reference/modisco_h5_fixture.py",
        "h5py": h5py.__version__,
        "numpy": np.__version__,
        "window_size": L,
        "alphabet": "ACGT",
        "pos_patterns": [expected(p, f"pos_patterns.pattern_{k}") for k, p in enumerate((pos0, pos1))],
        "neg_patterns": [expected(neg0, "neg_patterns.pattern_0")],
        "layout": structure,
    }
    json_path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {h5_path.relative_to(ROOT)} and {json_path.relative_to(ROOT)}")


PATTERN_DTYPES = {"sequence": "float64", "contrib_scores": "float64", "hypothetical_contribs": "float64"}
SEQLET_DTYPES = {"n_seqlets": "int64", "start": "int64", "end": "int64", "example_idx": "int64", "is_revcomp": "bool",
                 "sequence": "float32", "contrib_scores": "float32", "hypothetical_contribs": "float32"}


def check(path):
    problems = []
    with h5py.File(path, "r") as f:
        structure = layout(f)
        print("attributes:", structure["attributes"], structure["attribute_dtypes"])
        for item in structure["items"]:
            print(item["path"], "group" if item.get("group") else f"{item['dtype']} {tuple(item['shape'])}")
        if "window_size" not in f.attrs or "alphabet" not in f.attrs:
            problems.append("root attributes window_size and alphabet expected")
        if not any(g in f for g in ("pos_patterns", "neg_patterns")):
            problems.append("no pos_patterns or neg_patterns group")

        def check_pattern(p, name):
            w = p["sequence"].shape[0]
            for k, dtype in PATTERN_DTYPES.items():
                if str(p[k].dtype) != dtype or p[k].shape != (w, 4):
                    problems.append(f"{name}/{k}: {p[k].dtype} {p[k].shape}, expected {dtype} ({w}, 4)")
            s = p["seqlets"]
            n = int(s["n_seqlets"][0])
            for k, dtype in SEQLET_DTYPES.items():
                if str(s[k].dtype) != dtype:
                    problems.append(f"{name}/seqlets/{k}: dtype {s[k].dtype}, expected {dtype}")
            for k in ("start", "end", "example_idx", "is_revcomp"):
                if s[k].shape != (n,):
                    problems.append(f"{name}/seqlets/{k}: shape {s[k].shape}, expected ({n},)")
            for k in ("sequence", "contrib_scores", "hypothetical_contribs"):
                if s[k].shape != (n, w, 4):
                    problems.append(f"{name}/seqlets/{k}: shape {s[k].shape}, expected ({n}, {w}, 4)")
            if not np.all(s["end"][:] - s["start"][:] == w):
                problems.append(f"{name}/seqlets: end - start differs from the width {w}")
            if not np.allclose(s["sequence"][:].mean(axis=0), p["sequence"][:], atol=1e-6):
                problems.append(f"{name}/sequence is not the mean of the seqlet sequences")
            if not np.allclose(s["hypothetical_contribs"][:].mean(axis=0), p["hypothetical_contribs"][:], atol=1e-5):
                problems.append(f"{name}/hypothetical_contribs is not the mean of the seqlet snippets")
            subs = sorted((k for k in p if k.startswith("subpattern_")), key=lambda k: int(k.split("_")[1]))
            for k in subs:
                check_pattern(p[k], f"{name}/{k}")
            return 1 + len(subs)

        counted = 0
        for group in ("pos_patterns", "neg_patterns"):
            if group in f:
                for k in sorted(f[group], key=lambda k: int(k.split("_")[1])):
                    counted += check_pattern(f[group][k], f"/{group}/{k}")
        print(f"h5py {h5py.__version__}: {counted} pattern group(s) checked")
    for problem in problems:
        print("PROBLEM:", problem)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 0 if not problems else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2]))
    make()
