#!/usr/bin/python3
"""Writes the PyTorch weight fixtures of tests/Genomics.Models.Tests/Serialization/PyTorch/Fixtures.

Each fixture is a tiny twin of an original PyTorch layout, written here from the originals' module structure (names,
nesting and forward order), with random weights and random BatchNorm statistics:

  deepallele_tiny.pt        DeepAllele's SeparateMultiHeadResidualCNN (conv0, convlayers, fc0, fclayers, ratio_fclayers,
                            ratio_out, counts_out), torch.save of its state_dict (…_protocol4.pt: pickle protocol 4,
                            with FRAME, SHORT_BINUNICODE, STACK_GLOBAL and MEMOIZE)
  attentivechrome_tiny.pth  AttentiveChrome v2's att_chrome (rnn_hms.j.rnn, rnn_hms.j.bin_attention.bin_context_vector,
                            hm_level_rnn_1, fdiff1_1)
  cnngru_tiny.ckpt          CombMotif's saluki_torch held as `model` by a PyTorch Lightning module: a Lightning-style
                            checkpoint (state_dict with the `model.` prefix, AttributeDict hyper-parameters, optimiser
                            and callback states)
  basset_tiny.safetensors   the common PyTorch Basset port layout (conv1/bn1 … conv3/bn3, fc1/bn4, fc2/bn5, fc3),
  basset_tiny.bin           as safetensors (written byte by byte: the format is a JSON header and raw data) and torch.save
  malicious.pt              a state dict whose pickle calls os.system (it would create /tmp/genomics-malicious-pickle-ran)
  expected.json             per fixture: the fixed input in the library's layout (N, C, L) and the twin's outputs in
                            evaluation mode (pre-activation: AttentiveChrome's logit before the sigmoid)

Needs only Debian's python3-torch and numpy:  /usr/bin/python3 tools/reference/pytorch_weights_fixtures.py [OUT_DIR]

  /usr/bin/python3 tools/reference/pytorch_weights_fixtures.py check DIR
      Loads DIR/<fixture>.pt (torch.load) and DIR/<fixture>.safetensors (read byte by byte) for every fixture name, as
      written by PyTorchWeights.Save from a model that loaded the fixture, into a fresh twin with
      load_state_dict(strict=True), and prints the largest difference of its outputs from expected.json.
"""
import collections
import json
import math
import os
import struct
import sys
import types

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "check" else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "Genomics.Models.Tests", "Serialization", "PyTorch", "Fixtures")


