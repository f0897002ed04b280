#!/usr/bin/env bash
# Builds ippd (release) and runs it in the foreground with its default virtual printer on a loopback port.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage (as root on Debian 12 the first time, to install the build packages):
#   tools/run.sh                 # port 8631, state in ./state
#   PORT=9631 STATE=/tmp/ippd tools/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(meson ninja-build pkg-config gcc python3 libmicrohttpd-dev libsqlite3-dev zlib1g-dev)
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
port=${PORT:-8631}
state=${STATE:-$PWD/state}
echo "ippd: printer ipp://localhost:$port/ipp/print"
echo "ippd: web page http://localhost:$port/"
echo "ippd: state, spool and output in $state (printed documents land in $state/output/default/)"
echo "ippd: Ctrl-C stops it"
exec build-release/server/ippd --listen "127.0.0.1:$port" --listen "[::1]:$port" --state-dir "$state"
