#!/usr/bin/env python3
"""Marks one version requirement (e.g. GLIBCXX_3.4.32) in an ELF64 file's .gnu.version_r as weak
(VER_FLG_WEAK = 0x2), so the dynamic loader warns instead of refusing to load. Idempotent."""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def main(path: str, version: str) -> int:
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            print(f"{path}: not a little-endian ELF64 file", file=sys.stderr)
            return 1
        e_shoff, = struct.unpack_from("<Q", data, 0x28)
        e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = []
        for i in range(e_shnum):
            off = e_shoff + i * e_shentsize
            sh_name, sh_type, _flags, _addr, sh_offset, sh_size, sh_link, sh_info = struct.unpack_from(
                "<IIQQQQII", data, off)
            sections.append((sh_type, sh_offset, sh_size, sh_link, sh_info))
        found = False
        for sh_type, sh_offset, _size, sh_link, sh_info in sections:
            if sh_type != SHT_GNU_VERNEED:
                continue
            strtab_off = sections[sh_link][1]
            entry = sh_offset
            for _ in range(sh_info):
                _vn_version, vn_cnt, _vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, entry)
                aux = entry + vn_aux
                for _ in range(vn_cnt):
                    _hash, flags, _other, name_off, vna_next = struct.unpack_from("<IHHII", data, aux)
                    end = data.index(b"\0", strtab_off + name_off)
                    name = data[strtab_off + name_off:end].decode()
                    if name == version:
                        struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
                        found = True
                    aux += vna_next
                    if vna_next == 0:
                        break
                entry += vn_next
                if vn_next == 0:
                    break
        if not found:
            print(f"{path}: no requirement for {version} (already fixed or not needed)")
            return 0
        f.seek(0)
        f.write(data)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: weaken_verneed.py ELF VERSION", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
