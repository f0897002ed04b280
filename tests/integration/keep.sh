#!/usr/bin/env bash
# What an administrator changes on a printer over IPP outlives a crash, a restart and a SIGHUP (server/printer-keep.h).
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: keep.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
#  1. With a configuration file (two printers): Pause-Printer and Hold-New-Jobs on the default
#     printer, Disable-Printer on the other, Set-Printer-Attributes of printer-info,
#     printer-location (with a backslash), printer-message-from-operator and
#     job-privacy-scope; a job queued on the paused printer.
#  2. SIGKILL, restart: every one of them is back; the queued job has not started (the
#     printer was paused before its worker began) and is released by Resume-Printer.
#  3. SIGHUP with the location changed in the file: the file wins for the location (changed
#     since it was set over IPP) and the IPP-set info stays (its line did not change); both
#     stay so after a restart.
#  4. Resume, Release-Held-New-Jobs, Enable-Printer, then a restart: idle and accepting.
#  5. Shutdown-Printer survives a restart (Print-Job: server-error-service-unavailable);
#     Startup-Printer survives one too.
#  6. Pause-All-Printers survives a restart for both printers; Resume-All-Printers too.
#  7. A printer made by Create-Printer keeps its IPP-set location and pause across a restart;
#     deleted and made again under the same name, it starts from its new settings.
# Needs python3; exits 77 without it.

. "$(dirname "$0")/lib.sh"
lib_init keep "$@"
need python3 timeout

STATE=$TMP/state
CONF=$TMP/ippd.conf
printf '[default]\ninfo = Front desk\nlocation = Lobby\n[printer office]\ninfo = Office\nlocation = Floor 2\n' >"$CONF"
ippd_start "$STATE" --config "$CONF" || abort "ippd starts" "$IPPD_LOG"
OFFICE_URI=ipp://127.0.0.1:$IPPD_PORT/ipp/print/office

oreq() { # OPERATION ARGS...: a request to the office printer
	timeout 15 "$PY" -S "$TOOLS/ipp-request.py" "$@" --uri "$OFFICE_URI" --post "http://127.0.0.1:$IPPD_PORT/ipp/print/office" \
		--timeout 10 --show
}
sreq() { # OPERATION ARGS...: a System Service request
	timeout 15 "$PY" -S "$TOOLS/ipp-request.py" "$@" --uri "$IPPD_URI" \
		--system-uri "ipp://127.0.0.1:$IPPD_PORT/ipp/system" --post "http://127.0.0.1:$IPPD_PORT/ipp/system" \
		--timeout 10 --show
}
ok_status() { # NAME FILE: the request in FILE was successful-ok
	if [ "$(status_of "$2")" = successful-ok ]; then pass "$1"; else fail "$1" "$2"; fi
}
expect() { # NAME FILE ATTR VALUE: ATTR (group.name) in FILE is VALUE
	local got
	got=$(value_of "$2" "$3")
	if [ "$got" = "$4" ]; then pass "$1 ($3 = $got)"; else fail "$1 ($3 is '$got', expected '$4')" "$2"; fi
}
attrs() { # FILE [oreq]: the default (or office) printer's kept attributes into FILE
	${2:-req} get-printer-attributes --requested printer-state,printer-state-reasons,printer-is-accepting-jobs,printer-info,printer-location,printer-message-from-operator,job-privacy-scope >"$1" 2>&1
}

# 1. The changes.
req pause-printer >"$TMP/o.out"
ok_status "Pause-Printer" "$TMP/o.out"
req hold-new-jobs >"$TMP/o.out"
ok_status "Hold-New-Jobs" "$TMP/o.out"
oreq disable-printer >"$TMP/o.out"
ok_status "Disable-Printer (office)" "$TMP/o.out"
LOC='Room 12 \ north = east'
req set-printer-attributes --attr "printer:text:printer-info=Desk two" --attr "printer:text:printer-location=$LOC" \
	--attr "printer:text:printer-message-from-operator=Toner is low" --attr "printer:keyword:job-privacy-scope=all" \
	>"$TMP/o.out"
ok_status "Set-Printer-Attributes (info, location, message, job-privacy-scope)" "$TMP/o.out"
req print-job --file "$DOCS/testfile.txt" --format text/plain --job-name queued >"$TMP/pj.out"
JOB=$(value_of "$TMP/pj.out" job.job-id)
check "a job queued on the paused printer (job $JOB) is held (new jobs are held)" \
	test "$(value_of "$TMP/pj.out" job.job-state)" = 4

