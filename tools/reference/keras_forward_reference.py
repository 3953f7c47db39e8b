#!/usr/bin/python3
"""Reference forward passes of the published Keras models, for the Keras import tests.

Runs the DeepDifE model (architecture JSON + weights_single.h5) and NeuronMotif's two demo models (full-model
HDF5 files with model_config) on a few fixed sequences and writes the outputs to
tests/Genomics.Models.Tests/Serialization/Keras/keras_forward_reference.json.

The forward pass is written here from scratch in numpy (float64), directly on the HDF5 arrays in KERAS layout
(channels-last activations, Conv2D kernels (kh, kw, cin, out), Dense kernels (in, out)) by interpreting the Keras
layer list. It deliberately shares nothing with the library's layout conversion, so agreement checks the import.

Needs only Debian's python3-numpy and python3-h5py:
    apt-get install -y python3-numpy python3-h5py
    /usr/bin/python3 tools/reference/keras_forward_reference.py [DATA_DIR] [OUTPUT_JSON]
DATA_DIR defaults to ../shared/data beside the repository root.
"""
import json
import os
import platform
import sys

import h5py
import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DATA = os.path.normpath(os.path.join(REPO, "..", "shared", "data"))
DEFAULT_OUTPUT = os.path.join(REPO, "tests", "Genomics.Models.Tests", "Serialization", "Keras", "keras_forward_reference.json")


def decode(name):
    return name.decode() if isinstance(name, bytes) else str(name)


def layer_weights(h5, layer_name):
    root = h5["model_weights"] if "model_weights" in h5 else h5
    group = root[layer_name]
    names = [decode(n) for n in group.attrs.get("weight_names", [])]
    return {n.split("/")[-1].split(":")[0]: np.array(group[n], dtype=np.float64) for n in names}


def activate(x, name):
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    if name == "linear":
        return x
    raise ValueError("unsupported activation " + name)


def pad_amounts(n, k, s, padding):
    if padding == "valid":
        return 0, 0
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def conv2d(x, kernel, bias, strides, padding):
    """x (H, W, Cin), kernel (kh, kw, Cin, Cout): Keras Conv2D, channels-last, cross-correlation."""
    kh, kw, _, cout = kernel.shape
    sh, sw = strides
    top, bottom = pad_amounts(x.shape[0], kh, sh, padding)
    left, right = pad_amounts(x.shape[1], kw, sw, padding)
    x = np.pad(x, ((top, bottom), (left, right), (0, 0)))
    oh = (x.shape[0] - kh) // sh + 1
    ow = (x.shape[1] - kw) // sw + 1
    out = np.zeros((oh, ow, cout))
    for a in range(kh):
        for b in range(kw):
            window = x[a:a + sh * (oh - 1) + 1:sh, b:b + sw * (ow - 1) + 1:sw, :]
            out += np.einsum("ijc,co->ijo", window, kernel[a, b])
    return out + bias


def max_pool2d(x, pool, strides):
    ph, pw = pool
    sh, sw = strides
    oh = (x.shape[0] - ph) // sh + 1
    ow = (x.shape[1] - pw) // sw + 1
    out = np.full((oh, ow, x.shape[2]), -np.inf)
    for a in range(ph):
        for b in range(pw):
            out = np.maximum(out, x[a:a + sh * (oh - 1) + 1:sh, b:b + sw * (ow - 1) + 1:sw, :])
    return out


