#!/bin/sh
# A command device for the tests (tests/integration/command-device.sh): it keeps the
# document and its environment beside the copy of itself that ippd runs.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# The job name picks what it does: "fail" writes two lines on stderr (the last with
# an ANSI escape) and exits 3; "hang" starts a child that sleeps and waits for it
# (the pids go to out/pids-JOB); anything else succeeds.
out=$(dirname "$0")/../out
mkdir -p "$out"
n=$IPP_JOB_ID-$IPP_DOCUMENT_NUMBER
env | sort >"$out/env-$n"
case $IPP_JOB_NAME in
fail)
	cat >/dev/null
	echo "first line of the error" >&2
	printf 'paper jam in \033[31mtray 2\033[0m\n' >&2
	exit 3
	;;
hang)
	sleep 600 &
	echo "$$ $!" >"$out/pids-$IPP_JOB_ID"
	wait
	;;
*)
	cat >"$out/doc-$n"
	;;
esac