# 2. A crash and a restart.
ippd_kill9
ippd_start "$STATE" --config "$CONF" || abort "ippd restarts after SIGKILL" "$IPPD_LOG"
attrs "$TMP/a.out"
expect "after SIGKILL the default printer is still stopped" "$TMP/a.out" printer.printer-state 5
check "its reasons are paused and hold-new-jobs" sh -c "grep -q '^printer.printer-state-reasons = .*paused' '$TMP/a.out' && grep -q '^printer.printer-state-reasons = .*hold-new-jobs' '$TMP/a.out'"
expect "printer-info as set" "$TMP/a.out" printer.printer-info "Desk two"
expect "printer-location as set, backslash and all" "$TMP/a.out" printer.printer-location "$LOC"
expect "printer-message-from-operator as set" "$TMP/a.out" printer.printer-message-from-operator "Toner is low"
expect "job-privacy-scope as set" "$TMP/a.out" printer.job-privacy-scope all
attrs "$TMP/b.out" oreq
expect "the office printer still does not accept jobs" "$TMP/b.out" printer.printer-is-accepting-jobs false
expect "the office printer is idle (it was only disabled)" "$TMP/b.out" printer.printer-state 3
oreq print-job --file "$DOCS/testfile.txt" --format text/plain >"$TMP/o.out"
check "Print-Job to the disabled office printer: server-error-not-accepting-jobs" \
	test "$(status_of "$TMP/o.out")" = server-error-not-accepting-jobs
req release-held-new-jobs >"$TMP/o.out"
sleep 1
req get-job-attributes --job-id "$JOB" --requested job-state >"$TMP/j.out"
expect "released, the job waits: the printer is still paused" "$TMP/j.out" job.job-state 3

# 3. SIGHUP with the location changed in the file.
printf '[default]\ninfo = Front desk\nlocation = Hall\n[printer office]\ninfo = Office\nlocation = Floor 2\n' >"$CONF"
kill -HUP "$IPPD_PID"
wait_for 10 grep -q 'SIGHUP: configuration reloaded' "$IPPD_LOG"
attrs "$TMP/h.out"
expect "after SIGHUP the file's new location wins" "$TMP/h.out" printer.printer-location Hall
expect "and the IPP-set info stays (its line did not change)" "$TMP/h.out" printer.printer-info "Desk two"
ippd_stop "after SIGHUP"
ippd_start "$STATE" --config "$CONF" || abort "ippd restarts" "$IPPD_LOG"
attrs "$TMP/h2.out"
expect "after a restart the location is still the file's" "$TMP/h2.out" printer.printer-location Hall
expect "and the info still the IPP-set one" "$TMP/h2.out" printer.printer-info "Desk two"

# 4. Undone, and kept undone.
req resume-printer >"$TMP/o.out"
ok_status "Resume-Printer" "$TMP/o.out"
check "the queued job prints once resumed" wait_for 20 sh -c \
	"timeout 15 '$PY' -S '$TOOLS/ipp-request.py' get-job-attributes --job-id $JOB --requested job-state --uri '$IPPD_URI' --post '$IPPD_URL' --show | grep -q '^job.job-state = 9'"
oreq enable-printer >"$TMP/o.out"
ok_status "Enable-Printer (office)" "$TMP/o.out"
ippd_stop "after resuming"
ippd_start "$STATE" --config "$CONF" || abort "ippd restarts" "$IPPD_LOG"
attrs "$TMP/u.out"
expect "after a restart the default printer is idle" "$TMP/u.out" printer.printer-state 3
expect "with no reason" "$TMP/u.out" printer.printer-state-reasons none
attrs "$TMP/u2.out" oreq
expect "and the office printer accepts jobs" "$TMP/u2.out" printer.printer-is-accepting-jobs true

# 5. Shutdown-Printer and Startup-Printer.
oreq shutdown-printer >"$TMP/o.out"
ok_status "Shutdown-Printer (office)" "$TMP/o.out"
ippd_kill9
ippd_start "$STATE" --config "$CONF" || abort "ippd restarts" "$IPPD_LOG"
oreq print-job --file "$DOCS/testfile.txt" --format text/plain >"$TMP/o.out"
check "after SIGKILL the office printer is still shut down (Print-Job: server-error-service-unavailable)" \
	test "$(status_of "$TMP/o.out")" = server-error-service-unavailable