def forward(layers, h5, x, final_linear):
    """Runs the Keras layer list on one example x (channels-last). final_linear drops the last sigmoid (logits)."""
    sigmoid_layers = [i for i, l in enumerate(layers)
                      if l["config"].get("activation") == "sigmoid"]
    last_sigmoid = sigmoid_layers[-1] if sigmoid_layers else -1
    for index, layer in enumerate(layers):
        kind, cfg = layer["class_name"], layer["config"]
        name = cfg["name"]
        act = cfg.get("activation", "linear")
        if final_linear and index == last_sigmoid:
            act = "linear"
        if kind == "InputLayer" or kind == "Dropout":
            continue
        if kind == "Conv2D":
            w = layer_weights(h5, name)
            x = activate(conv2d(x, w["kernel"], w.get("bias", 0.0), cfg["strides"], cfg["padding"]), act)
        elif kind == "Conv1D":
            w = layer_weights(h5, name)
            y = conv2d(x[:, None, :], w["kernel"][:, None, :, :], w.get("bias", 0.0), (cfg["strides"][0], 1), cfg["padding"])
            x = activate(y[:, 0, :], act)
        elif kind == "MaxPooling2D":
            x = max_pool2d(x, cfg["pool_size"], cfg["strides"])
        elif kind == "MaxPooling1D":
            x = max_pool2d(x[:, None, :], (cfg["pool_size"][0], 1), (cfg["strides"][0], 1))[:, 0, :]
        elif kind == "BatchNormalization":
            w = layer_weights(h5, name)
            gamma = w.get("gamma", 1.0) if cfg.get("scale", True) else 1.0
            beta = w.get("beta", 0.0) if cfg.get("center", True) else 0.0
            x = (x - w["moving_mean"]) / np.sqrt(w["moving_variance"] + cfg["epsilon"]) * gamma + beta
        elif kind == "Activation":
            x = activate(x, act)
        elif kind == "Flatten":
            x = x.reshape(-1)  # row-major over channels-last axes: Keras' order
        elif kind == "Dense":
            w = layer_weights(h5, name)
            x = activate(x @ w["kernel"] + w.get("bias", 0.0), act)
        else:
            raise ValueError("unsupported layer " + kind)
    return np.asarray(x).reshape(-1)


def one_hot(sequence):
    table = {"A": 0, "C": 1, "G": 2, "T": 3}
    x = np.zeros((len(sequence), 4))
    for i, ch in enumerate(sequence):
        if ch in table:
            x[i, table[ch]] = 1.0
    return x


def reverse_complement(sequence):
    return sequence[::-1].translate(str.maketrans("ACGTN", "TGCAN"))


def lcg_sequence(length, seed):
    state, out = seed, []
    for _ in range(length):
        state = (1103515245 * state + 12345) % (1 << 31)
        out.append("ACGT"[(state >> 16) & 3])
    return "".join(out)


def sequences(length, motif):
    """Four deterministic sequences: two periodic patterns, a pseudo-random one, and one with a motif and N columns."""
    s0 = ("ACGT" * length)[:length]
    s1 = ("AAACCCGGGTTT" * length)[:length]
    s2 = lcg_sequence(length, 42)
    s3 = list(lcg_sequence(length, 7))
    start = max((length - len(motif)) // 2, 0)
    s3[start:start + len(motif)] = motif[:length]
    s3[length // 5] = "N"
    s3[length - 1 - length // 7] = "N"
    return [s0, s1, s2, "".join(s3)[:length]]


def run_model(layers, h5, seqs, image):
    cases = []
    for s in seqs:
        row = {"sequence": s}
        for prefix, seq in (("", s), ("reverse_complement_", reverse_complement(s))):
            x = one_hot(seq)
            if image:
                x = x[:, :, None]
            row[prefix + "logit"] = forward(layers, h5, x, True).tolist()
            row[prefix + "probability"] = forward(layers, h5, x, False).tolist()
        row["conjoined_probability"] = [(a + b) / 2 for a, b in zip(row["probability"], row["reverse_complement_probability"])]
        cases.append(row)
    return cases


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DATA
    output = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTPUT
    result = {
        "generator": "tools/reference/keras_forward_reference.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "h5py": h5py.__version__},
        "models": {},
    }

    with open(os.path.join(data, "deepdife", "model_single.json")) as f:
        deepdife = json.load(f)
    with h5py.File(os.path.join(data, "deepdife", "weights_single.h5"), "r") as h5:
        layers = deepdife["config"]["layers"]
        length = layers[0]["config"]["batch_input_shape"][1]
        # An ABA-responsive element (ABRE, ACGTG) core repeated in the middle of the fourth sequence.
        result["models"]["deepdife"] = {
            "architecture": "deepdife/model_single.json",
            "weights": "deepdife/weights_single.h5",
            "cases": run_model(layers, h5, sequences(length, "CACGTGGCACGTGGCACGTG"), True),
        }

    for demo, motif in (("demo1", "CAGGTG"), ("demo2", "CCACCAGGGGGCGC")):
        path = os.path.join(data, "neuronmotif", demo, "weight.hdf5")
        with h5py.File(path, "r") as h5:
            config = json.loads(decode(h5.attrs["model_config"]))
            layers = config["config"]["layers"]
            length = layers[0]["config"]["batch_input_shape"][1]
            result["models"]["neuronmotif_" + demo] = {
                "weights": "neuronmotif/%s/weight.hdf5" % demo,
                "cases": run_model(layers, h5, sequences(length, motif), False),
            }

    with open(output, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print("wrote " + output)


if __name__ == "__main__":
    main()
