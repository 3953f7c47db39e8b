#!/bin/sh
# Regenerates the expected .fai lines used by tests/Genomics.Models.Tests/IO/FastaIndexTests.cs.
# Needs samtools (Debian: apt-get install samtools; the values in the tests came from samtools 1.16.1).
# The FASTA text below must stay identical to FastaIndexTests.LayoutFasta.
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '>chr1 first chromosome\nACGTACGTAC\nGGCCAATTGG\nACG\n>chr2\nTTTTGGGG\nCCCCAAAA\n>chrM mito\nACGTN\n\n>empty\n>last\nacgtacgtac\ngg' > "$dir/layout.fa"
# The same records with CRLF line endings.
sed 's/$/\r/' "$dir/layout.fa" > "$dir/layout.crlf.fa"
for f in layout.fa layout.crlf.fa; do
    samtools faidx "$dir/$f"
    echo "== $f.fai"
    cat "$dir/$f.fai"
done

# The real-data check: SHA-256 of the samtools index of the DeepDifE example promoters.
repo=$(cd "$(dirname "$0")/../.." && pwd)
cp "$repo/../shared/data/deepdife/example.fasta_c1" "$dir/example.fa"
samtools faidx "$dir/example.fa"
echo "== example.fasta_c1.fai sha256"
sha256sum "$dir/example.fa.fai" | cut -d' ' -f1
