#!/usr/bin/env bash
# Makes TorchSharp 0.107's libLibTorchSharp.so load where the system libstdc++ predates GLIBCXX_3.4.32
# (Debian 12 has 3.4.30). The only symbol behind that version is std::ios_base_library_init(), an empty
# hook in GCC 13's libstdc++. We (1) mark the version requirement weak, (2) clear the symbol's version,
# (3) add a tiny library that defines the function. Idempotent; does nothing where the system has 3.4.32.
# Usage: fix-libtorchsharp.sh DIR   (DIR holds libLibTorchSharp.so)
set -euo pipefail
dir=${1:?usage: fix-libtorchsharp.sh DIR}
lib="$dir/libLibTorchSharp.so"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -f "$lib" ] || { echo "fix-libtorchsharp: no $lib" >&2; exit 1; }

libstdcxx=$( (ldconfig -p 2>/dev/null || true) | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')
[ -n "$libstdcxx" ] || libstdcxx=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
if grep -q -a 'GLIBCXX_3\.4\.32' "$libstdcxx" 2>/dev/null; then
  exit 0   # a new enough libstdc++: nothing to do
fi
shim="$dir/libemotune_iosinit.so"
if [ -f "$shim" ] && readelf -d "$lib" 2>/dev/null | grep -q 'libemotune_iosinit.so'; then
  exit 0   # already patched
fi
for tool in patchelf python3 cc readelf; do
  command -v "$tool" >/dev/null || { echo "fix-libtorchsharp: '$tool' is missing; run scripts/bootstrap.sh (apt: patchelf python3 gcc binutils)" >&2; exit 1; }
done
python3 "$here/native/weaken_verneed.py" "$lib" GLIBCXX_3.4.32
patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$lib"
cc -shared -fPIC -O2 -o "$shim" "$here/native/ios_base_library_init.c"
patchelf --add-needed libemotune_iosinit.so "$lib"
echo "fix-libtorchsharp: patched $lib for $(basename "$libstdcxx") without GLIBCXX_3.4.32"
