#!/usr/bin/python3
"""Tiny files in the original tools' data layouts, for the readers in Genomics.Models.IO.

Writes, with h5py, numpy and pickle, files laid out as DeepAllele, CombMotif and DeepDifE write them, so that the
readers are tested against the originals' encodings without those tools installed:

    tests/Genomics.Models.Tests/IO/OriginalFormats/
      deepallele_pairs.h5         DeepAllele (SEEDS-SPEC 4.3): B6_sequence, Cast_sequence (N, L, 4) float64 one-hot,
                                  zero-padded on the right where an allele is shorter; peak_name (variable-length UTF-8,
                                  'chrN-start-end'); B6_counts, Cast_counts, ratio (N) float64 = ln(1 + reads) and their
                                  difference; root attributes data_type and sequence_length (atac_preprocess.py)
      deepallele_conditions.h5    the per-condition layout: sum.B6, sum.CAST, sum.ratio, sc.B6, sc.CAST, sc.ratio, plus a
                                  string column (original_peak_index) the reader ignores
      deepallele_missing.h5       no Cast_sequence
      deepallele_mismatch.h5      B6_counts with one value fewer than there are sequences
      halflife.h5                 CombMotif half-life (SEEDS-SPEC 3.3): {train,valid,test}_sequence (N, 6, L) float32
                                  and {train,valid,test}_label (N) float32 (generate_halflife_data.py writes the basenji
                                  RnaDataset arrays transposed to (N, C, L)); L = 40 here instead of 12,288
      halflife_bad.h5             valid_label with the wrong length
      mrl.csv                     CombMotif MRL table (GEO GSM3130435 as pandas wrote it): an unnamed index column,
                                  utr (70 nt), 0 … 13 (polysome fractions), total_reads, rl
      mrl_bad.csv                 a row whose rl is not a number
      arrays_p{2,3,4,5}.pkl       a list of numpy arrays (float32 2 × 3, int64 C-order and Fortran-order, bool, big-endian
                                  float64), a numpy scalar and a dict of plain values, pickled at protocols 2 to 5
      evil_system.pkl             os.system via GLOBAL/REDUCE (protocol 0)
      evil_stack_global.pkl       builtins.eval via STACK_GLOBAL/REDUCE (protocol 4)
      evil_object_array.pkl       a numpy object array (its items are pickled Python objects)
      evil_newobj.pkl             a NEWOBJ opcode
      truncated.pkl               the protocol-4 file cut in the middle of an array's bytes
      original_formats_expected.json   every value the tests compare, as numpy computes it

    tests/Genomics.Models.Tests/IO/OriginalFormats/background_100samples.expected.json
                                  shape, sum and a few values of DeepDifE's data/background_100samples.pkl (read from
                                  the shared data folder), loaded with pickle and numpy

The tests read the committed files, so neither CI nor the tests need Python. Regenerate (Debian: python3-h5py,
python3-numpy):

    /usr/bin/python3 tools/reference/original_formats_fixtures.py
"""

import json
import pathlib
import pickle
import pickletools

import h5py
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "Genomics.Models.Tests" / "IO" / "OriginalFormats"
BACKGROUND = ROOT.parent / "shared" / "data" / "deepdife" / "background_100samples.pkl"
BASES = "ACGT"


def one_hot(sequence, length):
    """DeepAllele's DF2array: (length, 4) float64, zero rows after the sequence and for N."""
    out = np.zeros((length, 4))
    for i, base in enumerate(sequence[:length]):
        if base in BASES:
            out[i, BASES.index(base)] = 1.0
    return out


