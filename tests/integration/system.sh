#!/usr/bin/env bash
# The IPP System Service (PWG 5100.22) at /ipp/system: Create-Printer, Get-Printers, Delete-Printer, Pause/Resume-All.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: system.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
#  1. Get-System-Attributes: uuid, state, operations-supported, the default printer's id.
#  2. Create-Printer 'office' (info, location, a document-format-supported subset): it appears
#     in Get-Printers and at its URI, and prints a job byte for byte.
#  3. Errors: a name in use (client-error-not-possible), bad names (client-error-attributes-
#     or-values-not-supported), no name (client-error-bad-request), a format ippd does not
#     take, deleting the default printer or an unknown printer-id.
#     A command: device-uri is refused; a socket:// one delivers to a listener.
#  4. Pause-All-Printers and Resume-All-Printers change every printer's state.
#  5. The created printer, its id, uuid and job history survive a restart.
#  6. Delete-Printer: the URI answers 404, Get-Printers forgets it, its spool files go, and it
#     stays gone after a restart; a new printer of the same name gets a new id; a printer
#     deleted while a document streams to it leaves no spool file and no job row.
# Needs python3 and curl; exits 77 without them.

. "$(dirname "$0")/lib.sh"
lib_init system "$@"
need python3 curl timeout cmp

STATE=$TMP/state
ippd_start "$STATE" || abort "ippd starts" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"

# sysreq OPERATION ARGS...: a System Service request, response shown as text.
sysreq() {
	timeout 15 "$PY" -S "$TOOLS/ipp-request.py" "$@" --uri "$IPPD_URI" \
		--system-uri "ipp://127.0.0.1:$IPPD_PORT/ipp/system" --post "http://127.0.0.1:$IPPD_PORT/ipp/system" \
		--timeout 10 --show
}
# preq URI_PATH OPERATION ARGS...: a printer request to another printer than the default one.
preq() {
	local path=$1
	shift
	timeout 15 "$PY" -S "$TOOLS/ipp-request.py" "$@" --uri "ipp://127.0.0.1:$IPPD_PORT$path" \
		--post "http://127.0.0.1:$IPPD_PORT$path" --timeout 10 --show
}
expect_status() { # NAME FILE STATUS
	if [ "$(status_of "$2")" = "$3" ]; then pass "$1: $3"; else fail "$1: $3 (got $(status_of "$2"))" "$2"; fi
}

# 1. The system's own attributes.
sysreq get-system-attributes >"$TMP/gsa" 2>&1
expect_status "Get-System-Attributes" "$TMP/gsa" successful-ok
check "system-uuid is a urn:uuid" grep -q '^system.system-uuid = urn:uuid:' "$TMP/gsa"
check "system-state is idle (3)" grep -qx 'system.system-state = 3' "$TMP/gsa"
check "operations-supported lists Create-Printer (76), Delete-Printer (78), Get-Printers (79)" \
	grep -q '^system.operations-supported = 76,78,79,91' "$TMP/gsa"
check "system-default-printer-id is 1" grep -qx 'system.system-default-printer-id = 1' "$TMP/gsa"
check "system-up-time is there" grep -q '^system.system-up-time = [0-9]' "$TMP/gsa"
check "printer-creation-attributes-supported names printer-name" \
	grep -q '^system.printer-creation-attributes-supported = .*printer-name' "$TMP/gsa"
UUID0=$(value_of "$TMP/gsa" system.system-uuid)
sysreq get-system-attributes --requested system-state >"$TMP/gsa1" 2>&1
check "requested-attributes selects (system-state only)" \
	test "$(grep -c '^system\.' "$TMP/gsa1")" = 1 -a "$(grep -c '^system.system-state = 3' "$TMP/gsa1")" = 1
preq /ipp/print get-printer-attributes --requested printer-id >"$TMP/gpa-id" 2>&1
check "the default printer has printer-id 1" grep -qx 'printer.printer-id = 1' "$TMP/gpa-id"

# 2. Create-Printer.
sysreq create-printer --attr op:keyword:printer-service-type=print --attr printer:name:printer-name=office \
	--attr 'printer:text:printer-info=Office "2nd" <floor>' --attr 'printer:text:printer-location=Room 12' \
	--attr printer:mimeMediaType:document-format-supported=image/pwg-raster,application/pdf,application/octet-stream \
	>"$TMP/cp" 2>&1
expect_status "Create-Printer office" "$TMP/cp" successful-ok
ID=$(value_of "$TMP/cp" printer.printer-id)
check "the new printer has a printer-id above 1 ($ID)" test "${ID:-0}" -gt 1
check "its printer-uri-supported is /ipp/print/office (ipp, then ipps: TLS is on)" \
	grep -qx "printer.printer-uri-supported = ipp://127.0.0.1:$IPPD_PORT/ipp/print/office,ipps://127.0.0.1:$IPPD_PORT/ipp/print/office" "$TMP/cp"
