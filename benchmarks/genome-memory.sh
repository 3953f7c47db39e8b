#!/usr/bin/env bash
# Resident memory of genome-wide prediction against genome size (issue: streaming inputs with bounded memory).
# Writes seeded random genomes of 10 and 100 Mb and a small Basset-class 1-kb model
# (benchmarks/Genomics.Benchmarks genome-memory-setup), then runs `genomics predict --genome` over each, tiled at 1 kb,
# one process per genome, and prints the windows, the wall time and the peak resident memory (/usr/bin/time %M).
#
#   benchmarks/genome-memory.sh [SIZES="10 100"]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sizes="${1:-10 100}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet build "$root/benchmarks/Genomics.Benchmarks" -c Release -v quiet -nologo >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
dotnet build "$root/src/Genomics.Cli" -c Release -v quiet -nologo >>"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
"$root/benchmarks/Genomics.Benchmarks/bin/Release/net10.0/Genomics.Benchmarks" genome-memory-setup "$out" $sizes >/dev/null
cli="$root/src/Genomics.Cli/bin/Release/net10.0/genomics"
echo "# Genome-wide prediction: peak memory against genome size · $(date -u '+%F %H:%M UTC') · commit $(git -C "$root" rev-parse --short HEAD)"
echo
echo "Machine: $(nproc) cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg). Model: Basset-class, 1-kb input, filters 16/16/16, one output."
echo "Command: genomics predict -m model.gckpt --genome genome-N.fa -o tiles.csv.gz --threads 1 (1-kb tiles, stride 1 kb, chunks of 1,024 windows)."
echo
echo "| genome (Mb) | windows | wall (s) | peak resident memory (MB) |"
echo "|---:|---:|---:|---:|"
for size in $sizes; do
  /usr/bin/time -f "%e %M" -o "$out/time-$size" "$cli" predict -m "$out/model.gckpt" --genome "$out/genome-$size.fa" -o "$out/tiles-$size.csv.gz" --threads 1 >/dev/null 2>"$out/log-$size" || { cat "$out/log-$size"; exit 1; }
  windows=$(( $(zcat "$out/tiles-$size.csv.gz" | wc -l) - 1 ))
  read -r wall kb <"$out/time-$size"
  echo "| $size | $windows | $wall | $(( kb / 1024 )) |"
done
