/* printer-state-reasons reported by an output device, checked against the RFC 8011 keywords (device-reasons.h). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <string.h>

#include "device-reasons.h"

/* RFC 8011 §5.4.12, less the ones that describe the spooler rather than the device. */
static const char *const bases[] = {
	"media-needed",          "media-jam",           "toner-low",          "toner-empty",
	"spool-area-full",       "cover-open",          "interlock-open",     "door-open",
	"input-tray-missing",    "media-low",           "media-empty",        "output-tray-missing",
	"output-area-almost-full", "output-area-full",  "marker-supply-low",  "marker-supply-empty",
	"marker-waste-almost-full", "marker-waste-full", "fuser-over-temp",   "fuser-under-temp",
	"opc-near-eol",          "opc-life-over",       "developer-low",      "developer-empty",
	"interpreter-resource-unavailable",
};
enum { N_BASES = sizeof(bases) / sizeof(bases[0]) };
_Static_assert(N_BASES <= 32, "one bit each in a uint32_t");

unsigned device_reason_count(void)
{
	return N_BASES;
}

const char *device_reason_base(unsigned i)
{
	return i < N_BASES ? bases[i] : "";
}

/* The base's index for keyword k of length n with its suffix cut; -1 when unknown. */
static int lookup(const char *k, size_t n)
{
	for (unsigned i = 0; i < N_BASES; i++)
		if (strlen(bases[i]) == n && memcmp(bases[i], k, n) == 0)
			return (int)i;
	return -1;
}

static bool ends_with(const char *k, size_t n, const char *suffix, size_t *base_len)
{
	size_t s = strlen(suffix);
	if (n <= s || memcmp(k + n - s, suffix, s) != 0)
		return false;
	*base_len = n - s;
	return true;
}

void device_reasons_parse(const ippd_attr_t *a, device_reasons_t *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t v = 0; a && v < ippd_attr_count(a); v++) {
		if (ippd_attr_get_tag(a, v) != IPPD_TAG_KEYWORD)
			continue;
		size_t n = 0;
		const char *k = ippd_attr_get_string(a, v, &n);
		if (!k || n == 0 || n > 63)
			continue;
		size_t base = n;
		bool error = false, warning = false;
		if (ends_with(k, n, "-error", &base))
			error = true;
		else if (ends_with(k, n, "-warning", &base))
			warning = true;
		else if (!ends_with(k, n, "-report", &base))
			error = true; /* RFC 8011: no suffix means an error */
		int i = lookup(k, base);
		if (i < 0)
			continue;
		uint32_t bit = 1u << i;
		/* The same reason twice: the graver severity. */
		if (error || (out->error & bit)) {
			out->error |= bit;
			out->warning &= ~bit;
		} else if (warning) {
			out->warning |= bit;
		}
		out->set |= bit;
	}
}

void device_reason_keyword(const device_reasons_t *r, unsigned i, char *buf, size_t size)
{
	uint32_t bit = 1u << i;
	snprintf(buf, size, "%s%s", device_reason_base(i),
	         (r->error & bit) ? "-error" : (r->warning & bit) ? "-warning" : "-report");
}

void device_reasons_add(ippd_attr_t *a, const device_reasons_t *r)
{
	char k[64];
	for (unsigned i = 0; a && i < N_BASES; i++) {
		if (!(r->set & (1u << i)))
			continue;
		device_reason_keyword(r, i, k, sizeof(k));
		ippd_attr_add_string(a, IPPD_TAG_KEYWORD, k, (size_t)-1);
	}
}
