#!/usr/bin/env bash
# Throughput of the Snakemake variant workflow (workflows/variants) with 1 and 2 local workers on the same work.
# Writes a seeded 10-Mb random genome and a small Basset-class 1-kb model (benchmarks/Genomics.Benchmarks
# genome-memory-setup), a VCF of N single-nucleotide variants on it, then runs the workflow (4 shards, one libtorch
# thread per shard job) with --cores 1 and --cores 2, alternating which goes first in each round, from an empty
# working folder each time, and checks that every run's merged table is the same.
#
#   benchmarks/workflow-workers.sh [ROUNDS=3] [VARIANTS=8000]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
variants="${2:-8000}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
command -v snakemake >/dev/null || { echo "snakemake is not on PATH (apt-get install snakemake)" >&2; exit 1; }
dotnet build "$root/benchmarks/Genomics.Benchmarks" -c Release -v quiet -nologo >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
dotnet build "$root/src/Genomics.Cli" -c Release -v quiet -nologo >>"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
"$root/benchmarks/Genomics.Benchmarks/bin/Release/net10.0/Genomics.Benchmarks" genome-memory-setup "$out" 10 >/dev/null
python3 - "$out/genome-10.fa" "$out/calls.vcf" "$variants" <<'PY'
import random, sys
fasta, vcf, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
name, seq = None, []
for line in open(fasta):
    if line.startswith(">"):
        if name is not None:
            break
        name = line[1:].split()[0]
    else:
        seq.append(line.strip())
seq = "".join(seq)
rng = random.Random(7)
positions = sorted(rng.sample(range(1000, len(seq) - 1000), n))
with open(vcf, "w") as f:
    f.write("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
    for p in positions:
        ref = seq[p - 1].upper()
        alt = rng.choice([b for b in "ACGT" if b != ref])
        f.write(f"{name}\t{p}\t.\t{ref}\t{alt}\t.\tPASS\t.\n")
PY
cat >"$out/config.yaml" <<CONFIG
genomics: "$root/src/Genomics.Cli/bin/Release/net10.0/genomics"
model: "$out/model.gckpt"
fasta: "$out/genome-10.fa"
vcf: "$out/calls.vcf"
output: scores.tsv.gz
shards: 4
block_size: 500
chunk_size: 256
threads: 1
CONFIG
echo "# Variant workflow: 1 against 2 local workers · $(date -u '+%F %H:%M UTC') · commit $(git -C "$root" rev-parse --short HEAD)"
echo
echo "Machine: $(nproc) cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg). Snakemake $(snakemake --version)."
echo "Work: $variants SNVs on a 10-Mb genome, Basset-class 1-kb model (filters 16/16/16, one output), 4 shards of blocks"
echo "of 500 records, chunks of 256 alleles, one libtorch thread per shard job; the merge included."
echo
echo "| round | workers | wall (s) |"
echo "|---:|---:|---:|"
run() {
  local workers=$1 round=$2
  rm -rf "$out/work" && mkdir "$out/work"
  local start end
  start=$(date +%s.%N)
  snakemake -s "$root/workflows/variants/Snakefile" --configfile "$out/config.yaml" -d "$out/work" --cores "$workers" -q >"$out/snakemake.log" 2>&1 || { cat "$out/snakemake.log"; exit 1; }
  end=$(date +%s.%N)
  local wall
  wall=$(python3 -c "print(f'{$end - $start:.2f}')")
  echo "| $round | $workers | $wall |"
  echo "$workers $wall" >>"$out/walls"
  zcat "$out/work/scores.tsv.gz" | sha256sum | cut -d' ' -f1 >>"$out/hashes"
}
for round in $(seq 1 "$rounds"); do
  if (( round % 2 == 1 )); then run 1 "$round"; run 2 "$round"; else run 2 "$round"; run 1 "$round"; fi
done
echo
python3 - "$out/walls" <<'PY'
import statistics, sys
walls = {}
for line in open(sys.argv[1]):
    w, s = line.split()
    walls.setdefault(int(w), []).append(float(s))
one, two = statistics.median(walls[1]), statistics.median(walls[2])
print(f"Median wall: 1 worker {one:.2f} s, 2 workers {two:.2f} s; speed-up {one / two:.2f}x.")
PY
echo "Merged tables identical across all runs: $( [ "$(sort -u "$out/hashes" | wc -l)" = 1 ] && echo yes || echo NO)."
