#!/usr/bin/env bash
# Sets up the machine (scripts/bootstrap.sh) and runs every test. The README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
results="$(mktemp -d)"
status=0
dotnet test EmoTune.slnx --no-build --verbosity quiet --logger "trx" --results-directory "$results" "$@" || status=$?
# One closing line that counts every test, whatever the runner printed above.
python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find(".//{*}Counters")
    if c is None:
        continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
