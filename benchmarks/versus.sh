#!/usr/bin/env bash
# Before/after timings: builds benchmarks/Genomics.Benchmarks.Versus against a baseline commit and against this tree,
# then runs the two builds alternately (baseline, current, baseline, current, ...) on each case, single-threaded, and
# prints the median times, their ratio and the largest difference between the two builds' outputs.
#
#   benchmarks/versus.sh [BASELINE=e22883f] [ROUNDS=3] [CASE ...]
#
# The baseline is checked out as a git worktree beside this repository (../genomics-baseline-PID, next to ../shared) and
# removed at the end. Needs python3 only for the output comparison.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
baseline="${1:-e22883f}"; rounds="${2:-3}"; shift $(( $# >= 2 ? 2 : $# )) || true
base_tree="$root/../genomics-baseline-$$"
out="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$base_tree" >/dev/null 2>&1 || true; rm -rf "$out"' EXIT

git -C "$root" worktree remove --force "$base_tree" >/dev/null 2>&1 || true
git -C "$root" worktree add --detach "$base_tree" "$baseline" >/dev/null
rm -rf "$base_tree/benchmarks/Genomics.Benchmarks.Versus"
cp -r "$root/benchmarks/Genomics.Benchmarks.Versus" "$base_tree/benchmarks/"
rm -rf "$base_tree/benchmarks/Genomics.Benchmarks.Versus/bin" "$base_tree/benchmarks/Genomics.Benchmarks.Versus/obj"
for tree in "$base_tree" "$root"; do
  dotnet build "$tree/benchmarks/Genomics.Benchmarks.Versus" -c Release -v quiet -nologo >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
done
exe() { echo "$1/benchmarks/Genomics.Benchmarks.Versus/bin/Release/net10.0/Genomics.Benchmarks.Versus"; }
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then mapfile -t cases < <("$(exe "$root")" --list); fi

echo "# $(date -u +%F) · $(git -C "$root" rev-parse --short HEAD) against $(git -C "$root" rev-parse --short "$baseline") · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| case | baseline (s) | current (s) | speed-up | max |Δ| of outputs |\n|---|---:|---:|---:|---:|\n'
for c in "${cases[@]}"; do
  b=(); n=()
  for r in $(seq 1 "$rounds"); do
    dumpb=(); dumpn=()
    if [ "$r" = 1 ]; then dumpb=(--dump "$out/$c.base"); dumpn=(--dump "$out/$c.cur"); fi
    b+=("$("$(exe "$base_tree")" "$c" "${dumpb[@]}" | awk '{print $2}')")
    n+=("$("$(exe "$root")" "$c" "${dumpn[@]}" | awk '{print $2}')")
  done
  python3 - "$c" "$out/$c.base" "$out/$c.cur" "${b[*]}" "${n[*]}" <<'PY'
import sys, statistics
name, fb, fc, tb, tc = sys.argv[1:]
tb = [float(x) for x in tb.split()]; tc = [float(x) for x in tc.split()]
a = open(fb).read().split('\n'); c = open(fc).read().split('\n')
diff = 0.0; same = len(a) == len(c)
for x, y in zip(a, c):
    try:
        diff = max(diff, abs(float(x) - float(y)))
    except ValueError:
        if x != y:
            same = False
mb, mc = statistics.median(tb), statistics.median(tc)
print(f"| {name} | {mb:.3f} ({', '.join(f'{t:.2f}' for t in tb)}) | {mc:.3f} ({', '.join(f'{t:.2f}' for t in tc)}) | {mb / mc:.2f}× | {'%.2g' % diff if same else 'DIFFERENT'} |")
PY
done
