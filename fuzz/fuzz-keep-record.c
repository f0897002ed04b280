/* libFuzzer harness for the kept printer record: whatever parses must write out within bounds and read back the same. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "printer-keep-record.h"

static kept_t a, b;
static char text[KEEP_RECORD_MAX], again[KEEP_RECORD_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= KEEP_RECORD_MAX)
		return 0; /* the store never hands out more */
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&a, 0, sizeof(a));
	keep_record_parse(text, &a);
	/* Every record that parses fits when written back: values are bounded. */
	if (!keep_record_format(&a, again, sizeof(again)))
		abort();
	memset(&b, 0, sizeof(b));
	keep_record_parse(again, &b);
	if (a.paused != b.paused || a.hold_new != b.hold_new || a.shutdown != b.shutdown || a.accepting != b.accepting)
		abort();
	for (int f = 0; f < KF_COUNT; f++) {
		if (a.set[f] != b.set[f])
			abort();
		if (a.set[f] && (strcmp(a.value[f], b.value[f]) != 0 || strcmp(a.base[f], b.base[f]) != 0))
			abort();
		if (keep_field_named(keep_field_name(f)) != f)
			abort();
	}
	return 0;
}
