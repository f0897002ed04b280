/* printer-state-reasons an output device reports about itself (an upstream printer's media-empty-error...), as bits. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_DEVICE_REASONS_H
#define IPPD_SERVER_DEVICE_REASONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ippd/msg.h>

/*
 * The RFC 8011 §5.4.12 printer-state-reasons that describe the device
 * (paper, toner, doors, trays, fuser...), each with its severity suffix.
 * ippd's own reasons (paused, shutdown, connecting-to-device...) are
 * printer_reason_t bits; these are what the device behind the printer says,
 * mirrored so that a user of the queue sees "media-empty-error" without
 * asking the printer itself.  Anything else a device reports is dropped:
 * only these keywords ever reach a response, an event or the log.
 */
typedef struct device_reasons {
	uint32_t set;     /* bit i: device_reason_base(i) is reported */
	uint32_t error;   /* ... with "-error" (RFC 8011: also when it has no suffix) */
	uint32_t warning; /* ... with "-warning"; in neither: "-report" */
} device_reasons_t;

/* How many base keywords there are (at most 32). */
unsigned device_reason_count(void);
/* The base keyword of bit i ("media-empty"). */
const char *device_reason_base(unsigned i);

/*
 * Reads a printer-state-reasons attribute (keywords) into `out`; values
 * that are not keywords, not known or malformed are skipped.  NULL gives
 * no reasons.
 */
void device_reasons_parse(const ippd_attr_t *a, device_reasons_t *out);

/* The keyword of bit i with its suffix ("media-empty-error") in buf (64 bytes suffice). */
void device_reason_keyword(const device_reasons_t *r, unsigned i, char *buf, size_t size);

/* Appends every reported reason to `a` as keywords. */
void device_reasons_add(ippd_attr_t *a, const device_reasons_t *r);

static inline bool device_reasons_equal(const device_reasons_t *a, const device_reasons_t *b)
{
	return a->set == b->set && (a->error & a->set) == (b->error & b->set) &&
	       (a->warning & a->set) == (b->warning & b->set);
}

#endif
