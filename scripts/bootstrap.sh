#!/usr/bin/env bash
# Installs everything EmoTune needs on a fresh Debian/Ubuntu machine that has the .NET 10 SDK, then restores and builds.
# Idempotent: a second run only checks. Uses sudo for apt when not root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages: OpenCV's native runtime needs GTK 3; cascades come from opencv-data; patchelf/python3/gcc patch
# TorchSharp's native library on older libstdc++; chromium drives the browser tests; ffmpeg reads music files;
# postgresql and redis-server are the replicas' shared storage: the tests and scripts/cluster.sh start private
# instances of them (their own port and data folder), never the system services.
packages=(libgtk-3-0 opencv-data patchelf python3 gcc binutils chromium ffmpeg sqlite3 fonts-dejavu-core ca-certificates postgresql redis-server)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm installs onnxruntime-web, which the page runs in on-device mode; Debian's package only when no npm is there (a
# NodeSource nodejs brings its own, and Debian's npm would conflict with it).
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The page's browser libraries (src/EmoTune.Web/ClientLibs/package-lock.json), from the npm registry; served by EmoTune
# itself. npm ci (a clean install of exactly the lock file) only when the installed tree does not match the lock file.
clientlibs=src/EmoTune.Web/ClientLibs
if ! (cd "$clientlibs" && npm ls --all >/dev/null 2>&1 && [ -f node_modules/onnxruntime-web/dist/ort.wasm.min.mjs ]); then
  echo "bootstrap: installing the page's npm packages (npm ci in $clientlibs)"
  (cd "$clientlibs" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi

command -v dotnet >/dev/null || { echo "bootstrap: the .NET 10 SDK is required (https://dot.net)" >&2; exit 1; }
dotnet restore EmoTune.slnx --verbosity quiet
dotnet build EmoTune.slnx --no-restore --verbosity quiet -clp:ErrorsOnly -p:TreatWarningsAsErrors=true
