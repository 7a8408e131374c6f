#!/usr/bin/env bash
# Copies what a training run needs to go on on another machine into a folder of the repository (to commit;
# docs/experiments/carried-runs.md):
# last.weights, last.json, metrics.csv, spec.json, and best.weights only when an earlier epoch than the last is the best.
# The optimiser state (twice the weights) and the teachers' soft-target cache stay behind: a resume restarts AdamW's
# moment estimates and recomputes the soft targets (docs/experiments/carried-runs.md).
# Usage: scripts/carry-run.sh RUN_FOLDER DEST_FOLDER
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 RUN_FOLDER DEST_FOLDER" >&2
  exit 2
fi
run=$1 dest=$2
for f in last.weights last.json metrics.csv; do
  [ -f "$run/$f" ] || { echo "carry-run: $run/$f is missing; is $run a training run folder with a finished epoch?" >&2; exit 1; }
done
mkdir -p "$dest"
cp "$run/last.weights" "$run/last.json" "$run/metrics.csv" "$dest/"
[ -f "$run/spec.json" ] && cp "$run/spec.json" "$dest/"
epoch=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Epoch"])' "$run/last.json")
best=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["BestEpoch"])' "$run/last.json")
if [ "$best" != "$epoch" ] && [ -f "$run/best.weights" ]; then
  cp "$run/best.weights" "$dest/"
  echo "carry-run: epoch $epoch, best epoch $best (best.weights carried too)"
else
  rm -f "$dest/best.weights"
  echo "carry-run: epoch $epoch, the best so far"
fi
du -ch "$dest"/* | tail -1
