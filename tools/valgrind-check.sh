#!/usr/bin/env bash
# ippd under valgrind through the integration workload: memory errors and leaks that the sanitizers' build may hide.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: tools/valgrind-check.sh [SCRIPT...]   (integration scripts to run; default: every one that starts ippd)
#
# VALGRIND_JOBS=N scripts run at a time (default: the number of cores; valgrind runs each
# ippd on one core).
# Builds a debug build without sanitizers (build-valgrind), then runs the integration scripts
# with PATH_TO_ippd pointing at a wrapper that starts ippd under
#   valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99
# with one valgrind log per ippd process.  Prints "no leak, no memory error" or each report,
# and exits 0 or 1 accordingly.  The scripts' own results are shown too: under valgrind ippd
# is some 20 times slower, so a check with a tight time limit may fail there without a bug
# (they are reported, and do not change the exit status; the sanitizer build runs them for real).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

command -v valgrind >/dev/null || { echo "valgrind-check.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 77; }
T0=$(date +%s)
if [ ! -d build-valgrind ]; then
	# -O2 -g: at -O0 ippd takes over 30 s to start under valgrind (it draws its icons).
	meson setup build-valgrind --buildtype=debugoptimized -Db_sanitize=none -Dwerror=true >/dev/null ||
		{ echo "valgrind-check.sh: meson setup build-valgrind failed" >&2; exit 2; }
fi
ninja -C build-valgrind server/ippd cli/ipp >/dev/null || { echo "valgrind-check.sh: the build failed" >&2; exit 2; }

VG=$(mktemp -d "${TMPDIR:-/tmp}/ippd-valgrind.XXXXXX")
# Writable by all (sticky): an ippd started as another user (privilege.sh) writes its log here too.
chmod 1777 "$VG"
# A certificate made once: generating a key at every start is slow under valgrind (and is
# not what is being checked); a script that chooses its own TLS set-up keeps it.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$VG/key.pem" \
	-out "$VG/cert.pem" -days 7 -subj /CN=localhost >/dev/null 2>&1 || rm -f "$VG/cert.pem"
# A throwaway key: readable by the account privilege.sh drops to.
chmod 0644 "$VG/key.pem" 2>/dev/null
cat >"$VG/ippd" <<EOF
#!/bin/sh
# ippd under valgrind (written by tools/valgrind-check.sh).
tls=""
# VALGRIND_GENERATED_TLS=1 keeps ippd's own certificate generation (tls.sh checks it).
case " \$* " in *" --no-tls "* | *" --tls-cert "* | *" passwd "*) ;; *) [ -z "\${VALGRIND_GENERATED_TLS:-}" ] && [ -f "$VG/cert.pem" ] && tls="--tls-cert $VG/cert.pem --tls-key $VG/key.pem" ;; esac
exec valgrind --quiet --vgdb=no --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \\
	--show-leak-kinds=definite,indirect --num-callers=30 --log-file="$VG/vg.%p.log" \\
	"$ROOT/build-valgrind/server/ippd" "\$@" \$tls
EOF
chmod 0755 "$VG/ippd"

scripts=("$@")
if [ ${#scripts[@]} -eq 0 ]; then
	# Every integration script that starts ippd (lib*.sh are sourced helpers).
	for f in tests/integration/*.sh; do
		case ${f##*/} in lib*) continue ;; esac
		grep -qE 'ippd_start|"\$IPPD"' "$f" && scripts+=("$(basename "$f" .sh)")
	done
fi
jobs_max=${VALGRIND_JOBS:-$(nproc 2>/dev/null || echo 1)}
run_one() { # NAME: the script against the valgrind wrapper; its summary to $VG/NAME.result
	local name=$1 s=tests/integration/$1.sh rc env=()
	# These check the certificate ippd makes itself (curl --cacert STATE/tls/ippd.crt).
	case $name in tls | socket-activation | forward-ipps) env=(VALGRIND_GENERATED_TLS=1) ;; esac
	env "${env[@]}" IPPD_START_WAIT=90 IPPD_STOP_WAIT=60 timeout 1200 "$s" "$ROOT/build-valgrind/cli/ipp" tests/data \
		"$VG/ippd" >"$VG/$name.out" 2>&1
	rc=$?
	{
		echo "== $name.sh under valgrind: exit status $rc, $(tail -n 1 "$VG/$name.out")"
		grep '^not ok' "$VG/$name.out" | sed 's/^/   /' | head -n 20
	} >"$VG/$name.result"
}
running=0
for name in "${scripts[@]}"; do
	[ -x "tests/integration/$name.sh" ] || { echo "valgrind-check.sh: no script tests/integration/$name.sh" >&2; continue; }
	if [ "$running" -ge "$jobs_max" ]; then
		wait -n
		running=$((running - 1))
	fi
	run_one "$name" &
	running=$((running + 1))
done
wait
for name in "${scripts[@]}"; do
	[ -f "$VG/$name.result" ] && cat "$VG/$name.result"
done

# The verdict comes from valgrind's own logs: one per ippd started.
logs=("$VG"/vg.*.log)
n_logs=0
bad=0
for log in "${logs[@]}"; do
	[ -f "$log" ] || continue
	n_logs=$((n_logs + 1))
	if [ -s "$log" ]; then
		bad=$((bad + 1))
		echo "== valgrind report ${log##*/}:"
		head -n 80 "$log"
	fi
done
echo "valgrind-check.sh: $n_logs ippd process(es) checked in $(($(date +%s) - T0)) s"
if [ "$n_logs" -eq 0 ]; then
	echo "valgrind-check.sh: no ippd ran under valgrind" >&2
	exit 1
fi
if [ "$bad" -eq 0 ]; then
	echo "valgrind-check.sh: no leak, no memory error"
	rm -rf "$VG"
	exit 0
fi
echo "valgrind-check.sh: $bad of $n_logs process(es) with a report (above); logs and script outputs in $VG"
exit 1
