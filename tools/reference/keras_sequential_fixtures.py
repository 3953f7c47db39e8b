#!/usr/bin/python3
"""Keras 2 full-model HDF5 fixtures of small sequential CNNs and their numpy forward passes, for KerasModel.Load.

Writes, in Keras 2's `model.save("x.h5")` layout (root attributes model_config, keras_version, backend;
model_weights/<layer>/<layer>/kernel:0 with the layer_names and weight_names attributes), a few models that use the
layouts DeepASMM users bring (Basset-like Conv1D stacks, DeepCBA-like Conv2D over a (4, L, 1) image, (1, L, 4) images
with Reshape/Permute, (L, 4, 1) images with global pooling), plus models the importer must refuse, into
tests/Genomics.Models.Tests/Serialization/Keras/fixtures/, and the forward outputs on fixed sequences into
tests/Genomics.Models.Tests/Serialization/Keras/keras_sequential_reference.json.

The forward pass is written from scratch in numpy (float64, from the float32 weights), directly in KERAS layout
(channels-last activations, Keras kernels, Keras 'same' padding with the odd element at the end, pooling that ignores
padding), by interpreting the layer list. It shares nothing with the library's conversion, so agreement checks it.
"logit" is the output with the final sigmoid/softmax left out (the library's models return pre-activation values);
"probability" applies it.

Needs only Debian's python3-numpy and python3-h5py (no TensorFlow):
    /usr/bin/python3 tools/reference/keras_sequential_fixtures.py
"""
import json
import os

import h5py
import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(REPO, "tests", "Genomics.Models.Tests", "Serialization", "Keras")
FIXTURES = os.path.join(OUT_DIR, "fixtures")
KERAS_VERSION = "2.4.0"
SHAPE_ONLY = {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "Flatten", "Reshape", "Permute"}


# ----------------------------------------------------------------------------------------------------------------
# numpy forward pass in Keras layout


def activate(x, name):
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    if name == "softplus":
        return np.log1p(np.exp(x))
    if name == "exponential":
        return np.exp(x)
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if name == "linear":
        return x
    raise ValueError("unsupported activation " + name)


