#!/usr/bin/env bash
# Builds ippd (release) and runs it in the foreground with its default virtual printer on a loopback port.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage (as root on Debian 12 the first time, to install the build packages):
#   tools/run.sh                 # port 8631, state in ./state (as root: /var/lib/ippd, run as user ippd)
#   PORT=9631 STATE=/tmp/ippd tools/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# What the build needs (meson.build's dependency() calls), nothing more.
packages=(meson ninja-build pkg-config gcc python3 libmicrohttpd-dev libsqlite3-dev zlib1g-dev
	libcurl4-gnutls-dev libavahi-client-dev libcrypt-dev libgnutls28-dev libpam0g-dev)
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
# As root, ippd runs as the service account `ippd` once its ports are bound (ippd(8), --user):
# create it the way a package would, and keep the state where that account can reach it.
if [ "$(id -u)" -eq 0 ]; then
	if ! getent passwd ippd >/dev/null; then
		useradd --system --user-group --home-dir /var/lib/ippd --no-create-home --shell /usr/sbin/nologin ippd
		echo "ippd: created the system account 'ippd' that the service runs as"
	fi
	state=${STATE:-/var/lib/ippd}
fi
echo "ippd: printer ipp://localhost:$port/ipp/print (and ipps://localhost:$port/ipp/print, TLS on the same port)"
echo "ippd: web page http://localhost:$port/"
echo "ippd: state, spool and output in $state (printed documents land in $state/output/default/)"
echo "ippd: Ctrl-C stops it"
exec build-release/server/ippd --listen "127.0.0.1:$port" --listen "[::1]:$port" --state-dir "$state"
