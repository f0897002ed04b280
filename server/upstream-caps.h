/* An upstream IPP printer's capabilities, read from its Get-Printer-Attributes answer and checked value by value. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_UPSTREAM_CAPS_H
#define IPPD_SERVER_UPSTREAM_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ippd/msg.h>

#include "server.h"

enum {
	UPSTREAM_MAX_SUPPORTED = 96, /* X-supported names remembered, to pass the Job Template X on */
	UPSTREAM_NAME_MAX = 64,
};

/* What the forwarding device needs to know besides the caps. */
typedef struct upstream_info {
	bool create_job;           /* Create-Job and Send-Document supported, and multiple-document-jobs */
	int32_t config_change_time; /* printer-config-change-time, -1 when not given */
	char make_and_model[128];  /* cleaned */
	size_t n_supported;
	char supported[UPSTREAM_MAX_SUPPORTED][UPSTREAM_NAME_MAX]; /* Job Template names with an X-supported */
} upstream_info_t;

/*
 * Builds the printer attributes ippd offers for a printer in front of the
 * upstream whose Get-Printer-Attributes response is `resp` (untrusted):
 * ippd's default capabilities with every value the upstream states about
 * media, formats, resolutions, colour, sides, copies, finishings, bins,
 * orientations, qualities and the like replaced by the upstream's, each
 * value checked (keywords, media names, MIME types, ranges) and lists cut
 * to the sizes of printer_caps_t.  Text is cleaned (output_clean_text).
 * Returns the printer group as printer_attrs_build() makes it (free with
 * ippd_msg_free()), and fills `info` (may be NULL); NULL with a sentence in
 * `why` when the response is no printer's answer or the result would be
 * inconsistent.
 */
ippd_msg_t *upstream_caps_build(const ippd_msg_t *resp, upstream_info_t *info, char *why, size_t whysize);

/* True when the upstream said it supports Job Template attribute `name` (an X-supported). */
bool upstream_supports(const upstream_info_t *info, const char *name);

/*
 * Makes `attrs` (from upstream_caps_build, consumed) the printer's
 * capability attributes, unless they equal the current ones (then `attrs`
 * is freed and false returned).  The old set may still be read by a
 * request that looked it up without the lock, so it is retired, not freed
 * (output_printer_free frees it); after 32 changes the printer keeps its
 * attributes and logs why.  Takes the lock.
 */
bool upstream_caps_apply(printer_t *p, ippd_msg_t *attrs);

#endif
