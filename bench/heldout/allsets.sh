#!/bin/bash
# bash bench/heldout/allsets.sh <tree> <label> — scores every /work/dev/* set on a tree; out in /tmp/allsets/<label>/
here=$(dirname "$(realpath "$0")"); tree=$1; label=$2; mkdir -p /tmp/allsets/$label
for d in ${DEV_SETS:-/work/dev}/*/; do n=$(basename $d); [ -d $d/truth ] || continue
  echo "== $n"; bash "$here/score.sh" $d $tree /tmp/allsets/$label/$n.json | tail -1; done