def same_pad(n, k, s):
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def conv_nd(x, kernel, bias, strides, dilation, padding):
    """x (*spatial, Cin), kernel (*k, Cin, Cout): Keras ConvND, channels-last, cross-correlation."""
    spatial = x.ndim - 1
    ks = kernel.shape[:spatial]
    spans = [d * (k - 1) + 1 for k, d in zip(ks, dilation)]
    pads = [same_pad(x.shape[i], spans[i], strides[i]) if padding == "same" else (0, 0) for i in range(spatial)]
    x = np.pad(x, pads + [(0, 0)])
    outs = [(x.shape[i] - spans[i]) // strides[i] + 1 for i in range(spatial)]
    out = np.zeros(outs + [kernel.shape[-1]])
    for offsets in np.ndindex(*ks):
        index = tuple(slice(o * d, o * d + s * (n - 1) + 1, s) for o, d, s, n in zip(offsets, dilation, strides, outs))
        out += np.einsum("...c,co->...o", x[index + (slice(None),)], kernel[offsets])
    return out + (bias if bias is not None else 0.0)


def pool_nd(x, kind, sizes, strides, padding):
    """Keras MaxPoolingND / AveragePoolingND: 'same' pads with nothing (max ignores it, average divides by the count)."""
    spatial = x.ndim - 1
    pads = [same_pad(x.shape[i], sizes[i], strides[i]) if padding == "same" else (0, 0) for i in range(spatial)]
    outs = [-(-x.shape[i] // strides[i]) if padding == "same" else (x.shape[i] - sizes[i]) // strides[i] + 1 for i in range(spatial)]
    out = np.zeros(outs + [x.shape[-1]])
    for position in np.ndindex(*outs):
        index = []
        for i, p in enumerate(position):
            start = p * strides[i] - pads[i][0]
            index.append(slice(max(start, 0), min(start + sizes[i], x.shape[i])))
        window = x[tuple(index)].reshape(-1, x.shape[-1])
        out[position] = window.max(axis=0) if kind == "max" else window.mean(axis=0)
    return out


def layer_forward(x, cls, cfg, w, skip_activation):
    act = "linear" if skip_activation else cfg.get("activation", "linear")
    if cls in ("Conv1D", "Conv2D"):
        y = conv_nd(x, w["kernel"], w.get("bias"), cfg["strides"], cfg["dilation_rate"], cfg["padding"])
        return activate(y, act)
    if cls == "Dense":
        y = x @ w["kernel"] + (w["bias"] if "bias" in w else 0.0)
        return activate(y, act)
    if cls in ("MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D"):
        return pool_nd(x, "max" if cls.startswith("Max") else "avg", cfg["pool_size"], cfg["strides"], cfg["padding"])
    if cls.startswith("GlobalMax"):
        return x.reshape(-1, x.shape[-1]).max(axis=0)
    if cls.startswith("GlobalAverage"):
        return x.reshape(-1, x.shape[-1]).mean(axis=0)
    if cls == "BatchNormalization":
        c = x.shape[-1]
        gamma = w.get("gamma", np.ones(c))
        beta = w.get("beta", np.zeros(c))
        return (x - w["moving_mean"]) / np.sqrt(w["moving_variance"] + cfg["epsilon"]) * gamma + beta
    if cls == "Activation":
        return activate(x, act)
    if cls == "ReLU":
        return x if skip_activation else np.maximum(x, 0.0)
    if cls in ("Dropout", "SpatialDropout1D", "SpatialDropout2D"):
        return x
    if cls == "Flatten":
        return x.reshape(-1)
    if cls == "Reshape":
        return x.reshape(cfg["target_shape"])
    if cls == "Permute":
        return x.transpose([d - 1 for d in cfg["dims"]])
    raise ValueError("no forward pass for " + cls)


def final_activation_index(layers):
    for i in range(len(layers) - 1, -1, -1):
        cls, cfg = layers[i]["class_name"], layers[i]["config"]
        if cls in SHAPE_ONLY:
            continue
        if cls == "Activation" and cfg["activation"] == "linear":
            continue
        if cfg.get("activation") in ("sigmoid", "softmax"):
            return i
        return None
    return None


def forward(x, layers, weights, logits):
    final = final_activation_index(layers) if logits else None
    for i, layer in enumerate(layers):
        x = layer_forward(x, layer["class_name"], layer["config"], weights.get(layer["config"]["name"], {}), i == final)
    return x.reshape(-1)


# ----------------------------------------------------------------------------------------------------------------
# layer configs as Keras 2.4 writes them


def conv1d(name, filters, k, strides=1, padding="valid", dilation=1, activation="linear", use_bias=True):
    return layer("Conv1D", name, filters=filters, kernel_size=[k], strides=[strides], padding=padding,
                 data_format="channels_last", dilation_rate=[dilation], groups=1, activation=activation, use_bias=use_bias)


def conv2d(name, filters, k, strides=(1, 1), padding="valid", dilation=(1, 1), activation="linear", use_bias=True):
    return layer("Conv2D", name, filters=filters, kernel_size=list(k), strides=list(strides), padding=padding,
                 data_format="channels_last", dilation_rate=list(dilation), groups=1, activation=activation, use_bias=use_bias)


def pool(cls, name, size, strides=None, padding="valid"):
    size = list(size) if isinstance(size, (list, tuple)) else [size]
    strides = size if strides is None else (list(strides) if isinstance(strides, (list, tuple)) else [strides])
    return layer(cls, name, pool_size=size, strides=strides, padding=padding, data_format="channels_last")


def batch_norm(name, axis=-1, epsilon=0.001, center=True, scale=True):
    return layer("BatchNormalization", name, axis=axis, momentum=0.99, epsilon=epsilon, center=center, scale=scale)


def layer(cls, name, **config):
    config = dict(name=name, trainable=True, dtype="float32", **config)
    return {"class_name": cls, "config": config}


def make_weights(layers, input_shape, rng):
    """Random float32 weights in Keras layout, shapes inferred by running the layers on zeros."""
    x = np.zeros(input_shape)
    weights = {}
    for lay in layers:
        cls, cfg = lay["class_name"], lay["config"]
        w = {}
        if cls in ("Conv1D", "Conv2D"):
            shape = tuple(cfg["kernel_size"]) + (x.shape[-1], cfg["filters"])
            fan_in = np.prod(shape[:-1])
            w["kernel"] = rng.normal(0, 1.5 / np.sqrt(fan_in), shape)
            if cfg["use_bias"]:
                w["bias"] = rng.normal(0, 0.2, cfg["filters"])
        elif cls == "Dense":
            w["kernel"] = rng.normal(0, 1.5 / np.sqrt(x.shape[-1]), (x.shape[-1], cfg["units"]))
            if cfg["use_bias"]:
                w["bias"] = rng.normal(0, 0.2, cfg["units"])
        elif cls == "BatchNormalization":
            c = x.shape[-1]
            if cfg["scale"]:
                w["gamma"] = rng.uniform(0.5, 1.5, c) * rng.choice([-1, 1], c, p=[0.2, 0.8])
            if cfg["center"]:
                w["beta"] = rng.normal(0, 0.3, c)
            w["moving_mean"] = rng.normal(0, 0.5, c)
            w["moving_variance"] = rng.uniform(0.2, 2.0, c)
        elif cls == "LSTM":
            return weights  # the importer refuses the model before its weights matter
        w = {k: v.astype(np.float32) for k, v in w.items()}
        if w:
            weights[cfg["name"]] = w
        x = layer_forward(x, cls, cfg, {k: v.astype(np.float64) for k, v in w.items()}, False)
    return weights


WEIGHT_ORDER = ["kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance"]


def write_h5(path, model_class, name, input_shape, layers, weights, input_name="input_1"):
    input_layer = {"class_name": "InputLayer", "config": {"batch_input_shape": [None] + list(input_shape), "dtype": "float32",
                                                          "sparse": False, "ragged": False, "name": input_name}}
    if model_class == "Sequential":
        config = {"class_name": "Sequential", "config": {"name": name, "layers": [input_layer] + layers}}
        group_names = [l["config"]["name"] for l in layers]
    else:
        entries = [dict(input_layer, name=input_name, inbound_nodes=[])]
        previous = input_name
        for l in layers:
            inbound = l.pop("inbound", [[previous, 0, 0, {}]])
            entries.append(dict(l, name=l["config"]["name"], inbound_nodes=[inbound]))
            previous = l["config"]["name"]
        config = {"class_name": "Functional", "config": {"name": name, "layers": entries,
                                                         "input_layers": [[input_name, 0, 0]], "output_layers": [[previous, 0, 0]]}}
        group_names = [input_name] + [l["config"]["name"] for l in layers]

    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = KERAS_VERSION
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(config)
        root = f.create_group("model_weights")
        root.attrs["layer_names"] = np.array([n.encode() for n in group_names])
        root.attrs["backend"] = "tensorflow"
        root.attrs["keras_version"] = KERAS_VERSION
        for n in group_names:
            g = root.create_group(n)
            w = weights.get(n, {})
            names = [f"{n}/{k}:0" for k in WEIGHT_ORDER if k in w]
            g.attrs["weight_names"] = np.array([s.encode() for s in names]) if names else np.array([], dtype=np.float64)
            for k in WEIGHT_ORDER:
                if k in w:
                    g.create_dataset(f"{n}/{k}:0", data=w[k])


# ----------------------------------------------------------------------------------------------------------------
# the fixtures


def basset_like():
    """Basset-style Conv1D stack on (L, 4): BN → ReLU → MaxPool, a conv(relu) → BN order, dilation, sigmoid output."""
    return "Sequential", (60, 4), [
        conv1d("conv1d_1", 16, 7),
        batch_norm("batch_normalization_1"),
        layer("Activation", "activation_1", activation="relu"),
        pool("MaxPooling1D", "max_pooling1d_1", 3),
        layer("Dropout", "dropout_1", rate=0.3),
        conv1d("conv1d_2", 12, 5, padding="same", activation="relu", use_bias=False),
        batch_norm("batch_normalization_2", epsilon=1e-5, center=False),
        pool("MaxPooling1D", "max_pooling1d_2", 4, strides=2),
        conv1d("conv1d_3", 8, 4, padding="same", dilation=2),
        layer("ReLU", "re_lu_1", max_value=None, negative_slope=0.0, threshold=0.0),
        layer("Flatten", "flatten_1", data_format="channels_last"),
        layer("Dense", "dense_1", units=20, activation="relu", use_bias=True),
        layer("Dropout", "dropout_2", rate=0.3),
        layer("Dense", "dense_2", units=5, activation="sigmoid", use_bias=True),
    ]


def deepcba_like():
    """DeepCBA-style Conv2D over a (4, L, 1) image: (4, k) then (1, k) kernels, BN without scale, average and 'same' pools, softmax."""
    return "Functional", (4, 50, 1), [
        conv2d("conv2d_1", 8, (4, 8), activation="relu"),
        batch_norm("batch_normalization_1", axis=[3], scale=False),
        pool("AveragePooling2D", "average_pooling2d_1", (1, 2)),
        conv2d("conv2d_2", 6, (1, 3), strides=(1, 2), padding="same"),
        layer("Activation", "activation_1", activation="relu"),
        pool("MaxPooling2D", "max_pooling2d_1", (1, 2), padding="same"),
        layer("Dropout", "dropout_1", rate=0.3),
        layer("Flatten", "flatten_1", data_format="channels_last"),
        layer("Dense", "dense_1", units=16, activation="relu", use_bias=True),
        layer("Dense", "dense_2", units=3, activation="linear", use_bias=True),
        layer("Activation", "activation_2", activation="softmax"),
    ]


def image_1l4():
    """A (1, L, 4) image: Conv2D (1, k) with tanh, Reshape to (L, C), strided 'same' Conv1D, Permute, channel-major Flatten, linear output."""
    return "Sequential", (1, 40, 4), [
        conv2d("conv2d_1", 10, (1, 6), activation="tanh"),
        pool("MaxPooling2D", "max_pooling2d_1", (1, 3)),
        layer("Reshape", "reshape_1", target_shape=[11, 10]),
        conv1d("conv1d_1", 4, 3, strides=2, padding="same", activation="relu"),
        pool("AveragePooling1D", "average_pooling1d_1", 2),
        layer("Permute", "permute_1", dims=[2, 1]),
        layer("Flatten", "flatten_1", data_format="channels_last"),
        layer("Dense", "dense_1", units=2, activation="linear", use_bias=True),
    ]


def image_l41():
    """A (L, 4, 1) image (DeepDifE's layout) with global average pooling and a sigmoid output."""
    return "Functional", (30, 4, 1), [
        conv2d("conv2d_1", 5, (5, 4), activation="relu"),
        layer("GlobalAveragePooling2D", "global_average_pooling2d_1", data_format="channels_last"),
        layer("Dense", "dense_1", units=1, activation="sigmoid", use_bias=True),
    ]


def same_pools():
    """'same' pools that pad BEFORE the sequence: MaxPooling1D 4/4 over 41 positions (1 before, 2 after) and
    AveragePooling1D 4 stride 3 over 11 (1 before, 1 after; the average divides by the real positions), then
    MaxPooling1D 3 stride 2 over 4 (0 before, 1 after: the end-only case) and a sigmoid output."""
    return "Sequential", (45, 4), [
        conv1d("conv1d_1", 6, 5, activation="relu"),
        pool("MaxPooling1D", "max_pooling1d_1", 4, padding="same"),
        conv1d("conv1d_2", 5, 3, padding="same", activation="relu"),
        pool("AveragePooling1D", "average_pooling1d_1", 4, strides=3, padding="same"),
        conv1d("conv1d_3", 4, 2, padding="same"),
        pool("MaxPooling1D", "max_pooling1d_2", 3, strides=2, padding="same"),
        layer("Flatten", "flatten_1", data_format="channels_last"),
        layer("Dense", "dense_1", units=3, activation="sigmoid", use_bias=True),
    ]


def unsupported_lstm():
    return "Sequential", (20, 4), [
        conv1d("conv1d_1", 4, 3),
        layer("LSTM", "lstm_1", units=8, return_sequences=False),
        layer("Dense", "dense_1", units=1, activation="linear", use_bias=True),
    ]


def unsupported_causal():
    return "Sequential", (20, 4), [
        conv1d("conv1d_1", 4, 3, padding="causal"),
        layer("Flatten", "flatten_1", data_format="channels_last"),
        layer("Dense", "dense_1", units=1, activation="linear", use_bias=True),
    ]


def unsupported_branch():
    a = conv1d("conv1d_1", 4, 3, padding="same")
    b = conv1d("conv1d_2", 4, 5, padding="same")
    b["inbound"] = [["input_1", 0, 0, {}]]
    add = layer("Add", "add_1")
    add["inbound"] = [["conv1d_1", 0, 0, {}], ["conv1d_2", 0, 0, {}]]
    return "Functional", (20, 4), [a, b, add, layer("Flatten", "flatten_1", data_format="channels_last"),
                                   layer("Dense", "dense_1", units=1, activation="linear", use_bias=True)]


SUPPORTED = {"basset_like": basset_like, "deepcba_like": deepcba_like, "image_1l4": image_1l4, "image_l41": image_l41}
# Added after the first fixtures; drawn last from the random stream so the earlier files keep their weights.
LATER = {"same_pools": same_pools}
UNSUPPORTED = {"unsupported_lstm": unsupported_lstm, "unsupported_causal": unsupported_causal, "unsupported_branch": unsupported_branch}


def one_hot(sequence, input_shape):
    """The sequence as the Keras model's input: (L, 4) one-hot placed in the input's layout."""
    x = np.zeros((len(sequence), 4))
    for i, c in enumerate(sequence):
        if c in "ACGT":
            x[i, "ACGT".index(c)] = 1.0
    shape = list(input_shape)
    length_axis = next(i for i, d in enumerate(shape) if d == len(sequence))
    alphabet_axis = next(i for i, d in enumerate(shape) if d == 4 and i != length_axis)
    order = [length_axis, alphabet_axis] + [i for i in range(len(shape)) if i not in (length_axis, alphabet_axis)]
    full = x.reshape([len(sequence), 4] + [1] * (len(shape) - 2))
    return full.transpose(np.argsort(order))


def main():
    os.makedirs(FIXTURES, exist_ok=True)
    rng = np.random.default_rng(20261207)
    reference = {"versions": {"numpy": np.__version__, "h5py": h5py.__version__, "keras_layout": KERAS_VERSION}, "models": {}}
    for index, (key, make) in enumerate(list(SUPPORTED.items()) + list(UNSUPPORTED.items()) + list(LATER.items())):
        model_class, input_shape, layers = make()
        weights = make_weights([l for l in layers if l["class_name"] != "Add"] if key != "unsupported_branch" else layers[:2], input_shape, rng)
        write_h5(os.path.join(FIXTURES, key + ".h5"), model_class, key, input_shape, [dict(l) for l in layers], weights)
        if key in UNSUPPORTED:
            continue
        length = max(d for d in input_shape)
        sequences = ["".join(rng.choice(list("ACGT"), length)) for _ in range(4)]
        sequences[3] = sequences[3][:5] + "N" + sequences[3][6:]
        w64 = {n: {k: v.astype(np.float64) for k, v in w.items()} for n, w in weights.items()}
        cases = []
        for s in sequences:
            x = one_hot(s, input_shape)
            cases.append({"sequence": s,
                          "logit": forward(x, layers, w64, logits=True).tolist(),
                          "probability": forward(x, layers, w64, logits=False).tolist()})
        reference["models"][key] = {"file": "fixtures/" + key + ".h5", "input_shape": list(input_shape), "cases": cases}
    with open(os.path.join(OUT_DIR, "keras_sequential_reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