def deepallele(expected):
    rng = np.random.default_rng(7)
    n, length = 5, 12
    names = ["chr1-100-112", "chr16-200-212", "chr17-300-312", "chr2-400-412", "chrX-500-512"]
    first = ["".join(rng.choice(list(BASES), length)) for _ in range(n)]
    second = [s[:5] + ("A" if s[5] != "A" else "C") + s[6:] for s in first]
    second[2] = second[2][:9]  # a deletion: the second allele is shorter and zero-padded on the right
    second[3] = second[3][:4] + "N" + second[3][5:]  # an N: an all-zero column
    reads_b6 = rng.integers(0, 50, n).astype(float)
    reads_cast = rng.integers(0, 50, n).astype(float)
    b6 = np.log1p(reads_b6)
    cast = np.log1p(reads_cast)
    ratio = np.log((1 + reads_b6) / (1 + reads_cast))
    b6_seq = np.stack([one_hot(s, length) for s in first])
    cast_seq = np.stack([one_hot(s, length) for s in second])
    utf8 = h5py.string_dtype(encoding="utf-8")

    def common(f):
        f.attrs["data_type"] = "ATAC-seq"
        f.attrs["sequence_length"] = length
        f["Cast_sequence"] = cast_seq
        f["B6_sequence"] = b6_seq
        f.create_dataset("peak_name", data=np.array(names, dtype=object), dtype=utf8)

    with h5py.File(OUT / "deepallele_pairs.h5", "w") as f:
        common(f)
        f["B6_counts"] = b6
        f["Cast_counts"] = cast
        f["ratio"] = ratio

    sc_b6 = np.log1p(rng.integers(0, 9, n).astype(float))
    sc_cast = np.log1p(rng.integers(0, 9, n).astype(float))
    with h5py.File(OUT / "deepallele_conditions.h5", "w") as f:
        common(f)
        f["sum.B6"] = b6
        f["sum.CAST"] = cast
        f["sum.ratio"] = ratio
        f["sc.B6"] = sc_b6
        f["sc.CAST"] = sc_cast
        f["sc.ratio"] = sc_b6 - sc_cast
        f.create_dataset("original_peak_index", data=np.array([str(i) for i in range(n)], dtype=object), dtype=utf8)

    with h5py.File(OUT / "deepallele_missing.h5", "w") as f:
        f["B6_sequence"] = b6_seq
        f["B6_counts"] = b6
        f["Cast_counts"] = cast
        f["ratio"] = ratio

    with h5py.File(OUT / "deepallele_mismatch.h5", "w") as f:
        common(f)
        f["B6_counts"] = b6[:-1]
        f["Cast_counts"] = cast
        f["ratio"] = ratio

    expected["deepallele"] = {
        "count": n,
        "length": length,
        "peak_names": names,
        "first_sequences": first,
        "second_sequences": second,
        "first_counts": b6.tolist(),
        "second_counts": cast.tolist(),
        "ratios": ratio.tolist(),
        "sc_first_counts": sc_b6.tolist(),
        "sc_second_counts": sc_cast.tolist(),
        "sc_ratios": (sc_b6 - sc_cast).tolist(),
        # the stacked (N, L, 4, 2) analysis array's sum over everything, and one entry per allele
        "stacked_sum": float(np.stack([b6_seq, cast_seq], -1).sum()),
    }


def halflife(expected):
    rng = np.random.default_rng(11)
    length, channels = 40, 6
    out = {}
    with h5py.File(OUT / "halflife.h5", "w") as f:
        for split, n in (("train", 4), ("valid", 2), ("test", 3)):
            seq = np.zeros((n, channels, length), dtype=np.float32)
            bases = rng.integers(0, 4, (n, length))
            for i in range(n):
                seq[i, bases[i], np.arange(length)] = 1.0
                seq[i, 4, 3::3] = 1.0  # coding frame: first nucleotide of each codon
                seq[i, 5, [7, 21]] = 1.0  # splice sites
            label = rng.normal(0, 1, n).astype(np.float32)
            f.create_dataset(f"{split}_label", data=label)
            f.create_dataset(f"{split}_sequence", data=seq)
            out[split] = {
                "count": n,
                "labels": [float(v) for v in label],
                "sum": float(seq.sum()),
                "bases": ["".join(BASES[b] for b in row) for row in bases],
            }
    with h5py.File(OUT / "halflife_bad.h5", "w") as f:
        f.create_dataset("train_label", data=np.zeros(2, dtype=np.float32))
        f.create_dataset("train_sequence", data=np.zeros((2, 6, 8), dtype=np.float32))
        f.create_dataset("valid_label", data=np.zeros(3, dtype=np.float32))
        f.create_dataset("valid_sequence", data=np.zeros((2, 6, 8), dtype=np.float32))
        f.create_dataset("test_label", data=np.zeros(1, dtype=np.float32))
        f.create_dataset("test_sequence", data=np.zeros((1, 6, 8), dtype=np.float32))
    expected["halflife"] = {"length": length, "channels": channels, "splits": out}


def mrl(expected):
    rng = np.random.default_rng(13)
    n = 12
    utrs = ["".join(rng.choice(list(BASES), 70)) for _ in range(n)]
    utrs[4] = "GGATG" + utrs[4][5:]  # an ATG
    utrs[7] = utrs[7][:10] + "N" + utrs[7][11:]  # an N
    total = rng.integers(100, 1000, n)
    total[5] = total[2]  # a tie: the stable sort keeps file order
    rl = np.round(rng.uniform(2, 8, n), 6)
    fractions = rng.uniform(0, 1, (n, 14))
    header = "," + ",".join(["utr"] + [str(i) for i in range(14)] + ["total_reads", "rl"])
    lines = [header]
    for i in range(n):
        cells = [str(i), utrs[i]] + [repr(float(x)) for x in fractions[i]] + [str(int(total[i])), repr(float(rl[i]))]
        lines.append(",".join(cells))
    (OUT / "mrl.csv").write_text("\n".join(lines) + "\n")
    bad = lines[:3] + [lines[3].rsplit(",", 1)[0] + ",n/a"]
    (OUT / "mrl_bad.csv").write_text("\n".join(bad) + "\n")
    order = sorted(range(n), key=lambda i: -int(total[i]))  # Python's sort is stable
    expected["mrl"] = {
        "utrs": utrs,
        "total_reads": [int(t) for t in total],
        "rl": [float(v) for v in rl],
        "order_by_reads": order,
        "bad_line": 4,
    }


