#!/usr/bin/python3
"""Small NumPy .npy/.npz files for the tests of Genomics.Models.IO.NpyFile and NpzFile.

Writes, with NumPy itself, a handful of tiny arrays in the layouts the readers must handle (float32 C order,
float64, format versions 2.0 and 3.0, an np.savez archive with a positional array, an np.savez_compressed archive
with two keys, int8 and bool one-hot arrays, float16, a big-endian array, a Fortran-order array) to
tests/Genomics.Models.Tests/IO/Fixtures/numpy/, and their expected shapes and values to expected.json beside them.
The tests read the committed files, so neither CI nor the tests need Python.

Regenerate (Debian package: apt-get install -y python3-numpy):

    /usr/bin/python3 tools/reference/npy_fixtures.py

Values are written with repr(), which round-trips float64 exactly (float32 values widen exactly).
"""

import json
import pathlib
import platform

import numpy as np

OUTPUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "Genomics.Models.Tests" / "IO" / "Fixtures" / "numpy"


def one_hot(sequences, channels_last):
    index = {"A": 0, "C": 1, "G": 2, "T": 3}
    x = np.zeros((len(sequences), 4, len(sequences[0])), dtype=np.int8)
    for n, s in enumerate(sequences):
        for i, letter in enumerate(s):
            x[n, index[letter], i] = 1
    return x.transpose(0, 2, 1).copy() if channels_last else x


def main():
    OUTPUT.mkdir(parents=True, exist_ok=True)
    cases = []

    def record(file, array, key=None, note=""):
        cases.append(
            {
                "file": file,
                "key": key,
                "dtype": array.dtype.str,
                "shape": list(array.shape),
                "values": [float(v) for v in np.asarray(array, dtype=np.float64).ravel(order="C")],
                "note": note,
            }
        )

    f32 = (np.arange(40, dtype=np.float32).reshape(2, 4, 5) * np.float32(0.25) - np.float32(3.1)).astype(np.float32)
    np.save(OUTPUT / "float32_c_2x4x5.npy", f32)
    record("float32_c_2x4x5.npy", f32, note="float32, C order, (N, 4, L)")

    f64 = np.array([[1.0 / 3.0, np.pi, -1e-300], [1e300, -0.0, 2.5]], dtype=np.float64)
    np.save(OUTPUT / "float64_2x3.npy", f64)
    record("float64_2x3.npy", f64, note="float64")

    with open(OUTPUT / "float32_v2_3.npy", "wb") as f:
        np.lib.format.write_array(f, np.array([0.5, -1.5, 7.0], dtype=np.float32), version=(2, 0))
    record("float32_v2_3.npy", np.array([0.5, -1.5, 7.0], dtype=np.float32), note="format version 2.0")

    v3 = np.array([[1.25, 2.5], [-3.75, 4.0]], dtype=np.float64)
    with open(OUTPUT / "float64_v3_2x2.npy", "wb") as f:
        np.lib.format.write_array(f, v3, version=(3, 0))
    record("float64_v3_2x2.npy", v3, note="format version 3.0")

    ohe_last = one_hot(["ACGTA", "TTGCA"], channels_last=True)
    np.save(OUTPUT / "int8_onehot_2x5x4.npy", ohe_last)
    record("int8_onehot_2x5x4.npy", ohe_last, note="int8 one-hot, channels-last (N, L, 4)")

    ohe_bool = one_hot(["GATC"], channels_last=False).astype(bool)
    np.save(OUTPUT / "bool_onehot_1x4x4.npy", ohe_bool)
    record("bool_onehot_1x4x4.npy", ohe_bool, note="bool one-hot, channels-first")

    half = np.array([0.5, -2.0, 65504.0, 1.0 / 1024.0], dtype=np.float16)
    np.save(OUTPUT / "float16_4.npy", half)
    record("float16_4.npy", half, note="float16, read as float32")

    big = np.array([[1.5, -2.25, 3.0], [1e-10, 123456.789, -7.0]], dtype=">f8")
    np.save(OUTPUT / "bigendian_f8_2x3.npy", big)
    record("bigendian_f8_2x3.npy", big, note="big-endian float64, converted on read")

    big32 = np.array([0.1, -0.2, 0.3], dtype=">f4")
    np.save(OUTPUT / "bigendian_f4_3.npy", big32)
    record("bigendian_f4_3.npy", big32, note="big-endian float32, converted on read")

    fortran = np.asfortranarray(np.arange(12, dtype=np.float32).reshape(3, 4))
    np.save(OUTPUT / "fortran_3x4.npy", fortran)
    record("fortran_3x4.npy", fortran, note="Fortran order: refused")

    positional = (np.arange(24, dtype=np.float32).reshape(2, 4, 3) / 8).astype(np.float32)
    np.savez(OUTPUT / "savez_positional.npz", positional)
    record("savez_positional.npz", positional, key="arr_0", note="np.savez, stored, positional array")

    ohe = one_hot(["ACGTAC", "GGTTCA"], channels_last=False).astype(np.float32)
    hypothetical = (np.sin(np.arange(48, dtype=np.float64)).reshape(2, 4, 6)).astype(np.float32)
    np.savez_compressed(OUTPUT / "savez_compressed_two.npz", ohe=ohe, hypothetical=hypothetical)
    record("savez_compressed_two.npz", ohe, key="ohe", note="np.savez_compressed, deflated")
    record("savez_compressed_two.npz", hypothetical, key="hypothetical", note="np.savez_compressed, deflated")

    document = {
        "generator": "tools/reference/npy_fixtures.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__},
        "cases": cases,
    }
    (OUTPUT / "expected.json").write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    main()
