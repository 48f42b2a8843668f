#!/bin/bash
# Interleaved timing of `rehash index add` on the news benchmark (Reuters-21578
# + 20 Newsgroups + BBC News, 42,648 documents): an older binary (WAL batches)
# against a newer one (sorted-table ingestion) at two chunk sizes, ROUNDS
# rounds, each into a fresh directory under a temporary directory. Prints wall,
# user and system seconds, peak RSS and the size on disk after each load.
#
#   scripts/bench-index-add.sh OLD_REHASH NEW_REHASH [ROUNDS]
#
# docs/index.md ("Bulk loads") reports its figures.
set -euo pipefail
old=$1 new=$2 rounds=${3:-3}
corpora=${CORPORA:-../shared/corpora}
inputs="$corpora/reuters21578.jsonl.gz $corpora/20newsgroups.jsonl.gz $corpora/bbc-news.jsonl.gz"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$rounds"); do
  for v in old new16 new32; do
    case $v in
      old) cmd="$old index add --index $tmp/$v.idx -j 2 $inputs" ;;
      new16) cmd="$new index add --index $tmp/$v.idx -j 2 --ingest-mb 16 $inputs" ;;
      new32) cmd="$new index add --index $tmp/$v.idx -j 2 --ingest-mb 32 $inputs" ;;
    esac
    echo "== round $r $v, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -f "$v wall %e s user %U s sys %S s maxrss %M KB" $cmd 2>&1 | grep -E "wall|^read "
    echo "disk $(du -sb "$tmp/$v.idx" | cut -f1) bytes"
    rm -rf "$tmp/$v.idx"
  done
done
