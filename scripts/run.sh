#!/usr/bin/env bash
# Sets up the machine (scripts/bootstrap.sh) and starts the EmoTune web app with the shipped model on http://127.0.0.1:5000.
# Extra arguments go to `emotune serve` (e.g. --urls http://127.0.0.1:8080, --camera 0).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
exec dotnet run --project src/EmoTune.Cli --no-build -- serve "$@"
