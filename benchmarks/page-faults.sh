#!/usr/bin/env bash
# Where Basset's evaluation-mode forward pass page-faults once it is warm (finding 10 of
# benchmarks/results/framework-vs-pytorch.md). Counts minor faults and peak memory for processes that differ only in
# the number of timed forward calls, then records every page fault after a delay that skips start-up and warm-up and
# prints the native functions that took them.
#
#   benchmarks/page-faults.sh [FEW=2] [MANY=12]
#
# Needs perf (Debian's linux-perf). Runs with the allocator settings the library applies itself (MALLOC_MMAP_MAX_=0,
# no trimming), as benchmarks/framework-vs-pytorch.sh does.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
few="${1:-2}"; many="${2:-12}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=1000000000000
dotnet build "$root/benchmarks/Genomics.Benchmarks.Framework" -c Release -v quiet -nologo >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
exe="$root/benchmarks/Genomics.Benchmarks.Framework/bin/Release/net10.0/Genomics.Benchmarks.Framework"
echo "# Page faults of Basset's forward pass · $(date -u '+%F %H:%M UTC') · commit $(git -C "$root" rev-parse --short HEAD)"
echo
for reps in "$few" "$many" "$few" "$many"; do
  /usr/bin/time -f "timed forward calls $reps: minor faults %R, peak resident %M KB" \
    "$exe" time --arch Basset --ops forward --warmup 1 --reps "$reps" 2>&1 >/dev/null | tail -1
done
echo
echo "Page faults after the first 12 s (start-up, export and warm-up), 20 timed calls, by native function:"
echo '```'
perf record -q -e page-faults -c 1 -D 12000 -g -o "$out/faults.data" \
  "$exe" time --arch Basset --ops forward --warmup 3 --reps 20 >/dev/null 2>&1
perf report -i "$out/faults.data" --no-children --sort symbol --stdio -g none --percent-limit 1 2>/dev/null \
  | grep -E "Event count|%" | sed -E 's/ +$//; s/c10::function_ref<[^>]*>::callback_fn<at::native::[A-Za-z0-9]+::VectorizedLoop2d<at::native::(\(anonymous namespace\)::)?([a-z_]+)[^ ]*/TensorIterator loop of \2/' | cut -c1-160
echo '```'
