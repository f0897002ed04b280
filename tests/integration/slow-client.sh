#!/bin/bash
# Connection robustness: a client that trickles a byte a second is dropped after --client-timeout while
# others are answered promptly; a silent client and an idle kept-alive one are closed; the connection caps
# (--max-connections, --max-connections-per-address) close the excess at once and service resumes; headers
# are bounded.  The clients are tests/integration/slow-client.py.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
. "$(dirname "$0")/lib.sh"
lib_init slow-client "$@"
need curl python3 timeout

SLOW="$HERE/slow-client.py"
# slow MODE ARGS...: runs one client case (bounded), its KEY=VALUE output in $TMP/slow.out.
slow() { timeout 60 "$PY" -S "$SLOW" "$IPPD_PORT" "$@" >"$TMP/slow.out" 2>&1; }
val() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" "$TMP/slow.out" | head -n 1; }
# between VALUE LOW HIGH: LOW <= VALUE <= HIGH (decimals)
between() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v != "" && v >= lo && v <= hi) }'; }

TIMEOUT=3
ippd_start "$TMP/state" --client-timeout $TIMEOUT || abort "ippd starts with --client-timeout $TIMEOUT" "$IPPD_LOG"

slow trickle
if between "$(val closed_after)" $((TIMEOUT - 1)) $((TIMEOUT + 3)); then
	pass "request headers at a byte a second: closed after $(val closed_after) s (--client-timeout $TIMEOUT)"
else
	fail "request headers at a byte a second: closed after --client-timeout" "$TMP/slow.out"
fi
if [ "$(val errors)" = 0 ] && [ "$(val answered)" -ge 5 ] && between "$(val max_latency)" 0 1; then
	pass "meanwhile another client got $(val answered) answers, the slowest in $(val max_latency) s"
else
	fail "meanwhile another client is answered promptly" "$TMP/slow.out"
fi

slow trickle-body
if between "$(val closed_after)" $((TIMEOUT - 1)) $((TIMEOUT + 3)); then
	pass "IPP attributes at a byte a second: closed after $(val closed_after) s"
else
	fail "IPP attributes at a byte a second: closed after --client-timeout" "$TMP/slow.out"
fi

slow trickle-tls
if between "$(val closed_after)" $((TIMEOUT - 1)) $((TIMEOUT + 3)); then
	pass "a TLS handshake at a byte a second: closed after $(val closed_after) s"
else
	fail "a TLS handshake at a byte a second: closed after --client-timeout" "$TMP/slow.out"
fi

slow silent
if between "$(val closed_after)" $((TIMEOUT - 1)) $((TIMEOUT + 3)); then
	pass "a client that connects and sends nothing: closed after $(val closed_after) s"
else
	fail "a client that connects and sends nothing is closed" "$TMP/slow.out"
fi

slow idle
if [ "$(val status)" = 200 ] && between "$(val closed_after)" $((TIMEOUT - 1)) $((TIMEOUT + 3)); then
	pass "an idle kept-alive connection: closed $(val closed_after) s after its answer"
else
	fail "an idle kept-alive connection is closed after --client-timeout" "$TMP/slow.out"
fi

slow big-headers
case "$(val big_headers)" in
431 | 413 | 400 | closed) big_ok=1 ;;
*) big_ok=0 ;;
esac
if [ $big_ok = 1 ] && [ "$(val next_client)" = 200 ]; then
	pass "100 KiB of request headers refused ($(val big_headers)); the next client is served"
else
	fail "100 KiB of request headers refused; the next client is served" "$TMP/slow.out"
fi
grep -q 'no complete request within --client-timeout' "$IPPD_LOG" \
	&& pass "the log says why a slow connection was closed" \
	|| fail "the log says why a slow connection was closed" "$IPPD_LOG"
ippd_alive && pass "ippd alive, no sanitizer report" || fail "ippd alive, no sanitizer report" "$TMP/san.out"
ippd_stop "slow clients"

# --- the connection caps ---
ippd_start "$TMP/state" --max-connections 12 --max-connections-per-address 10 \
	|| abort "ippd starts with --max-connections 12 --max-connections-per-address 10" "$IPPD_LOG"
slow caps 10 12
check "over --max-connections-per-address: the next connection from that address is closed at once" \
	test "$(val same_address_closed_at_once)" = 1
check "...while another address is still served" test "$(val other_address_served)" = 1
check "over --max-connections: a connection from a third address is closed at once" \
	test "$(val over_total_closed_at_once)" = 1
check "once those connections close, the first address is served again" test "$(val served_after_they_close)" = 1
check "the log names the limit reached" grep -q 'max-connections.*reached' "$IPPD_LOG"
check "curl still gets the web page" curl -sf --max-time 10 -o /dev/null "http://127.0.0.1:$IPPD_PORT/"
ippd_alive && pass "ippd alive after the caps" || fail "ippd alive after the caps" "$TMP/san.out"
ippd_stop "connection caps"

# Bad values are usage errors.
for bad in "--client-timeout 0" "--client-timeout x" "--max-connections 0" "--max-connections-per-address -1"; do
	# shellcheck disable=SC2086
	if timeout 10 "$IPPD" --listen 127.0.0.1:0 --state-dir "$TMP/state" $bad >"$TMP/bad.out" 2>&1; then st=0; else st=$?; fi
	[ $st = 2 ] && pass "$bad: usage error ($(head -c 80 "$TMP/bad.out"))" || fail "$bad: usage error (exit $st)" "$TMP/bad.out"
done

finish