OFFICE_UUID=$(value_of "$TMP/cp" printer.printer-uuid)
sysreq get-printers >"$TMP/gp" 2>&1
expect_status "Get-Printers" "$TMP/gp" successful-ok
check "Get-Printers lists ippd and office" test "$(grep -c '^printer.printer-name = \(ippd\|office\)$' "$TMP/gp")" = 2
check "with office's printer-info" grep -qx 'printer.printer-info = Office "2nd" <floor>' "$TMP/gp"
sysreq get-printers --attr op:integer:first-index=2 --attr op:integer:limit=1 --requested printer-name \
	>"$TMP/gp2" 2>&1
check "first-index=2 limit=1 gives office alone" \
	test "$(grep -c '^printer.printer-name' "$TMP/gp2")" = 1 -a "$(value_of "$TMP/gp2" printer.printer-name)" = office
sysreq get-printers --attr "op:integer:printer-ids=$ID" --requested printer-id >"$TMP/gp3" 2>&1
check "printer-ids=$ID selects office" test "$(grep -c '^printer.printer-id' "$TMP/gp3")" = 1
preq /ipp/print/office get-printer-attributes --requested document-format-supported,printer-location \
	>"$TMP/gpa-office" 2>&1
expect_status "Get-Printer-Attributes at /ipp/print/office" "$TMP/gpa-office" successful-ok
check "document-format-supported is the subset asked for" grep -qx \
	'printer.document-format-supported = image/pwg-raster,application/pdf,application/octet-stream' "$TMP/gpa-office"
check "printer-location is set" grep -qx 'printer.printer-location = Room 12' "$TMP/gpa-office"
preq /ipp/print/office print-job --file "$DOCS/testfile.jpg" --format image/jpeg >"$TMP/pj-jpeg" 2>&1
expect_status "office refuses image/jpeg (not in its subset)" "$TMP/pj-jpeg" client-error-document-format-not-supported
preq /ipp/print/office print-job --file "$DOCS/testfile.pwg" --format image/pwg-raster --job-name office-job \
	>"$TMP/pj" 2>&1
expect_status "Print-Job to office" "$TMP/pj" successful-ok
JOB=$(value_of "$TMP/pj" job.job-id)
OUT=$STATE/output/office/job-$JOB-doc-1.pwg
wait_for 20 test -s "$OUT"
check "the job lands byte for byte in office's output" cmp -s "$DOCS/testfile.pwg" "$OUT"

# 3. Errors.
sysreq create-printer --attr printer:name:printer-name=office >"$TMP/dup" 2>&1
expect_status "a name in use" "$TMP/dup" client-error-not-possible
sysreq create-printer --attr printer:name:printer-name=ippd >"$TMP/dup2" 2>&1
expect_status "the default printer's name" "$TMP/dup2" client-error-not-possible
for bad in 'a/b' '1234' '../x' 'has space' "$(printf 'x%.0s' $(seq 1 64))"; do
	sysreq create-printer --attr "printer:name:printer-name=$bad" >"$TMP/bad" 2>&1
	expect_status "bad printer-name '${bad:0:20}'" "$TMP/bad" client-error-attributes-or-values-not-supported
done
check "the bad name is returned in the unsupported group" grep -q '^unsupported.printer-name' "$TMP/bad"
sysreq create-printer --attr printer:text:printer-info=nameless >"$TMP/noname" 2>&1
expect_status "no printer-name" "$TMP/noname" client-error-bad-request
sysreq create-printer --attr printer:name:printer-name=fmt \
	--attr printer:mimeMediaType:document-format-supported=application/x-nonsense >"$TMP/badfmt" 2>&1
expect_status "a format ippd does not take" "$TMP/badfmt" client-error-attributes-or-values-not-supported
sysreq create-printer --attr op:keyword:printer-service-type=scan --attr printer:name:printer-name=scan1 \
	>"$TMP/scan" 2>&1
expect_status "printer-service-type scan" "$TMP/scan" client-error-attributes-or-values-not-supported
sysreq delete-printer --attr op:integer:printer-id=1 >"$TMP/deldef" 2>&1
expect_status "deleting the default printer" "$TMP/deldef" client-error-not-possible
sysreq delete-printer --attr op:integer:printer-id=999 >"$TMP/del999" 2>&1
expect_status "deleting an unknown printer-id" "$TMP/del999" client-error-not-found
sysreq get-printer-attributes >"$TMP/notsys" 2>&1
expect_status "a printer operation at the system URI" "$TMP/notsys" server-error-operation-not-supported
timeout 15 "$PY" -S "$TOOLS/ipp-request.py" get-system-attributes --uri "$IPPD_URI" \
	--post "http://127.0.0.1:$IPPD_PORT/ipp/system" --show >"$TMP/nouri" 2>&1