oreq startup-printer >"$TMP/o.out"
ok_status "Startup-Printer (office)" "$TMP/o.out"
ippd_kill9
ippd_start "$STATE" --config "$CONF" || abort "ippd restarts" "$IPPD_LOG"
oreq print-job --file "$DOCS/testfile.txt" --format text/plain >"$TMP/o.out"
ok_status "after SIGKILL the started-up office printer takes a job" "$TMP/o.out"

# 6. Pause-All-Printers and Resume-All-Printers.
sreq pause-all-printers >"$TMP/o.out"
ok_status "Pause-All-Printers" "$TMP/o.out"
ippd_stop "after Pause-All-Printers"
ippd_start "$STATE" --config "$CONF" || abort "ippd restarts" "$IPPD_LOG"
attrs "$TMP/p1.out"
attrs "$TMP/p2.out" oreq
check "after a restart both printers are paused" sh -c \
	"grep -q '^printer.printer-state-reasons = .*paused' '$TMP/p1.out' && grep -q '^printer.printer-state-reasons = .*paused' '$TMP/p2.out'"
sreq resume-all-printers >"$TMP/o.out"
ok_status "Resume-All-Printers" "$TMP/o.out"
ippd_kill9
ippd_start "$STATE" --config "$CONF" || abort "ippd restarts" "$IPPD_LOG"
attrs "$TMP/r1.out"
attrs "$TMP/r2.out" oreq
check "after SIGKILL neither is paused" sh -c \
	"! grep -q 'paused' '$TMP/r1.out' && ! grep -q 'paused' '$TMP/r2.out'"

# 7. A created printer; deleted and made again.
LAB=ipp://127.0.0.1:$IPPD_PORT/ipp/print/lab
lreq() { # OPERATION ARGS...: a request to the created printer "lab"
	timeout 15 "$PY" -S "$TOOLS/ipp-request.py" "$@" --uri "ipp://127.0.0.1:$IPPD_PORT/ipp/print/lab" \
		--post "http://127.0.0.1:$IPPD_PORT/ipp/print/lab" --timeout 10 --show
}
sreq create-printer --attr op:keyword:printer-service-type=print --attr printer:name:printer-name=lab \
	--attr 'printer:text:printer-location=Basement' >"$TMP/o.out"
ok_status "Create-Printer lab (location Basement)" "$TMP/o.out"
LAB_ID=$(value_of "$TMP/o.out" printer.printer-id)
lreq set-printer-attributes --attr "printer:text:printer-location=Lab 3" >"$TMP/o.out"
ok_status "Set-Printer-Attributes lab: location Lab 3" "$TMP/o.out"
lreq pause-printer >"$TMP/o.out"
ok_status "Pause-Printer lab" "$TMP/o.out"
ippd_kill9
ippd_start "$STATE" --config "$CONF" || abort "ippd restarts" "$IPPD_LOG"
attrs "$TMP/l.out" lreq
expect "after SIGKILL the created printer keeps its IPP-set location" "$TMP/l.out" printer.printer-location "Lab 3"
expect "and is still stopped" "$TMP/l.out" printer.printer-state 5
kill -HUP "$IPPD_PID"
wait_for 10 grep -q 'SIGHUP: configuration reloaded' "$IPPD_LOG"
attrs "$TMP/l2.out" lreq
expect "a SIGHUP (the file does not name it) leaves its location" "$TMP/l2.out" printer.printer-location "Lab 3"
sreq delete-printer --attr "op:integer:printer-id=$LAB_ID" >"$TMP/o.out"
ok_status "Delete-Printer lab" "$TMP/o.out"
sreq create-printer --attr op:keyword:printer-service-type=print --attr printer:name:printer-name=lab \
	--attr 'printer:text:printer-location=Attic' >"$TMP/o.out"
ok_status "Create-Printer lab again (location Attic)" "$TMP/o.out"
ippd_stop "before the last restart"
ippd_start "$STATE" --config "$CONF" || abort "ippd restarts" "$IPPD_LOG"
attrs "$TMP/l3.out" lreq
expect "after a restart the new lab has its own location, not the old one's" "$TMP/l3.out" printer.printer-location Attic
expect "and is idle, not paused as the old one was" "$TMP/l3.out" printer.printer-state 3
check "ippd alive" ippd_alive
ippd_stop "at the end"
finish
