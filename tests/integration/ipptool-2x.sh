#!/usr/bin/env bash
# CUPS's IPP/2.1 and IPP/2.2 conformance files (PWG 5100.12) against a live ippd.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: ipptool-2x.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# ipp-2.1.test with -V 2.1 and ipp-2.2.test with -V 2.2 (each INCLUDEs the lower
# versions' files, down to ipp-1.1.test), then a few requests at every version ippd
# lists in ipp-versions-supported.  Failures are tolerated only where
# known-failures.txt lists them, and the subscription attributes while this build has
# no subscriptions (see below).  Exits 77 without cups-ipp-utils.

. "$(dirname "$0")/lib.sh"
lib_init ipptool-2x "$@"
. "$HERE/lib-ipptool.sh"
ipptool_init
ippd_start "$STATE" || abort "ippd starts and prints its printer URI" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"

# Subscriptions (RFC 3995) are another part of issue 5.  Until this build offers
# Create-Printer-Subscriptions, the one ipp-2.1.test test that wants their printer
# attributes is reported as known (and only on those attributes); once it is offered the
# tolerance is gone by itself.
req get-printer-attributes --requested operations-supported >"$TMP/ops.out"
case ",$(value_of "$TMP/ops.out" printer.operations-supported)," in
*,22,*) ;;
*)
	cp "$KNOWN" "$TMP/known.txt"
	echo "ipp-2.1.test | PWG 5100.12 section 6.3 - Required Printer Description Attributes | notify-events-default notify-events-supported notify-lease-duration-default notify-lease-duration-supported notify-max-events-supported notify-pull-method-supported ippget-event-life operations-supported | subscriptions are not in this build yet (no Create-Printer-Subscriptions)" >>"$TMP/known.txt"
	KNOWN=$TMP/known.txt
	note "no Create-Printer-Subscriptions here: the subscription attributes of ipp-2.1.test are tolerated"
	;;
esac

run_file ipp-2.1.test ipp-2.1.test 2.1 -f testfile.pdf
run_file ipp-2.2.test ipp-2.2.test 2.2 -f testfile.pdf

# Every version in ipp-versions-supported is answered in that version; 3.0 is refused.
req get-printer-attributes --requested ipp-versions-supported >"$TMP/versions.out"
versions=$(value_of "$TMP/versions.out" printer.ipp-versions-supported)
if [ "$versions" = "1.0,1.1,2.0,2.1,2.2" ]; then pass "ipp-versions-supported = $versions"; else
	fail "ipp-versions-supported = 1.0,1.1,2.0,2.1,2.2" "$TMP/versions.out"; fi
for v in 1.0 1.1 2.0 2.1 2.2; do
	req get-printer-attributes --version "$v" --requested printer-state >"$TMP/v.out"
	if [ "$(status_of "$TMP/v.out")" = successful-ok ] && grep -q "^version $v\$" "$TMP/v.out"; then
		pass "IPP/$v request answered successful-ok in IPP/$v"
	else
		fail "IPP/$v request answered successful-ok in IPP/$v" "$TMP/v.out"
	fi
done
req get-printer-attributes --version 3.0 >"$TMP/v.out"
if [ "$(status_of "$TMP/v.out")" = server-error-version-not-supported ]; then
	pass "IPP/3.0 request: server-error-version-not-supported"
else
	fail "IPP/3.0 request: server-error-version-not-supported" "$TMP/v.out"
fi

if ippd_alive; then pass "ippd alive after every file, no sanitizer report"; else
	fail "ippd alive after every file, no sanitizer report" "$TMP/san.out"; fi
ippd_stop "after the IPP/2.x files"
finish
