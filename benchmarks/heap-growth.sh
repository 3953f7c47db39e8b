#!/usr/bin/env bash
# Where the heap grows during Basset's forward pass taken apart (finding 10 of
# benchmarks/results/framework-vs-pytorch.md): runs the driver's `layers` command (each step of the evaluation-mode
# forward pass timed alone on its own input) under strace and prints every move of the heap's end (brk) by more than
# 10 MB, with every mmap of more than 10 MB that is not a file or a reservation, next to the steps' per-call times.
#
#   benchmarks/heap-growth.sh
#
# Needs strace. Runs with the allocator settings the library applies itself (MALLOC_MMAP_MAX_=0, no trimming).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=1000000000000
dotnet build "$root/benchmarks/Genomics.Benchmarks.Framework" -c Release -v quiet -nologo >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
exe="$root/benchmarks/Genomics.Benchmarks.Framework/bin/Release/net10.0/Genomics.Benchmarks.Framework"
echo "# Heap growth of Basset's forward pass, step by step · $(date -u '+%F %H:%M UTC') · commit $(git -C "$root" rev-parse --short HEAD)"
echo
strace -f -e trace=brk,mmap,munmap -o "$out/trace" "$exe" layers --threads 1 --warmup 2 --reps 5 >"$out/times.jsonl" 2>/dev/null
python3 - "$out/trace" "$out/times.jsonl" <<'PY'
import json, re, sys
trace, times = sys.argv[1:]
print("Steps slower than 4 ms, per-call milliseconds (2 warm-up calls untimed):")
for line in open(times):
    d = json.loads(line)
    if d["median_s"] > 0.004:
        print(f"  {d['operation']}: " + ", ".join(f"{s * 1000:.1f}" for s in d["seconds"]))
end = None
growth, maps = [], 0
for line in open(trace):
    m = re.search(r"brk\((0x[0-9a-f]+)\)\s+=\s+(0x[0-9a-f]+)", line)
    if m:
        new = int(m.group(2), 16)
        if end is not None and abs(new - end) > 10_000_000:
            growth.append(new - end)
        end = new
        continue
    m = re.search(r"mmap\(NULL, (\d+), PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\)", line)
    if m and int(m.group(1)) > 10_000_000:
        maps += 1
print(f"Moves of the heap's end by more than 10 MB: {len(growth)}: " + ", ".join(f"{g / 1e6:+.1f} MB" for g in growth))
print(f"Anonymous read-write mmaps of more than 10 MB: {maps}")
PY
