#!/usr/bin/env bash
# CUPS's ipptool files for subscriptions and notifications against a live ippd.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: ipptool-subs.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# create-printer-subscription.test makes an ippget printer subscription (printer-config-changed,
# printer-state-changed); get-subscriptions.test must list it; a Pause-Printer then gives it an
# event, which get-notifications.test (-d id=N) must fetch.  Failures are tolerated only where
# known-failures.txt lists a bug of the test file (get-notifications.test expects notify-event).
# Needs cups-ipp-utils, python3, curl; exits 77 without them.

. "$(dirname "$0")/lib.sh"
lib_init ipptool-subs "$@"
. "$HERE/lib-ipptool.sh"
ipptool_init
ippd_start "$STATE" || abort "ippd starts and prints its printer URI" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"

run_file create-printer-subscription.test create-printer-subscription.test 2.0
# run_file shows only the results; the responses themselves, for the checks below.
verbose() { # FILE.test [ARGS...]: ipptool -tv into $TMP/FILE.test.out
	local file=$1
	shift
	(cd "$RUN" && timeout 60 ipptool -tv -T 30 "$@" "$IPPD_URI" "$file") >"$TMP/$file.out" 2>&1
}
verbose create-printer-subscription.test
ID=$(sed -n 's/^ *notify-subscription-id (integer) = \([0-9]*\).*/\1/p' "$TMP/create-printer-subscription.test.out" |
	head -n 1)
if [ -n "$ID" ]; then pass "create-printer-subscription.test made subscription $ID"; else
	fail "create-printer-subscription.test made a subscription" "$TMP/create-printer-subscription.test.out"; fi
ID=${ID:-1}
run_file get-subscriptions.test get-subscriptions.test 2.0
verbose get-subscriptions.test
if grep -q "notify-subscription-id (integer) = $ID" "$TMP/get-subscriptions.test.out"; then
	pass "get-subscriptions.test lists subscription $ID"
else
	fail "get-subscriptions.test lists subscription $ID" "$TMP/get-subscriptions.test.out"
fi

# An event for the subscription: the printer stops (printer-state-changed), then goes on.
req pause-printer >"$TMP/pause.out"
[ "$(status_of "$TMP/pause.out")" = successful-ok ] || fail "Pause-Printer" "$TMP/pause.out"
run_file get-notifications.test get-notifications.test 2.0 -d id="$ID"
verbose get-notifications.test -d id="$ID"
if grep -q "notify-subscribed-event (keyword) = printer-state-changed" "$TMP/get-notifications.test.out" &&
	grep -q "printer-state (enum) = stopped" "$TMP/get-notifications.test.out"; then
	pass "get-notifications.test fetched the printer-state-changed event (printer-state stopped)"
else
	fail "get-notifications.test fetched the printer-state-changed event" "$TMP/get-notifications.test.out"
fi
req resume-printer >"$TMP/resume.out"
[ "$(status_of "$TMP/resume.out")" = successful-ok ] || fail "Resume-Printer" "$TMP/resume.out"

if ippd_alive; then pass "ippd alive after every file, no sanitizer report"; else
	fail "ippd alive after every file, no sanitizer report" "$TMP/san.out"; fi
ippd_stop "after the subscription files"
finish
