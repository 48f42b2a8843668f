#!/bin/sh
# usage: scripts/cmp-outputs.sh BIN OUTDIR
# Writes dedup clusters and pairs with BIN for Reuters, 20 Newsgroups, BBC,
# Gutenberg, the three news corpora together, and the same in out-of-core
# mode (--memory 64MiB), so that two binaries' outputs can be compared with
# cmp (docs/bench.md, "Byte-identical output"). Corpora: $C or ../shared/corpora.
set -u
B=$1; O=$2; C=${C:-../shared/corpora}
mkdir -p "$O"
for s in reuters21578 20newsgroups bbc-news gutenberg-200mb; do
  "$B" dedup "$C/$s.jsonl.gz" -o "$O/$s.clusters.jsonl" --pairs "$O/$s.pairs.jsonl" -q || echo "FAIL $s"
done
N="$C/reuters21578.jsonl.gz $C/20newsgroups.jsonl.gz $C/bbc-news.jsonl.gz"
"$B" dedup $N -o "$O/news.clusters.jsonl" --pairs "$O/news.pairs.jsonl" -q || echo "FAIL news"
"$B" dedup --memory 64MiB $N -o "$O/ext.clusters.jsonl" --pairs "$O/ext.pairs.jsonl" -q || echo "FAIL ext"
