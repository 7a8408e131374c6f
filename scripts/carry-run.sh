#!/usr/bin/env bash
# Copies what a training run needs to go on on another machine into a folder of the repository (to commit;
# docs/experiments/carried-runs.md):
# last.weights, last.json, metrics.csv, spec.json, and best.weights when last.weights are not the best epoch's (an earlier
# epoch is the best, or the checkpoint is partway through an epoch).
# The optimiser state (twice the weights) and the teachers' soft-target cache stay behind: a resume restarts AdamW's
# moment estimates and recomputes the soft targets (docs/experiments/carried-runs.md).
# Files committed to the repository must stay under 20 MiB each (EMOTUNE_CARRY_LIMIT_MIB changes the limit): a run
# whose weights are larger (EfficientNet-B3's are 41 MB) is refused before anything is copied.
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
limit_mib=${EMOTUNE_CARRY_LIMIT_MIB:-20}
too_big=()
for f in last.weights last.json metrics.csv spec.json best.weights; do
  [ -f "$run/$f" ] || continue
  size=$(stat -c %s "$run/$f")
  if [ "$size" -ge $((limit_mib * 1024 * 1024)) ]; then
    too_big+=("$f ($(numfmt --to=iec-i --suffix=B "$size"))")
  fi
done
if [ ${#too_big[@]} -gt 0 ]; then
  echo "carry-run: refused: files in the repository must stay under $limit_mib MiB each, and $run has ${too_big[*]}." >&2
  echo "carry-run: nothing was copied. The run can only go on on this machine (scripts/resume-run.sh $(basename "$run"))." >&2
  exit 1
fi
mkdir -p "$dest"
cp "$run/last.weights" "$run/last.json" "$run/metrics.csv" "$dest/"
[ -f "$run/spec.json" ] && cp "$run/spec.json" "$dest/"
read -r epoch best partway < <(python3 -c 'import json,sys
s = json.load(open(sys.argv[1])); p = s.get("InProgress")
print(s["Epoch"], s["BestEpoch"], "%d/%d" % (p["Batches"], p["BatchesPerEpoch"]) if p else "-")' "$run/last.json")
where="epoch $epoch"
[ "$partway" != "-" ] && where="epoch $epoch and batch $partway of epoch $((epoch + 1))"
if { [ "$best" != "$epoch" ] || [ "$partway" != "-" ]; } && [ -f "$run/best.weights" ]; then
  cp "$run/best.weights" "$dest/"
  echo "carry-run: $where, best epoch $best (best.weights carried too)"
elif [ "$partway" != "-" ] && [ "$best" = 0 ]; then
  rm -f "$dest/best.weights"
  echo "carry-run: $where (no epoch finished yet, so no best weights)"
elif [ "$partway" != "-" ]; then
  rm -f "$dest/best.weights"
  echo "carry-run: $where; $run has no best.weights, so the best epoch ($best) is not carried" >&2
else
  rm -f "$dest/best.weights"
  echo "carry-run: $where, the best so far"
fi
du -ch "$dest"/* | tail -1
