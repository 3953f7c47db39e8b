#!/usr/bin/env bash
# Basset's evaluation-mode forward pass with the pooled inference pass (blocks whose convolution output for the batch
# would exceed 16 MB run convolution → normalisation → activation → pool a chunk of examples at a time) against the
# whole-batch pass (GENOMICS_POOLED_INFERENCE=0), in fresh processes, alternating: peak resident memory and minor
# faults of the process (/usr/bin/time) and the median of the timed forward calls (batch 128 × 600 nt, one thread).
#
#   benchmarks/pooled-inference.sh [ROUNDS=3] [REPS=8]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
reps="${2:-8}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=1000000000000
dotnet build "$root/benchmarks/Genomics.Benchmarks.Framework" -c Release -v quiet -nologo >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
exe="$root/benchmarks/Genomics.Benchmarks.Framework/bin/Release/net10.0/Genomics.Benchmarks.Framework"
echo "# Pooled inference pass · $(date -u '+%F %H:%M UTC') · commit $(git -C "$root" rev-parse --short HEAD)"
echo
echo "Machine: $(nproc) cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg). Basset forward, batch 128, one thread, 3 warm-up + $reps timed calls per process."
echo
echo "| round | pass | peak resident (MB) | minor faults | forward median (ms) | timed calls (ms) |"
echo "|---:|---|---:|---:|---:|---|"
run() {
  local round=$1 pass=$2 setting=$3
  GENOMICS_POOLED_INFERENCE=$setting /usr/bin/time -f "%M %R" -o "$out/time" "$exe" time --arch Basset --ops forward --threads 1 --warmup 3 --reps "$reps" >"$out/json" 2>/dev/null
  read -r kb faults <"$out/time"
  python3 - "$out/json" "$round" "$pass" "$kb" "$faults" <<'PY'
import json, sys
path, round_, pass_, kb, faults = sys.argv[1:]
d = json.loads(open(path).readline())
calls = ", ".join(f"{s * 1000:.0f}" for s in d["seconds"])
print(f"| {round_} | {pass_} | {int(kb) // 1024} | {faults} | {d['median_s'] * 1000:.1f} | {calls} |")
PY
}
for round in $(seq 1 "$rounds"); do
  if (( round % 2 == 1 )); then run "$round" whole-batch 0; run "$round" pooled 1; else run "$round" pooled 1; run "$round" whole-batch 0; fi
done
