#!/usr/bin/env bash
# Side-by-side framework timings: this library (TorchSharp / libtorch) against a plain-PyTorch twin of the same networks
# on identical weights. Builds benchmarks/Genomics.Benchmarks.Framework, exports Basset, DeepDifE and DeepChrome with
# seeded weights, checks that tools/reference/framework_twin.py computes the same outputs, then runs the C# driver and
# the twin ALTERNATELY (C#, Python, C#, Python, ...) for each oneDNN setting, and prints markdown tables of the median
# times (all timed runs of all rounds pooled) and their ratio, followed by the GFLOP/s lines.
#
#   benchmarks/framework-vs-pytorch.sh [ROUNDS=3] [REPS=5]
#
# Environment: THREADS (default 1), WARMUP (3), ARCH (Basset,DeepDifE,DeepChrome), PYTHON (/usr/bin/python3, needs
# Debian's python3-torch: apt-get install python3-torch; give it a real BLAS, e.g. libopenblas0-pthread, or its matrix
# products run on the reference BLAS), MALLOC (steady or default, see below), GFLOPS (1 to measure them, 0 to skip).
#
# MALLOC=steady (the default) runs both processes with MALLOC_MMAP_MAX_=0 and a huge MALLOC_TRIM_THRESHOLD_, so that
# glibc keeps freed memory instead of unmapping it. Neither libtorch build caches CPU allocations: every activation of
# Basset (up to 89 MB) is otherwise mmap'ed and page-faulted afresh on every call, which on virtual machines costs more
# than the arithmetic and hides the frameworks' differences. MALLOC=default measures with the allocator as it comes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"; reps="${2:-5}"
threads="${THREADS:-1}"; warmup="${WARMUP:-3}"; arch="${ARCH:-Basset,DeepDifE,DeepChrome}"
python="${PYTHON:-/usr/bin/python3}"; malloc="${MALLOC:-steady}"; gflops="${GFLOPS:-1}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
case "$malloc" in
  steady) export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=1000000000000 ;;
  default) ;;
  *) echo "MALLOC must be steady or default" >&2; exit 2 ;;
esac

dotnet build "$root/benchmarks/Genomics.Benchmarks.Framework" -c Release -v quiet -nologo >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
exe="$root/benchmarks/Genomics.Benchmarks.Framework/bin/Release/net10.0/Genomics.Benchmarks.Framework"
twin="$root/tools/reference/framework_twin.py"
"$exe" export "$out/export" --arch "$arch" >/dev/null 2>"$out/stderr"

load() { cut -d' ' -f1-3 /proc/loadavg; }
blas="$(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || echo unknown)"
echo "# Framework vs PyTorch · $(date -u '+%F %H:%M UTC') · commit $(git -C "$root" rev-parse --short HEAD)"
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load average at start $(load)."
echo "This library: TorchSharp 0.107 (libtorch 2.10, CPU). Twin: PyTorch $("$python" -c 'import torch; print(torch.__version__)') ($python), BLAS $blas."
echo "Threads $threads; $warmup warm-up + $reps timed runs per operation and process; $rounds rounds, C# and Python alternating; allocator: $malloc."
echo
echo '## Twin check (evaluation-mode forward and loss gradient on the exported batch, C# oneDNN off)'
echo
for onednn in on off; do
  echo "Python oneDNN $onednn:"
  echo '```'
  "$python" "$twin" check "$out/export" --arch "$arch" --onednn "$onednn"
  echo '```'
done
echo

for r in $(seq 1 "$rounds"); do
  for onednn in on off; do
    "$exe" time --arch "$arch" --threads "$threads" --onednn "$onednn" --warmup "$warmup" --reps "$reps" --tag "round $r" >>"$out/times.jsonl" 2>>"$out/stderr"
    "$python" "$twin" time "$out/export" --arch "$arch" --threads "$threads" --onednn "$onednn" --warmup "$warmup" --reps "$reps" --tag "round $r" >>"$out/times.jsonl"
  done
done
end_load="$(load)"

