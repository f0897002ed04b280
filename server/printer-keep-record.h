/* The text of a kept printer record (printer-keep.h): what it holds, written and read back. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_PRINTER_KEEP_RECORD_H
#define IPPD_SERVER_PRINTER_KEEP_RECORD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The record is text, one "key=value" a line:
 *
 *   paused=1  hold-new-jobs=1  shutdown=1  accepting=0
 *   set:printer-location=Room 12
 *   base:printer-location=Lobby
 *
 * with '\' and newlines in values written as "\\" and "\n".  Unknown keys
 * are ignored, so that an older ippd can read a newer record.
 */

enum { KEEP_VALUE_MAX = 512, KEEP_RECORD_MAX = 16384 };

/* The values Set-Printer-Attributes may set. */
typedef enum keep_field {
	KF_INFO,
	KF_LOCATION,
	KF_ORGANIZATION,
	KF_GEO_LOCATION,
	KF_MESSAGE,
	KF_PRIVACY_ATTRS,
	KF_PRIVACY_SCOPE,
	KF_COUNT,
} keep_field_t;

typedef struct kept {
	bool paused, hold_new, shutdown, accepting;
	bool set[KF_COUNT];                /* value and base hold something */
	char value[KF_COUNT][KEEP_VALUE_MAX]; /* as set over IPP (lists comma-separated) */
	char base[KF_COUNT][KEEP_VALUE_MAX];  /* what it replaced when first set */
} kept_t;

/* The attribute name of a field ("printer-location"), and the field of a name (-1: none). */
const char *keep_field_name(keep_field_t f);
int keep_field_named(const char *name);

/* Writes `k` into `buf`; false when it does not fit (it always does in KEEP_RECORD_MAX). */
bool keep_record_format(const kept_t *k, char *buf, size_t size);

/*
 * Reads the NUL-terminated `rec` (changed in place) into `k`, which starts
 * from accepting and nothing else.  A set: without its base: (or the other
 * way round), a value too long and a line without '=' are not taken.
 */
void keep_record_parse(char *rec, kept_t *k);

#endif
