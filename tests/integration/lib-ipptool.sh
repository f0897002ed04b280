# ipptool helpers shared by the ipptool*.sh scripts (sourced after lib.sh and lib_init).
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
#   ipptool_init                     # copies the .test files and tests/data/docs into $RUN
#   ippd_start "$STATE" ...          # then:
#   run_file LABEL FILE.test VERSION [IPPTOOL ARGS...]   one ok/not ok line per file
#   print_file LABEL FILE.test DOC [ARGS...]             run_file, then DOC's bytes must be in $OUT
#
# A failure is tolerated only when known-failures.txt lists it (bugs of the test files).

ipptool_init() {
	need ipptool python3 curl timeout sha256sum
	SUITE=${IPPTOOL_TESTS:-/usr/share/cups/ipptool}
	if [ ! -f "$SUITE/ipp-1.1.test" ]; then
		echo "$LIB_NAME.sh: SKIP: no ipptool test files in $SUITE (apt-get install cups-ipp-utils)"
		exit 77
	fi
	KNOWN=$HERE/known-failures.txt
	RUN=$TMP/run
	mkdir -p "$RUN"
	cp "$SUITE"/*.test "$RUN"/
	cp -R "$DOCS"/. "$RUN"/
	chmod -R u+w "$RUN"
	STATE=$TMP/state
	OUT=$STATE/output/default
}

# known_failure FILE NAME WHAT: is this failing test listed in known-failures.txt, and is
# every expectation it failed (WHAT: the attribute names from its EXPECTED/GOT lines) one
# that the entry allows?  ipptool -t cuts long names, so NAME may be a prefix.
known_failure() {
	local file=$1 name=$2 what=$3 kfile kname kattrs reason a
	while IFS='|' read -r kfile kname kattrs reason; do
		case $kfile in '#'* | '') continue ;; esac
		kfile=$(echo "$kfile" | sed 's/^ *//; s/ *$//')
		kname=$(echo "$kname" | sed 's/^ *//; s/ *$//')
		[ "$kfile" = "$file" ] || continue
		case $kname in "$name"*) ;; *) continue ;; esac
		# A failure with no expectation named (a lost connection...) is known only under *.
		[ -n "${what// /}" ] || [ "$(echo $kattrs)" = "*" ] || continue
		for a in $what; do
			case " $kattrs " in *" * "* | *" $a "*) ;; *) continue 2 ;; esac
		done
		KNOWN_REASON=$reason
		return 0
	done <"$KNOWN"
	return 1
}

# run_file LABEL TESTFILE VERSION [IPPTOOL ARGS...]: one ok/not ok line for the whole file.
run_file() {
	local label=$1 file=$2 version=$3 log status npass nfail nskip summary unknown known
	shift 3
	log=$TMP/$label.log
	(cd "$RUN" && timeout "${IPPTOOL_TIMEOUT:-300}" ipptool -tI -T 30 -V "$version" "$@" \
		"$IPPD_URI" "$file") >"$log" 2>&1
	status=$?
	# Results: '    NAME   [PASS]' under a '"file.test":' heading (INCLUDEd files get their own),
	# each FAIL followed by its EXPECTED/GOT lines: RESULT|FILE|NAME|ATTRIBUTES THAT FAILED.
	awk '
		function flush() { if (r != "") print r "|" f "|" n "|" what; r = "" }
		/^"[^"]*":$/ { flush(); f = substr($0, 2, length($0) - 3); next }
		/\[(PASS|FAIL|SKIP)\]$/ {
			flush(); r = $NF; n = $0; what = ""
			sub(/[ \t]*\[(PASS|FAIL|SKIP)\]$/, "", n); sub(/^[ \t]+/, "", n); next
		}
		r == "[FAIL]" && /^ +(NOT )?EXPECTED: / {
			a = $0; sub(/^ +(NOT )?EXPECTED: /, "", a); sub(/[ =].*/, "", a); what = what " " a
		}
		END { flush() }' "$log" >"$log.results"
	npass=$(grep -c '^\[PASS\]' "$log.results")
	nfail=$(grep -c '^\[FAIL\]' "$log.results")
	nskip=$(grep -c '^\[SKIP\]' "$log.results")
	summary=$(grep -m1 '^Summary:' "$log" | sed 's/^Summary: //')
	[ -n "$summary" ] || summary="$((npass + nfail + nskip)) tests, $npass passed, $nfail failed, $nskip skipped"
	unknown=0
	known=""
	while IFS='|' read -r r f n what; do
		[ "$r" = "[FAIL]" ] || continue
		if known_failure "$f" "$n" "$what"; then
			known="$known; known test-file bug: $f \"$n\":$KNOWN_REASON"
		else
			unknown=$((unknown + 1))
		fi
	done <"$log.results"
	if [ "$unknown" -eq 0 ] && [ $((npass + nfail)) -gt 0 ] && { [ "$status" -eq 0 ] || [ "$nfail" -gt 0 ]; } \
		&& ! grep -q '^ipptool: ' "$log"; then
		pass "$label: $summary$known"
	else
		[ "$status" -eq 124 ] && summary="$summary; timed out"
		# The failing tests with what ipptool expected, then any error from ipptool itself.
		awk '/\[FAIL\]$/ { show = 1; print; next } /\[(PASS|SKIP)\]$/ || /^"/ { show = 0 }
			show && /EXPECTED|GOT|status-code|RECEIVED|:/ { print }' "$log" >"$log.fail"
		grep '^ipptool: ' "$log" >>"$log.fail"
		[ -s "$log.fail" ] || tail -n 20 "$log" >"$log.fail"
		LIB_SHOW_LINES=40 fail "$label: $summary (ipptool exit $status)" "$log.fail"
	fi
}

# Documents printed by Print-Job must land byte-exact in the output folder.
snapshot() { ls "$OUT" 2>/dev/null | sort >"$1"; }
new_output_matches() { # BEFORE SOURCE: one new file in $OUT has the SOURCE's bytes
	local f want
	want=$(sha256sum <"$2")
	for f in $(ls "$OUT" 2>/dev/null | sort | comm -13 "$1" -); do
		[ "$(sha256sum <"$OUT/$f")" = "$want" ] && return 0
	done
	return 1
}
# print_file LABEL TESTFILE DOC [ARGS]: run_file, then the output must hold DOC's bytes.
print_file() {
	local label=$1 file=$2 doc=$3
	shift 3
	snapshot "$TMP/before"
	run_file "$label" "$file" 2.0 -f "$doc" "$@"
	if wait_for 15 new_output_matches "$TMP/before" "$RUN/$doc"; then
		pass "$label: $doc is in $OUT byte for byte"
	else
		(echo "new files:"; for f in $(ls "$OUT" | comm -13 "$TMP/before" -); do ls -l "$OUT/$f"; done) \
			>"$TMP/new.out" 2>&1
		fail "$label: $doc is in $OUT byte for byte" "$TMP/new.out"
	fi
}