if [ "$gflops" = 1 ]; then
  for onednn in on off; do
    "$exe" gflops --threads "$threads" --onednn "$onednn" --reps "$reps" >>"$out/gflops.jsonl" 2>>"$out/stderr"
  done
  for onednn in on off; do
    "$python" "$twin" gflops --threads "$threads" --onednn "$onednn" --reps "$reps" >>"$out/gflops.jsonl"
  done
fi
touch "$out/gflops.jsonl"

"$python" - "$out/times.jsonl" "$out/gflops.jsonl" "$end_load" <<'PY'
import json, statistics, sys
from collections import defaultdict

times, gflops, end_load = sys.argv[1:]
runs = defaultdict(list)         # (onednn, arch, op, framework) -> every timed run
rounds = defaultdict(dict)       # (onednn, arch, op) -> {round: {framework: median}}
order = []
for line in open(times):
    d = json.loads(line)
    s = d["settings"]
    key = (s["one_dnn"], d["architecture"], d["operation"])
    if key not in order:
        order.append(key)
    runs[key + (s["framework"],)].extend(d["seconds"])
    rounds[key].setdefault(s["tag"], {})[s["framework"]] = d["median_s"]

def ms(x):
    return f"{x * 1e3:.1f}" if x < 10 else f"{x:.2f} s"

for onednn in (True, False):
    print(f"## oneDNN {'on' if onednn else 'off'} (both frameworks)\n")
    print("| architecture | operation | C# median (ms) | PyTorch median (ms) | ours / theirs | per-round ratios |")
    print("|---|---|---:|---:|---:|---|")
    for key in order:
        if key[0] != onednn:
            continue
        ours = statistics.median(runs[key + ("torchsharp",)])
        theirs = statistics.median(runs[key + ("pytorch",)])
        per_round = ", ".join(f"{v['torchsharp'] / v['pytorch']:.2f}" for v in rounds[key].values() if len(v) == 2)
        print(f"| {key[1]} | {key[2]} | {ms(ours)} | {ms(theirs)} | **{ours / theirs:.2f}×** | {per_round} |")
    print()
print(f"Load average at end: {end_load}.\n")

lines = [json.loads(l) for l in open(gflops)]
if lines:
    print("## GFLOP/s (float32, median of the timed runs)\n")
    print("| framework | oneDNN | work | GFLOP | median (ms) | GFLOP/s |")
    print("|---|---|---|---:|---:|---:|")
    for d in lines:
        s = d["settings"]
        framework = "C# (libtorch 2.10)" if s["framework"] == "torchsharp" else f"PyTorch {s.get('version', '')}"
        print(f"| {framework} | {'on' if s['one_dnn'] else 'off'} | {d['work']} | {d['gflop']:.2f} | {d['median_s'] * 1e3:.1f} | {d['gflop_per_s']:.1f} |")
    peaks = {}
    tiles = {}
    for d in lines:
        if d["settings"]["framework"] == "torchsharp" and d["work"].startswith("library"):
            tiles[d["settings"]["one_dnn"]] = max(tiles.get(d["settings"]["one_dnn"], 0), d["gflop_per_s"])
        elif d["settings"]["framework"] == "torchsharp" and not d["work"].startswith("Basset"):
            peaks[d["settings"]["one_dnn"]] = max(peaks.get(d["settings"]["one_dnn"], 0), d["gflop_per_s"])
    for d in lines:
        if d["work"].startswith("Basset") and d["settings"]["one_dnn"] in peaks:
            onednn = d["settings"]["one_dnn"]
            print(f"\nBasset forward, oneDNN {'on' if onednn else 'off'}: {d['gflop_per_s']:.1f} GFLOP/s = "
                  f"{100 * d['gflop_per_s'] / peaks[onednn]:.0f}% of the best libtorch mm / width-1 convolution rate measured in the same process ({peaks[onednn]:.1f})"
                  + (f", {100 * d['gflop_per_s'] / tiles[onednn]:.0f}% of the library's own width-1 convolution ({tiles[onednn]:.1f})." if onednn in tiles else "."))
PY
