#!/usr/bin/env bash
# The effect of keeping freed memory in glibc's heap (docs/decisions/onednn.md, "Memory"): runs the Versus driver's
# torch cases with the library default and with GENOMICS_RETAIN_FREED_MEMORY=0, alternately, one libtorch thread, and
# times each step of Basset's forward pass (Genomics.Benchmarks.Framework layers) with the default.
#
#   benchmarks/allocator-effect.sh [ROUNDS=2]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-2}"
for project in Genomics.Benchmarks.Versus Genomics.Benchmarks.Framework; do
  dotnet build "$root/benchmarks/$project" -c Release -v quiet -nologo >/dev/null
done
versus="$root/benchmarks/Genomics.Benchmarks.Versus/bin/Release/net10.0/Genomics.Benchmarks.Versus"
framework="$root/benchmarks/Genomics.Benchmarks.Framework/bin/Release/net10.0/Genomics.Benchmarks.Framework"
echo "# $(date -u +%F) · commit $(git -C "$root" rev-parse --short HEAD) · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo '| case | freed memory kept (s) | GENOMICS_RETAIN_FREED_MEMORY=0 (s) |'
echo '|---|---|---|'
for c in deeplift-basset-1kb ism-naive-basset-1kb; do
  kept=(); plain=()
  for r in $(seq 1 "$rounds"); do
    kept+=("$("$versus" "$c" 2>/dev/null | awk '{print $2}')")
    plain+=("$(GENOMICS_RETAIN_FREED_MEMORY=0 "$versus" "$c" 2>/dev/null | awk '{print $2}')")
  done
  echo "| $c | ${kept[*]} | ${plain[*]} |"
done
echo
echo 'Basset forward pass, batch 128 × 600 nt, step by step (median seconds of 5 runs, default allocator setting):'
echo
echo '```'
"$framework" layers --threads 1 --reps 5 2>/dev/null | grep -o '"operation":"forward step [^"]*","median_s":[0-9.E-]*' | sed 's/"operation":"forward step //; s/","median_s":/ /'
echo '```'