expect_status "no system-uri" "$TMP/nouri" client-error-bad-request

sysreq create-printer --attr printer:name:printer-name=cmd --attr printer:uri:device-uri=command:/bin/sh >"$TMP/cmd" 2>&1
expect_status "a command: device-uri (configuration file only)" "$TMP/cmd" client-error-attributes-or-values-not-supported
check "device-uri is returned in the unsupported group" grep -q '^unsupported.device-uri' "$TMP/cmd"

# A printer with a socket:// device: the job reaches a listener byte for byte.
SOCK_PORT=$(free_port)
"$PY" -S -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); s.settimeout(30)
c, _ = s.accept(); c.settimeout(30)
with open(sys.argv[2], "wb") as f:
    while True:
        b = c.recv(65536)
        if not b: break
        f.write(b)
' "$SOCK_PORT" "$TMP/socket.out" &
SOCK_PID=$!
LIB_PIDS="$LIB_PIDS $SOCK_PID"
sysreq create-printer --attr printer:name:printer-name=sock \
	--attr "printer:uri:device-uri=socket://127.0.0.1:$SOCK_PORT" >"$TMP/sock" 2>&1
expect_status "Create-Printer with device-uri socket://" "$TMP/sock" successful-ok
preq /ipp/print/sock print-job --file "$DOCS/testfile.pwg" --format image/pwg-raster >"$TMP/pj-sock" 2>&1
expect_status "Print-Job to sock" "$TMP/pj-sock" successful-ok
lib_wait_pid "$SOCK_PID" 30
check "the socket device received the document byte for byte" cmp -s "$DOCS/testfile.pwg" "$TMP/socket.out"
sysreq delete-printer --attr "op:integer:printer-id=$(value_of "$TMP/sock" printer.printer-id)" >"$TMP/del-sock" 2>&1
expect_status "Delete-Printer sock" "$TMP/del-sock" successful-ok

# 4. Pause-All-Printers and Resume-All-Printers.
sysreq pause-all-printers >"$TMP/pause" 2>&1
expect_status "Pause-All-Printers" "$TMP/pause" successful-ok
sysreq get-printers --requested printer-state >"$TMP/gp-paused" 2>&1
check "every printer is stopped (5)" test "$(grep -c '^printer.printer-state = 5$' "$TMP/gp-paused")" = 2
sysreq get-system-attributes --requested system-state >"$TMP/gsa-paused" 2>&1
check "system-state is stopped (5)" grep -qx 'system.system-state = 5' "$TMP/gsa-paused"
sysreq resume-all-printers >"$TMP/resume" 2>&1
expect_status "Resume-All-Printers" "$TMP/resume" successful-ok
sysreq get-printers --requested printer-state >"$TMP/gp-resumed" 2>&1
check "every printer is idle (3) again" test "$(grep -c '^printer.printer-state = 3$' "$TMP/gp-resumed")" = 2
sysreq pause-all-printers-after-current-job >"$TMP/pause2" 2>&1
sysreq get-printers --requested printer-state >"$TMP/gp-paused2" 2>&1
check "Pause-All-Printers-After-Current-Job stops every printer" \
	test "$(grep -c '^printer.printer-state = 5$' "$TMP/gp-paused2")" = 2
sysreq resume-all-printers >/dev/null 2>&1

# 5. A restart.
check "ippd alive" ippd_alive
ippd_stop "before the restart"
ippd_start "$STATE" || abort "ippd restarts" "$IPPD_LOG"
sysreq get-printers --requested printer-name,printer-id,printer-uuid,printer-info >"$TMP/gp-after" 2>&1
check "office is back after the restart" grep -qx 'printer.printer-name = office' "$TMP/gp-after"
check "with the same printer-id" grep -qx "printer.printer-id = $ID" "$TMP/gp-after"
check "the same printer-uuid" grep -qx "printer.printer-uuid = $OFFICE_UUID" "$TMP/gp-after"
check "the same printer-info" grep -qx 'printer.printer-info = Office "2nd" <floor>' "$TMP/gp-after"
sysreq get-system-attributes --requested system-uuid >"$TMP/gsa-after" 2>&1
check "the same system-uuid" grep -qx "system.system-uuid = $UUID0" "$TMP/gsa-after"
preq /ipp/print/office get-jobs --which-jobs completed >"$TMP/jobs-after" 2>&1
check "its job history too" grep -qx "job.job-id = $JOB" "$TMP/jobs-after"
preq /ipp/print/office print-job --file "$DOCS/testfile.pwg" --format image/pwg-raster >"$TMP/pj2" 2>&1
JOB2=$(value_of "$TMP/pj2" job.job-id)
wait_for 20 test -s "$STATE/output/office/job-$JOB2-doc-1.pwg"
check "and it still prints byte for byte" cmp -s "$DOCS/testfile.pwg" "$STATE/output/office/job-$JOB2-doc-1.pwg"

