#!/usr/bin/env bash
# The whole test run: install what the build needs, build with -Werror under ASan+UBSan, run every test, fuzz.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage (as root on Debian 12; idempotent): tools/test.sh
#   FUZZ_SECONDS=N   how long each libFuzzer harness runs (default 30; 0 skips fuzzing; fuzz/run-long.sh runs them for longer)
#   VALGRIND_CHECK=0 skips the valgrind run (tools/valgrind-check.sh: every integration script
#                    that starts ippd, again with ippd under valgrind; about 8 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."

# --- dependencies: Debian packages, installed only when missing -------------
packages=(
	meson ninja-build pkg-config gcc clang libclang-rt-14-dev python3
	libcmocka-dev          # unit tests
	libmicrohttpd-dev libsqlite3-dev zlib1g-dev # the print service
	libcrypt-dev libgnutls28-dev # password hashes (yescrypt); SHA-256 for the credential cache
	libpam0g-dev libpam-modules # pam-service (access.sh tests it with pam_exec and pam_permit)
	gnutls-bin systemd # ipps: the certificate's test (gnutls-cli), socket activation (systemd-socket-activate)
	libcurl4-gnutls-dev openssl time # the client transport, its TLS test, the client's RSS check
	libavahi-client-dev avahi-daemon avahi-utils iproute2 # DNS-SD, tested in a private network namespace
	libcups2-dev           # the codec benchmark compares against libcups
	cups-ipp-utils dbus curl # ippeveprinter and ipptool: peers written by others
	cups-daemon cups-client cups-filters # the CUPS spooler as a client of ippd
	prometheus             # promtool checks GET /metrics (metrics.sh)
	chromium               # headless screenshots and DOM of the web pages (web.sh)
	valgrind               # tools/valgrind-check.sh: leaks and memory errors without the sanitizers
	libgnutls28-dev        # HMAC-SHA256 of the web forms' CSRF tokens
	ghostscript            # renders the PWG Raster samples ipp-everywhere.test prints (ipptool-everywhere.sh)
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "tools/test.sh: missing Debian packages: ${missing[*]}; run as root to install them" >&2
		exit 1
	fi
	echo "== installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# Package scripts must not start cupsd or avahi-daemon on this machine's network.
	made_policy=0
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		made_policy=1
	fi
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	[ $made_policy -eq 0 ] || rm -f /usr/sbin/policy-rc.d
fi

# --- build and test under the sanitizers -----------------------------------
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
echo "== build (gcc, -Werror, ASan+UBSan)"
if [ -d build-test ]; then
	meson setup --reconfigure build-test >/dev/null
else
	meson setup build-test -Dwerror=true -Db_sanitize=address,undefined --buildtype=debugoptimized >/dev/null
fi
ninja -C build-test
echo "== tests"
test_rc=0
meson test -C build-test --print-errorlogs || test_rc=$?

# --- bounded fuzzing with libFuzzer ----------------------------------------
fuzz_rc=0
fuzz_passed=0
fuzz_failed=0
seconds=${FUZZ_SECONDS:-30}
if [ "$seconds" -gt 0 ]; then
	echo "== fuzz (clang, libFuzzer, ${seconds}s per harness)"
	if [ -d build-fuzz ]; then
		meson setup --reconfigure build-fuzz >/dev/null
	else
		CC=clang meson setup build-fuzz -Dfuzzing=true -Db_lundef=false --buildtype=debugoptimized >/dev/null
	fi
	ninja -C build-fuzz
	# One harness per core at a time: the run takes about seconds x harnesses / cores.
	fuzz_one() {
		local harness=$1 name=${1##*/fuzz-}
		local work=build-fuzz/corpus-$name
		mkdir -p "$work" build-fuzz/artifacts
		# New inputs go to a scratch corpus; the committed seeds are only read.
		if "$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=build-fuzz/artifacts/"$name"- "$work" "fuzz/corpus/$name" \
			>build-fuzz/fuzz-"$name".log 2>&1; then
			echo "ok - fuzz-$name: $(grep -o 'Done [0-9]* runs' build-fuzz/fuzz-"$name".log)"
		else
			echo "not ok - fuzz-$name found a failure; the input is in build-fuzz/artifacts/:"
			tail -n 40 build-fuzz/fuzz-"$name".log
		fi
	}
	cores=$(nproc 2>/dev/null || echo 1)
	running=0
	rm -f build-fuzz/result-*
	for harness in build-fuzz/fuzz/fuzz-*; do
		[ -f "$harness" ] && [ -x "$harness" ] || continue
		fuzz_one "$harness" >build-fuzz/result-"${harness##*/fuzz-}" &
		running=$((running + 1))
		if [ "$running" -ge "$cores" ]; then
			wait -n || true
			running=$((running - 1))
		fi
	done
	wait
	cat build-fuzz/result-* >build-fuzz/fuzz-results
	cat build-fuzz/fuzz-results
	fuzz_passed=$(grep -c '^ok - fuzz-' build-fuzz/fuzz-results || true)
	fuzz_failed=$(grep -c '^not ok - fuzz-' build-fuzz/fuzz-results || true)
	[ "$fuzz_failed" -eq 0 ] || fuzz_rc=1
	echo "fuzz: $fuzz_passed passed, $fuzz_failed failed"
fi

# --- valgrind: leaks and memory errors in a build without sanitizers -------
# (tools/valgrind-check.sh: about 8 minutes on 2 cores once build-valgrind is built; VALGRIND_CHECK=0 skips)
valgrind_rc=0
if [ "${VALGRIND_CHECK:-1}" != 0 ]; then
	echo "== valgrind (every integration script that starts ippd, with ippd under valgrind, one per core)"
	tools/valgrind-check.sh || valgrind_rc=$?
fi

if [ $test_rc -ne 0 ] || [ $fuzz_rc -ne 0 ] || [ $valgrind_rc -ne 0 ]; then
	echo "tools/test.sh: FAILED (meson test exit $test_rc, fuzz exit $fuzz_rc, valgrind exit $valgrind_rc)" >&2
	exit 1
fi
echo "tools/test.sh: all tests passed"
