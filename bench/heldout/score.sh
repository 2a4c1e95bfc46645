#!/bin/bash
# bash bench/heldout/score.sh <roundDir> <tree> [out.json] — prints per-text counts and the micro totals only.
# Per-text detail (false+/missed) goes only into out.json: a blind round's collector must not share it with developers.
set -e
here=$(dirname "$(realpath "$0")")
round=$(realpath "$1"); tree=$(realpath "$2"); out=${3:+$(realpath -m "$3")}
cd "$tree" && LOG_LEVEL=silent npx tsx "$here/score.ts" "$round" "$tree" $out