# 6. Delete-Printer, with a held job in its queue.
preq /ipp/print/office print-job --file "$DOCS/testfile.txt" --format application/octet-stream \
	--attr job:keyword:job-hold-until=indefinite >"$TMP/held" 2>&1
HELD=$(value_of "$TMP/held" job.job-id)
check "the held job is spooled ($STATE/spool/$HELD-1)" test -s "$STATE/spool/$HELD-1"
sysreq delete-printer --attr "op:integer:printer-id=$ID" >"$TMP/del" 2>&1
expect_status "Delete-Printer office" "$TMP/del" successful-ok
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/ipp' --data-binary @/dev/null \
	"http://127.0.0.1:$IPPD_PORT/ipp/print/office")
check "a POST to its URI is 404 (is $code)" test "$code" = 404
preq /ipp/print get-printer-attributes --attr op:uri:printer-uri=ipp://127.0.0.1:$IPPD_PORT/ipp/print/office \
	>"$TMP/gone" 2>&1
sysreq get-printers --requested printer-name >"$TMP/gp-del" 2>&1
check "Get-Printers no longer lists it" test "$(grep -c '^printer.printer-name = office$' "$TMP/gp-del")" = 0
check "the default printer is still there" grep -qx 'printer.printer-name = ippd' "$TMP/gp-del"
check "its held job's spool file is gone" test ! -e "$STATE/spool/$HELD-1"
sysreq delete-printer --attr "op:integer:printer-id=$ID" >"$TMP/del2" 2>&1
expect_status "deleting it again" "$TMP/del2" client-error-not-found
sysreq get-system-attributes --requested system-configured-printers >"$TMP/gsa-del" 2>&1
expect_status "Get-System-Attributes after the delete" "$TMP/gsa-del" successful-ok
check "ippd alive" ippd_alive
ippd_stop "after the delete"
ippd_start "$STATE" || abort "ippd restarts again" "$IPPD_LOG"
sysreq get-printers --requested printer-name >"$TMP/gp-del2" 2>&1
check "office stays deleted after a restart" test "$(grep -c '^printer.printer-name = office$' "$TMP/gp-del2")" = 0
check "no warning about jobs of a missing printer" sh -c "! grep -q 'which is not configured' '$IPPD_LOG'"
sysreq create-printer --attr printer:name:printer-name=office >"$TMP/cp2" 2>&1
expect_status "office can be created again" "$TMP/cp2" successful-ok
ID2=$(value_of "$TMP/cp2" printer.printer-id)
check "with a new printer-id ($ID2, was $ID)" test "${ID2:-0}" -gt "$ID"
check "and a new printer-uuid" test "$(value_of "$TMP/cp2" printer.printer-uuid)" != "$OFFICE_UUID"
# A printer deleted while a document streams to it: the upload is answered, nothing is left.
sysreq create-printer --attr printer:name:printer-name=doomed >"$TMP/doomed" 2>&1
DID=$(value_of "$TMP/doomed" printer.printer-id)
head -c 1500000 /dev/urandom >"$TMP/big.bin"
"$PY" -S "$TOOLS/ipp-request.py" print-job --uri "ipp://127.0.0.1:$IPPD_PORT/ipp/print/doomed" \
	--format application/octet-stream --file "$TMP/big.bin" -o "$TMP/bigreq.bin"
curl -s --max-time 60 --limit-rate 300k -H 'Content-Type: application/ipp' --data-binary @"$TMP/bigreq.bin" \
	-o "$TMP/bigresp.bin" "http://127.0.0.1:$IPPD_PORT/ipp/print/doomed" &
UPLOAD=$!
LIB_PIDS="$LIB_PIDS $UPLOAD"
sleep 2
sysreq delete-printer --attr "op:integer:printer-id=$DID" >"$TMP/del-doomed" 2>&1
expect_status "Delete-Printer during an upload" "$TMP/del-doomed" successful-ok
lib_wait_pid "$UPLOAD" 30
check "the upload is answered server-error-job-canceled" \
	sh -c "'$IPP' decode --response '$TMP/bigresp.bin' | grep -q server-error-job-canceled"
check "its spool file is gone" sh -c "! ls '$STATE/spool' | grep -q ."
check "ippd alive" ippd_alive
ippd_stop "at the end"
ippd_start "$STATE" || abort "ippd restarts at the end" "$IPPD_LOG"
check "no job of a deleted printer comes back" sh -c "! grep -q 'which is not configured' '$IPPD_LOG'"
ippd_stop "after the last restart"
finish