def pickles(expected):
    f32 = np.arange(6, dtype=np.float32).reshape(2, 3) / 4
    i64 = np.arange(24, dtype=np.int64).reshape(2, 3, 4) - 5
    fortran = np.asfortranarray(np.arange(6, dtype=np.int64).reshape(2, 3))
    flags = np.array([True, False, True])
    big = np.array([1.5, -2.25, 1e300], dtype=">f8")
    scalar = np.float64(2.5)
    plain = {"name": "background", "count": 3, "big": 2**70, "negative": -300, "pi": 3.25, "none": None,
             "yes": True, "no": False, "tuple": (1, "a"), "bytes": b"\x00\x01", "nested": [[1, 2], []]}
    value = [f32, i64, fortran, flags, big, scalar, plain]
    for protocol in (2, 3, 4, 5):
        (OUT / f"arrays_p{protocol}.pkl").write_bytes(pickle.dumps(value, protocol=protocol))
    expected["pickle"] = {
        "f32": f32.ravel().tolist(),
        "i64": i64.ravel().tolist(),
        "fortran": np.ascontiguousarray(fortran).ravel().tolist(),
        "flags": flags.tolist(),
        "big": big.astype("<f8").tolist(),
        "scalar": float(scalar),
        "big_int": str(2**70),
    }

    # os.system('echo pwned') — protocol 0: GLOBAL 'os system', a string argument, TUPLE, REDUCE.
    (OUT / "evil_system.pkl").write_bytes(b"cos\nsystem\n(S'echo pwned > /tmp/genomics-pickle-pwned'\ntR.")
    # builtins.eval('1+1') — protocol 4: STACK_GLOBAL then REDUCE.
    evil = (b"\x80\x04\x8c\x08builtins\x94\x8c\x04eval\x94\x93\x94\x8c\x031+1\x94\x85\x94R\x94.")
    pickletools.dis(evil, out=open("/dev/null", "w"))
    (OUT / "evil_stack_global.pkl").write_bytes(evil)
    (OUT / "evil_object_array.pkl").write_bytes(pickle.dumps(np.array([1, "x"], dtype=object), protocol=4))
    # NEWOBJ on an empty tuple class argument: refused as an opcode before anything is constructed.
    (OUT / "evil_newobj.pkl").write_bytes(b"\x80\x04N)\x81.")
    whole = (OUT / "arrays_p4.pkl").read_bytes()
    start = whole.index(b"C\x18")  # the float32 array's SHORT_BINBYTES (24 bytes)
    (OUT / "truncated.pkl").write_bytes(whole[: start + 10])
    expected["truncated_length"] = start + 10


def background():
    with open(BACKGROUND, "rb") as f:
        value = pickle.load(f)
    forward, reverse = value
    first = "".join(BASES[i] for i in forward[0, :, :, 0].argmax(axis=1)[:40])
    first_rc = "".join(BASES[i] for i in reverse[0, :, :, 0].argmax(axis=1)[:40])
    return {
        "file_length": BACKGROUND.stat().st_size,
        "count": len(value),
        "dtype": str(forward.dtype),
        "shape": list(forward.shape),
        "forward_sum": int(forward.sum()),
        "reverse_sum": int(reverse.sum()),
        "forward_position_sums": forward.sum(axis=(0, 1, 3)).tolist(),
        "reverse_position_sums": reverse.sum(axis=(0, 1, 3)).tolist(),
        "forward_first_40": first,
        "reverse_first_40": first_rc,
        "forward_last_40_of_last": "".join(BASES[i] for i in forward[-1, :, :, 0].argmax(axis=1)[-40:]),
        "forward_weighted_sum": int((forward[:, :, :, 0] * np.arange(4)).sum()),
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {}
    deepallele(expected)
    halflife(expected)
    mrl(expected)
    pickles(expected)
    (OUT / "original_formats_expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    if BACKGROUND.exists():
        (OUT / "background_100samples.expected.json").write_text(json.dumps(background(), indent=1) + "\n")
    print("wrote", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