def randomise(module, generator):
    """Random weights everywhere, and random running statistics so that BatchNorm matters in evaluation mode."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.randn(p.shape, generator=generator) * 0.4)
        for name, b in module.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(torch.randn(b.shape, generator=generator) * 0.2)
            elif name.endswith("running_var"):
                b.copy_(torch.rand(b.shape, generator=generator) + 0.5)
            elif name.endswith("num_batches_tracked"):
                b.fill_(7)


# --- DeepAllele: SeparateMultiHeadResidualCNN ---------------------------------------------------------------------
def conv_block(cin, cout, k):
    return nn.Sequential(nn.Conv1d(cin, cout, k, padding="same"), nn.ReLU(), nn.BatchNorm1d(cout))


class Residual(nn.Module):
    def __init__(self, module):
        super().__init__()
        self._module = module

    def forward(self, x):
        return x + self._module(x)


class DeepAlleleTwin(nn.Module):
    def __init__(self, length, k0_filters, k0, filters, k, pool, blocks, hidden, h_layers):
        super().__init__()
        self.conv0 = conv_block(4, k0_filters, k0)
        self.convlayers = nn.ModuleList([conv_block(k0_filters, filters, k)])
        fc_dim = 2 * length
        for _ in range(blocks):
            self.convlayers.append(Residual(conv_block(filters, filters, k)))
            self.convlayers.append(nn.AvgPool1d(pool, ceil_mode=True))
            fc_dim = math.ceil(fc_dim / pool)
        self.fc0 = nn.Sequential(nn.Linear(fc_dim * filters, hidden), nn.ReLU())
        self.fclayers = nn.ModuleList(nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Dropout(0.2)) for _ in range(h_layers))
        self.ratio_fclayers = nn.ModuleList(
            nn.Sequential(nn.Linear(2 * hidden, 2 * hidden), nn.ReLU(), nn.Dropout(0.2)) for _ in range(h_layers))
        self.ratio_out = nn.Sequential(nn.Linear(2 * hidden, 1))
        self.counts_out = nn.Sequential(nn.Linear(hidden, 1))

    def trunk(self, allele):
        x = self.conv0(torch.cat([allele, torch.flip(allele, [1, 2])], dim=-1))
        for layer in self.convlayers:
            x = layer(x)
        return self.fc0(x.flatten(1))

    def forward(self, x):
        # x: (N, L, 4, 2) as DeepAllele's data
        x = x.permute(0, 2, 1, 3)
        first, second = self.trunk(x[..., 0]), self.trunk(x[..., 1])
        ratio = torch.cat([first, second], dim=-1)
        for layer in self.ratio_fclayers:
            ratio = layer(ratio)
        ratio = self.ratio_out(ratio)
        for layer in self.fclayers:
            first, second = layer(first), layer(second)
        return torch.cat([self.counts_out(first), self.counts_out(second), ratio], dim=-1)


# --- AttentiveChrome v2: att_chrome ----------------------------------------------------------------------------------
class RecAttention(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.bin_context_vector = nn.Parameter(torch.empty(size, 1))

    def forward(self, x):  # x: (N, T, size)
        alpha = torch.softmax(torch.matmul(x, self.bin_context_vector).squeeze(2), dim=1)
        return torch.bmm(alpha.unsqueeze(1), x), alpha


class RecurrentEncoder(nn.Module):
    def __init__(self, input_size, hidden):
        super().__init__()
        self.rnn = nn.LSTM(input_size, hidden, num_layers=1, bidirectional=True)
        self.bin_attention = RecAttention(2 * hidden)

    def forward(self, x):  # x: (T, N, input)
        out, _ = self.rnn(x)
        return self.bin_attention(out.permute(1, 0, 2))


class AttentiveChromeTwin(nn.Module):
    def __init__(self, marks, bin_rnn_size):
        super().__init__()
        self.rnn_hms = nn.ModuleList(RecurrentEncoder(1, bin_rnn_size) for _ in range(marks))
        self.hm_level_rnn_1 = RecurrentEncoder(2 * bin_rnn_size, bin_rnn_size // 2)
        self.fdiff1_1 = nn.Linear(bin_rnn_size, 1)

    def forward(self, x):  # x: (N, bins, marks) as AttentiveChrome's batches; returns the logit
        reps = []
        for j, encoder in enumerate(self.rnn_hms):
            rep, _ = encoder(x[:, :, j].t().unsqueeze(2))
            reps.append(rep)
        level1 = torch.cat(reps, 1).permute(1, 0, 2)
        final, _ = self.hm_level_rnn_1(level1)
        return self.fdiff1_1(final.squeeze(1))


# --- CombMotif: saluki_torch (CNN + GRU) ----------------------------------------------------------------------------
class PermuteLN(nn.Module):
    def __init__(self, filters, eps):
        super().__init__()
        self.ln = nn.LayerNorm((filters,), eps=eps)

    def forward(self, x):
        return self.ln(x.permute(0, 2, 1)).permute(0, 2, 1)


class PermuteGRU(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.gru = nn.GRU(size, size, batch_first=True)

    def forward(self, x):
        out, _ = self.gru(x.permute(0, 2, 1))
        return out[:, -1, :]  # go_backwards=True in the original: the last time step


class CnnGruTwin(nn.Module):
    def __init__(self, depth, filters, k, padding, blocks, eps, targets):
        super().__init__()
        self.conv1 = nn.Conv1d(depth, filters, k, padding=padding, bias=False)
        self.Pln1 = PermuteLN(filters, eps)
        self.conv_layers = nn.ModuleList(nn.Conv1d(filters, filters, k, padding=padding) for _ in range(blocks))
        self.bn_layers = nn.ModuleList()
        self.ln_layers = nn.ModuleList(PermuteLN(filters, eps) for _ in range(blocks))
        self.bn1 = nn.BatchNorm1d(filters, momentum=0.9)
        self.bn2 = nn.BatchNorm1d(filters, momentum=0.9)
        self.fc1 = nn.Linear(filters, filters)
        self.head = nn.Linear(filters, targets)
        self.rnn = PermuteGRU(filters)

    def forward(self, x):
        x = self.conv1(x)
        for ln, conv in zip(self.ln_layers, self.conv_layers):
            x = F.max_pool1d(conv(F.relu(ln(x))), 2)
        x = self.rnn(F.relu(self.Pln1(x)))
        x = self.fc1(F.relu(self.bn1(x)))
        return self.head(F.relu(self.bn2(x)))


class LightningWrapper(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model


# --- Basset, the common PyTorch port layout ------------------------------------------------------------------------
class BassetTwin(nn.Module):
    def __init__(self, filters, widths, pools, hidden, targets, length):
        super().__init__()
        self.pools = pools
        channels = 4
        for i, (f, w) in enumerate(zip(filters, widths)):
            setattr(self, f"conv{i + 1}", nn.Conv1d(channels, f, w))
            setattr(self, f"bn{i + 1}", nn.BatchNorm1d(f))
            length = (length - w + 1) // pools[i]
            channels = f
        width = channels * length
        for i, units in enumerate(hidden):
            setattr(self, f"fc{i + 1}", nn.Linear(width, units))
            setattr(self, f"bn{len(filters) + i + 1}", nn.BatchNorm1d(units))
            width = units
        setattr(self, f"fc{len(hidden) + 1}", nn.Linear(width, targets))
        self.n_conv, self.n_hidden = len(filters), len(hidden)

    def forward(self, x):
        for i in range(self.n_conv):
            x = F.max_pool1d(F.relu(getattr(self, f"bn{i + 1}")(getattr(self, f"conv{i + 1}")(x))), self.pools[i])
        x = x.flatten(1)
        for i in range(self.n_hidden):
            x = F.relu(getattr(self, f"bn{self.n_conv + i + 1}")(getattr(self, f"fc{i + 1}")(x)))
        return getattr(self, f"fc{self.n_hidden + 1}")(x)


class Exploit:
    """Unpickling this calls os.system: what a weight reader must never do."""

    def __reduce__(self):
        return (os.system, ("touch /tmp/genomics-malicious-pickle-ran",))


SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.int64: "I64", torch.int32: "I32"}


def write_safetensors(path, state):
    header, chunks, offset = {}, [], 0
    for key, tensor in state.items():
        data = tensor.detach().contiguous().cpu().numpy().tobytes()
        header[key] = {"dtype": SAFETENSORS_DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    types = {v: k for k, v in SAFETENSORS_DTYPES.items()}
    state = collections.OrderedDict()
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[8 + length + begin:8 + length + end], dtype=torch.empty(0, dtype=types[entry["dtype"]]).numpy().dtype)
        state[key] = torch.from_numpy(array.copy()).reshape(entry["shape"])
    return state


def twins():
    return {
        "deepallele_tiny": DeepAlleleTwin(length=16, k0_filters=6, k0=5, filters=4, k=3, pool=2, blocks=2, hidden=5, h_layers=1),
        "attentivechrome_tiny": AttentiveChromeTwin(marks=5, bin_rnn_size=4),
        "cnngru_tiny": CnnGruTwin(depth=4, filters=6, k=3, padding=1, blocks=2, eps=0.007, targets=1),
        "basset_tiny": BassetTwin(filters=[6, 5, 4], widths=[5, 3, 3], pools=[2, 2, 2], hidden=[7, 7], targets=3, length=40),
    }


def twin_input(name, expected):
    x = torch.tensor(expected["input"], dtype=torch.float32).reshape(expected["input_shape"])
    if name == "deepallele_tiny":
        return torch.stack([x[:, :4], x[:, 4:]], dim=-1).permute(0, 2, 1, 3)  # (N, L, 4, 2)
    if name == "attentivechrome_tiny":
        return x.permute(0, 2, 1)  # (N, bins, marks)
    return x


def check(folder):
    torch.set_num_threads(1)
    with open(os.path.join(OUT, "expected.json")) as f:
        expected = json.load(f)
    worst = 0.0
    for name, twin in twins().items():
        for suffix, load in ((".pt", torch.load), (".safetensors", read_safetensors)):
            twin.load_state_dict(load(os.path.join(folder, name + suffix)), strict=True)
            twin.eval()
            with torch.no_grad():
                out = twin(twin_input(name, expected[name])).flatten().numpy()
            diff = float(np.max(np.abs(out - np.array(expected[name]["output"], dtype=np.float32))))
            worst = max(worst, diff)
            print(f"{name}{suffix}: strict load ok, max |difference| {diff:.3g}")
    if worst > 1e-5:
        sys.exit(f"largest difference {worst} exceeds 1e-5")


def one_hot(generator, n, length):
    index = torch.randint(0, 4, (n, length), generator=generator)
    return F.one_hot(index, 4).permute(0, 2, 1).float()


def record(expected, name, options, input_ncl, output):
    expected[name] = {
        "options": options,
        "input_shape": list(input_ncl.shape),
        "input": [float(v) for v in input_ncl.flatten().tolist()],
        "output_shape": list(output.shape),
        "output": [float(v) for v in output.flatten().tolist()],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(20261207)
    expected = {}

    # DeepAllele
    da = DeepAlleleTwin(length=16, k0_filters=6, k0=5, filters=4, k=3, pool=2, blocks=2, hidden=5, h_layers=1)
    randomise(da, g)
    da.eval()
    alleles = torch.stack([one_hot(g, 3, 16), one_hot(g, 3, 16)], dim=-1)  # (N, 4, L, 2)
    with torch.no_grad():
        out = da(alleles.permute(0, 2, 1, 3))
    torch.save(da.state_dict(), os.path.join(OUT, "deepallele_tiny.pt"))
    torch.save(da.state_dict(), os.path.join(OUT, "deepallele_tiny_protocol4.pt"), pickle_protocol=4)
    stacked = torch.cat([alleles[..., 0], alleles[..., 1]], dim=1)  # (N, 8, L): the library's stacked alleles
    record(expected, "deepallele_tiny", {"Length": 16, "FirstFilters": 6, "FirstKernelSize": 5, "Filters": 4, "KernelSize": 3,
                                          "PoolSize": 2, "ResidualBlocks": 2, "HiddenSize": 5, "HiddenLayers": 1}, stacked, out)

    # AttentiveChrome v2
    ac = AttentiveChromeTwin(marks=5, bin_rnn_size=4)
    randomise(ac, g)
    ac.eval()
    marks = torch.rand((3, 10, 5), generator=g) * 4  # (N, bins, marks)
    with torch.no_grad():
        out = ac(marks)
    torch.save(ac.state_dict(), os.path.join(OUT, "attentivechrome_tiny.pth"))
    record(expected, "attentivechrome_tiny", {"Bins": 10, "BinHiddenSize": 4, "MarkHiddenSize": 2}, marks.permute(0, 2, 1), out)

    # CombMotif CNN-GRU in a Lightning checkpoint
    cg = CnnGruTwin(depth=4, filters=6, k=3, padding=1, blocks=2, eps=0.007, targets=1)
    randomise(cg, g)
    cg.eval()
    rna = one_hot(g, 3, 24)
    with torch.no_grad():
        out = cg(rna)
    wrapper = LightningWrapper(cg)
    parsing = types.ModuleType("pytorch_lightning.utilities.parsing")
    AttributeDict = type("AttributeDict", (dict,), {"__module__": "pytorch_lightning.utilities.parsing", "__qualname__": "AttributeDict"})
    parsing.AttributeDict = AttributeDict
    sys.modules["pytorch_lightning"] = types.ModuleType("pytorch_lightning")
    sys.modules["pytorch_lightning.utilities"] = types.ModuleType("pytorch_lightning.utilities")
    sys.modules["pytorch_lightning.utilities.parsing"] = parsing
    params = list(wrapper.parameters())
    checkpoint = {
        "epoch": 3,
        "global_step": 120,
        "pytorch-lightning_version": "1.9.0",
        "state_dict": wrapper.state_dict(),
        "loops": {"fit_loop": {"state_dict": {}, "epoch_progress": {"total": {"ready": 4, "completed": 3}}}},
        "callbacks": {"EarlyStopping{'monitor': 'val_loss', 'mode': 'min'}": {"wait_count": 1, "stopped_epoch": 0,
                                                                              "best_score": torch.tensor(0.25), "patience": 3}},
        "optimizer_states": [{"state": {i: {"step": torch.tensor(120.0), "exp_avg": torch.zeros_like(p)} for i, p in enumerate(params)},
                              "param_groups": [{"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 1e-5,
                                                "amsgrad": False, "params": list(range(len(params)))}]}],
        "lr_schedulers": [],
        "hyper_parameters": AttributeDict(filters=6, kernel_size=3, num_layers=2, dropout=0.2, go_backwards=True),
    }
    torch.save(checkpoint, os.path.join(OUT, "cnngru_tiny.ckpt"))
    record(expected, "cnngru_tiny", {"ChannelNames": ["A", "C", "G", "T"], "Length": 24, "Filters": 6, "KernelSize": 3, "Padding": 1,
                                      "Blocks": 2, "TargetNames": ["y"]}, rna, out)

    # Basset
    bs = BassetTwin(filters=[6, 5, 4], widths=[5, 3, 3], pools=[2, 2, 2], hidden=[7, 7], targets=3, length=40)
    randomise(bs, g)
    bs.eval()
    dna = one_hot(g, 3, 40)
    with torch.no_grad():
        out = bs(dna)
    write_safetensors(os.path.join(OUT, "basset_tiny.safetensors"), bs.state_dict())
    torch.save(bs.state_dict(), os.path.join(OUT, "basset_tiny.bin"))
    record(expected, "basset_tiny", {"InputLength": 40, "ConvFilters": [6, 5, 4], "ConvWidths": [5, 3, 3], "PoolWidths": [2, 2, 2],
                                      "HiddenUnits": [7, 7], "HiddenDropouts": [0.3, 0.3], "Targets": 3}, dna, out)

    # A malicious pickle: loading it with pickle would run a shell command.
    state = collections.OrderedDict(bs.state_dict())
    state["conv1.weight"] = Exploit()
    torch.save(state, os.path.join(OUT, "malicious.pt"))

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "check":
        check(sys.argv[2])
    else:
        main()
