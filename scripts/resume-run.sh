#!/usr/bin/env bash
# Resumes a long training run in the background on this machine (docs/experiments/carried-runs.md):
# - the run folder is ~/emotune-runs/NAME; when it is missing, or behind the copy carried in the repository
#   (training/carried/NAME, written by scripts/carry-run.sh), the carried copy is laid there first;
# - teachers the run names (last.json, Options.Teachers) that are missing are copied from models/ by file name;
# - the Release CLI is built once into ~/emotune-runs/bin-NAME, so later builds of the checkout leave the run alone;
# - then `emotune train --resume` runs at nice 19, appending to ~/emotune-runs/NAME.log.
# Nothing happens when the run is already training. Extra arguments go to `train` (only --epochs and
# --checkpoint-minutes may change on resume). Runs are checkpointed partway through long epochs (every 10 minutes by
# default) and where they are stopped (`kill -INT` or `kill -TERM` the pid; give it a few seconds): progress is
# compared by epoch and batch.
# Usage: scripts/resume-run.sh NAME [--epochs N]
# Environment: EMOTUNE_RUNS (default ~/emotune-runs), EMOTUNE_CARRIED (default training/carried), EMOTUNE_DATA
# (default ../shared/datasets/fer2013 beside the checkout).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 NAME [train options]" >&2
  exit 2
fi
name=$1
shift
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${EMOTUNE_RUNS:-$HOME/emotune-runs}
carried=${EMOTUNE_CARRIED:-$repo/training/carried}/$name
data=${EMOTUNE_DATA:-$repo/../shared/datasets/fer2013}
run=$runs/$name
bin=$runs/bin-$name

# Progress as one number, epoch × 1,000,000 + batches done of the next epoch, and as words.
progress_of() { python3 -c 'import json,sys
s = json.load(open(sys.argv[1])); p = s.get("InProgress")
print(s["Epoch"] * 1000000 + (p["Batches"] if p else 0))' "$1"; }
describe() { python3 -c 'import json,sys
s = json.load(open(sys.argv[1])); p = s.get("InProgress")
print("epoch %d" % s["Epoch"] + (" and batch %d/%d of epoch %d" % (p["Batches"], p["BatchesPerEpoch"], p["Epoch"]) if p else ""))' "$1"; }

if pgrep -f "emotune.dll train .*--resume $run( |\$)" > /dev/null; then
  echo "resume-run: $name is already training (pid $(pgrep -f "emotune.dll train .*--resume $run( |\$)" | head -1)); see $runs/$name.log"
  exit 0
fi
[ -d "$data/train" ] || { echo "resume-run: no FER2013 folder at $data (set EMOTUNE_DATA)" >&2; exit 1; }

here=-1 here_text=none
[ -f "$run/last.json" ] && here=$(progress_of "$run/last.json") && here_text=$(describe "$run/last.json")
there=-1 there_text=none
[ -f "$carried/last.json" ] && there=$(progress_of "$carried/last.json") && there_text=$(describe "$carried/last.json")
if [ "$here" -lt 0 ] && [ "$there" -lt 0 ]; then
  echo "resume-run: neither $run nor $carried holds a run (last.json)" >&2
  exit 1
fi
if [ "$there" -gt "$here" ]; then
  mkdir -p "$run"
  # The optimiser state and best weights of an older epoch would not belong to the carried epoch.
  rm -f "$run/last.optim" "$run/best.weights"
  cp "$carried"/* "$run/"
  echo "resume-run: laid the carried copy ($there_text) into $run (this machine had: $here_text)"
else
  echo "resume-run: $run is at $here_text (carried copy: $there_text)"
fi

python3 - "$run/last.json" "$repo/models" << 'EOF'
import json, os, shutil, sys
options = json.load(open(sys.argv[1]))["Options"]
for teacher in options.get("Teachers") or []:
    if os.path.exists(teacher):
        continue
    source = os.path.join(sys.argv[2], os.path.basename(teacher))
    if not os.path.exists(source):
        sys.exit(f"resume-run: the teacher {teacher} is missing and models/ has no {os.path.basename(teacher)}; copy it there first")
    os.makedirs(os.path.dirname(teacher), exist_ok=True)
    shutil.copyfile(source, teacher)
    print(f"resume-run: copied {source} to {teacher} (the run's soft targets are computed again)")
EOF

if [ ! -f "$bin/emotune.dll" ]; then
  command -v patchelf > /dev/null || { echo "resume-run: patchelf is missing; run scripts/bootstrap.sh first" >&2; exit 1; }
  echo "resume-run: building the Release CLI into $bin"
  (cd "$repo" && dotnet build src/EmoTune.Cli -c Release -clp:ErrorsOnly --verbosity quiet)
  mkdir -p "$bin"
  cp -r "$repo/src/EmoTune.Cli/bin/Release/net10.0/." "$bin/"
fi

nohup nice -n 19 dotnet "$bin/emotune.dll" train --data "$data" --resume "$run" "$@" >> "$runs/$name.log" 2>&1 &
echo "resume-run: $name resumed (pid $!), log $runs/$name.log"
