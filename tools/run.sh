#!/usr/bin/env bash
# Builds ippd's programs (release, no sanitizers) and shows what they can do today.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage (as root on Debian 12 the first time, to install the build packages): tools/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(meson ninja-build pkg-config gcc python3)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] || { echo "tools/run.sh: run as root to install: ${missing[*]}" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -d build-release ] || meson setup build-release --buildtype=release >/dev/null
ninja -C build-release >/dev/null
echo "Built: build-release/cli/ipp"
echo "The print service (ippd) is not built yet: it is issue #3. Meanwhile, the client decodes"
echo "a Get-Printer-Attributes response captured from CUPS's ippeveprinter:"
echo
build-release/cli/ipp decode tests/data/ippeveprinter-gpa-all.bin | head -n 25
echo "..."
