#!/usr/bin/env bash
# Long fuzzing runs: every libFuzzer harness (or the ones named) for a long time each, corpora kept between runs.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: fuzz/run-long.sh [HARNESS...]        (names as in fuzz/: decode, url, pwg, ...)
#   FUZZ_SECONDS=N   seconds per harness (default 600)
#   FUZZ_JOBS=N      harnesses run at the same time (default 1; at most the number of cores helps)
#   FUZZ_WORK=DIR    where the grown corpora, artifacts and logs go (default
#                    ${XDG_CACHE_HOME:-~/.cache}/ippd-fuzz, outside the repository, kept between runs)
#   FUZZ_MERGE=1     at the end, merge what each corpus grew into fuzz/corpus/NAME (libFuzzer
#                    -merge=1: only inputs that add coverage), to commit them
#   FUZZ_BUILD=DIR   the clang build folder (default build-fuzz; configured here if missing)
#
# Exit status 0 when every harness ran its time without a failure; 1 when one found a crash,
# leak, timeout or out-of-memory: its reproducer's path is printed with the command that
# replays it; 2 for a usage or build problem.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-600}
jobs=${FUZZ_JOBS:-1}
work=${FUZZ_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/ippd-fuzz}
build=${FUZZ_BUILD:-build-fuzz}
case $seconds$jobs in *[!0-9]*)
	echo "run-long.sh: FUZZ_SECONDS and FUZZ_JOBS are whole numbers" >&2
	exit 2 ;;
esac

# --- the build: clang, libFuzzer, ASan+UBSan (as tools/test.sh builds it) ---------------------
if [ ! -d "$build" ]; then
	CC=clang meson setup "$build" -Dfuzzing=true -Db_lundef=false --buildtype=debugoptimized >/dev/null ||
		{ echo "run-long.sh: meson setup $build failed (clang and libclang-rt-dev installed?)" >&2; exit 2; }
fi
ninja -C "$build" >/dev/null || { echo "run-long.sh: the build in $build failed" >&2; exit 2; }

harnesses=()
if [ $# -gt 0 ]; then
	for name in "$@"; do
		h=$build/fuzz/fuzz-$name
		[ -x "$h" ] || { echo "run-long.sh: no harness $h" >&2; exit 2; }
		harnesses+=("$h")
	done
else
	for h in "$build"/fuzz/fuzz-*; do
		[ -f "$h" ] && [ -x "$h" ] && harnesses+=("$h")
	done
fi
[ ${#harnesses[@]} -gt 0 ] || { echo "run-long.sh: no harness in $build/fuzz" >&2; exit 2; }

mkdir -p "$work/artifacts" "$work/logs" || exit 2
echo "run-long.sh: ${#harnesses[@]} harness(es), ${seconds} s each, $jobs at a time; corpora, artifacts and logs in $work"

# run_one HARNESS: fuzzes into $work/corpus/NAME (the committed seeds are read, never written).
run_one() {
	local h=$1 name=${1##*/fuzz-} rc
	local corpus=$work/corpus/$name log=$work/logs/$name.log
	mkdir -p "$corpus"
	local before
	before=$(ls "$work/artifacts" | grep -c "^$name-" || true)
	"$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/$name-" "$corpus" "fuzz/corpus/$name" >"$log" 2>&1
	rc=$?
	local runs
	runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -n 1)
	if [ $rc -eq 0 ]; then
		echo "ok - fuzz-$name: ${runs:-no run count}, corpus $(ls "$corpus" | wc -l) inputs"
		return 0
	fi
	echo "not ok - fuzz-$name failed (exit status $rc); log: $log"
	grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:' "$log" |
		sed 's/^/    # /'
	local art
	# The reproducers this run wrote (crash-, leak-, timeout-, oom-, slow-unit- files).
	if [ "$(ls "$work/artifacts" | grep -c "^$name-" || true)" -gt "$before" ]; then
		for art in $(ls -t "$work/artifacts" | grep "^$name-" | head -n $(($(ls "$work/artifacts" | grep -c "^$name-") - before))); do
			echo "    # reproducer: $work/artifacts/$art"
			echo "    # replay:     $h $work/artifacts/$art"
		done
	else
		sed -n 's/.*Test unit written to \(.*\)/    # reproducer: \1/p' "$log"
	fi
	return 1
}

rm -f "$work"/result-*
running=0
for h in "${harnesses[@]}"; do
	run_one "$h" >"$work/result-${h##*/fuzz-}" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait
cat "$work"/result-*
failed=$(cat "$work"/result-* | grep -c '^not ok' || true)

if [ "${FUZZ_MERGE:-0}" = 1 ]; then
	for h in "${harnesses[@]}"; do
		name=${h##*/fuzz-}
		before=$(ls "fuzz/corpus/$name" | wc -l)
		"$h" -merge=1 "fuzz/corpus/$name" "$work/corpus/$name" >"$work/logs/$name-merge.log" 2>&1 ||
			echo "run-long.sh: merging $name failed; see $work/logs/$name-merge.log"
		echo "merged fuzz-$name: fuzz/corpus/$name $before -> $(ls "fuzz/corpus/$name" | wc -l) inputs"
	done
fi

echo "run-long.sh: $((${#harnesses[@]} - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
