/* An upstream IPP printer's capabilities: every value it states is checked before ippd offers it as its own. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ippd/registry.h>
#include <ippd/validate.h>

#include "output.h"
#include "printer-attrs.h"
#include "upstream-caps.h"

/*
 * printer_caps_t borrows its strings: the checked copies live in this pool
 * until printer_attrs_build() has copied them into the message it returns.
 */
enum { POOL_SIZE = 32768 };

typedef struct pool {
	char buf[POOL_SIZE];
	size_t used;
} pool_t;

static const char *pool_add(pool_t *pool, const char *s, size_t len)
{
	if (len + 1 > POOL_SIZE - pool->used)
		return NULL;
	char *d = pool->buf + pool->used;
	memcpy(d, s, len);
	d[len] = '\0';
	pool->used += len + 1;
	return d;
}

/* The upstream's printer group: the first printer group of the response. */
static const ippd_group_t *printer_group(const ippd_msg_t *resp)
{
	return ippd_msg_find_group(resp, IPPD_TAG_PRINTER);
}

/* Value i of `a` when it is a valid keyword of at most 63 octets (the keyword tag, or a name for some media). */
static const char *keyword_at(const ippd_attr_t *a, size_t i)
{
	ippd_tag_t tag = ippd_attr_get_tag(a, i);
	if (tag != IPPD_TAG_KEYWORD && tag != IPPD_TAG_NAME)
		return NULL;
	size_t len;
	const char *s = ippd_attr_get_string(a, i, &len);
	if (!s || len == 0 || len > 63 || !ippd_keyword_valid(s, len))
		return NULL;
	return s;
}

/* A MIME media type "type/subtype" of token characters, no parameters, at most 127 octets. */
static bool mime_ok(const char *s, size_t len)
{
	static const char token[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&^_.+-";
	if (len == 0 || len > 127)
		return false;
	size_t type = strspn(s, token);
	if (type == 0 || type >= len || s[type] != '/')
		return false;
	size_t sub = strspn(s + type + 1, token);
	return sub > 0 && type + 1 + sub == len;
}

static bool strings_have(const printer_strings_t *l, const char *s)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* Replaces `out` with the valid keywords of X-supported (the X-default first when it is one), if any. */
static void take_keywords(const ippd_group_t *g, const char *name, printer_strings_t *out, pool_t *pool)
{
	char sup[96], def[96];
	snprintf(sup, sizeof(sup), "%s-supported", name);
	snprintf(def, sizeof(def), "%s-default", name);
	const ippd_attr_t *a = ippd_group_find(g, sup);
	if (!a)
		return;
	printer_strings_t l = {0, {NULL}};
	const char *d = keyword_at(ippd_group_find(g, def), 0);
	for (size_t i = 0; i < ippd_attr_count(a) && l.count < PRINTER_CAPS_LIST; i++) {
		const char *k = keyword_at(a, i);
		if (k && d && strcmp(k, d) == 0 && !strings_have(&l, k)) {
			const char *c = pool_add(pool, k, strlen(k));
			if (c)
				l.v[l.count++] = c;
		}
	}
	for (size_t i = 0; i < ippd_attr_count(a) && l.count < PRINTER_CAPS_LIST; i++) {
		const char *k = keyword_at(a, i);
		const char *c = k && !strings_have(&l, k) ? pool_add(pool, k, strlen(k)) : NULL;
		if (c)
			l.v[l.count++] = c;
	}
	if (l.count)
		*out = l;
}

/* Replaces `out` with the enum values of X-supported within [lo, hi], if any; `def` gets X-default when listed. */
static void take_enums(const ippd_group_t *g, const char *name, int32_t lo, int32_t hi, printer_ints_t *out,
                       int32_t *def)
{
	char sup[96], dname[96];
	snprintf(sup, sizeof(sup), "%s-supported", name);
	snprintf(dname, sizeof(dname), "%s-default", name);
	const ippd_attr_t *a = ippd_group_find(g, sup);
	if (!a)
		return;
	printer_ints_t l = {0, {0}};
	for (size_t i = 0; i < ippd_attr_count(a) && l.count < PRINTER_CAPS_LIST; i++) {
		ippd_tag_t tag = ippd_attr_get_tag(a, i);
		int32_t v = ippd_attr_get_integer(a, i);
		bool dup = false;
		for (size_t k = 0; k < l.count; k++)
			dup = dup || l.v[k] == v;
		if ((tag == IPPD_TAG_ENUM || tag == IPPD_TAG_INTEGER) && v >= lo && v <= hi && !dup)
			l.v[l.count++] = v;
	}
	if (!l.count)
		return;
	*out = l;
	if (def) {
		const ippd_attr_t *d = ippd_group_find(g, dname);
		int32_t dv = ippd_attr_get_integer(d, 0);
		bool listed = false;
		for (size_t k = 0; k < l.count; k++)
			listed = listed || l.v[k] == dv;
		*def = listed ? dv : l.v[0];
	}
}

static void take_formats(const ippd_group_t *g, printer_caps_t *caps, pool_t *pool)
{
	const ippd_attr_t *a = ippd_group_find(g, "document-format-supported");
	printer_strings_t l = {0, {NULL}};
	for (size_t i = 0; a && i < ippd_attr_count(a) && l.count < PRINTER_CAPS_LIST - 1; i++) {
		size_t len;
		const char *s = ippd_attr_get_string(a, i, &len);
		if (ippd_attr_get_tag(a, i) != IPPD_TAG_MIME_TYPE || !s || !mime_ok(s, len) || strings_have(&l, s))
			continue;
		const char *c = pool_add(pool, s, len);
		if (c)
			l.v[l.count++] = c;
	}
	if (!l.count)
		return;
	/* ippd detects the format of application/octet-stream documents itself, so it always takes them. */
	if (!strings_have(&l, "application/octet-stream"))
		l.v[l.count++] = "application/octet-stream";
	caps->formats = l;
	size_t len;
	const char *d = ippd_attr_get_string(ippd_group_find(g, "document-format-default"), 0, &len);
	caps->format_default = "application/octet-stream";
	for (size_t i = 0; d && i < l.count; i++)
		if (strcmp(l.v[i], d) == 0)
			caps->format_default = l.v[i];
}

static void take_resolutions(const ippd_group_t *g, printer_caps_t *caps)
{
	const ippd_attr_t *a = ippd_group_find(g, "printer-resolution-supported");
	size_t n = 0;
	int32_t res[PRINTER_CAPS_RES];
	for (size_t i = 0; a && i < ippd_attr_count(a) && n < PRINTER_CAPS_RES; i++) {
		int32_t x, y;
		uint8_t units;
		if (!ippd_attr_get_resolution(a, i, &x, &y, &units) || x != y)
			continue;
		if (units == IPPD_RES_PER_CM)
			x = (int32_t)((x * 254 + 50) / 100);
		else if (units != IPPD_RES_PER_INCH)
			continue;
		bool dup = false;
		for (size_t k = 0; k < n; k++)
			dup = dup || res[k] == x;
		if (x >= 50 && x <= 9600 && !dup)
			res[n++] = x;
	}
	if (!n)
		return;
	caps->n_resolutions = n;
	memcpy(caps->resolutions, res, n * sizeof(res[0]));
	caps->resolution_default = res[0];
	int32_t x, y;
	uint8_t units;
	if (ippd_attr_get_resolution(ippd_group_find(g, "printer-resolution-default"), 0, &x, &y, &units) &&
	    units == IPPD_RES_PER_INCH)
		for (size_t k = 0; k < n; k++)
			if (res[k] == x)
				caps->resolution_default = x;
}

/* A margin: the smallest non-zero value the upstream lists (0 when it lists only 0). */
static int32_t margin_of(const ippd_group_t *g, const char *name, int32_t fallback, bool *zero)
{
	const ippd_attr_t *a = ippd_group_find(g, name);
	int32_t best = -1;
	for (size_t i = 0; a && i < ippd_attr_count(a); i++) {
		int32_t v = ippd_attr_get_integer(a, i);
		if (ippd_attr_get_tag(a, i) != IPPD_TAG_INTEGER || v < 0 || v > 5000)
			continue;
		if (v == 0)
			*zero = true;
		else if (best < 0 || v < best)
			best = v;
	}
	if (!a)
		return fallback;
	return best < 0 ? 0 : best;
}

static void take_media(const ippd_group_t *g, printer_caps_t *caps, pool_t *pool)
{
	const ippd_attr_t *a = ippd_group_find(g, "media-supported");
	size_t n = 0;
	printer_media_t media[PRINTER_CAPS_MEDIA];
	int32_t cmin[2] = {0, 0}, cmax[2] = {0, 0};
	for (size_t i = 0; a && i < ippd_attr_count(a); i++) {
		const char *k = keyword_at(a, i);
		int32_t w, l;
		if (!k || !printer_media_parse(k, &w, &l) || w <= 0 || l <= 0)
			continue;
		if (strncmp(k, "custom_min_", 11) == 0) {
			cmin[0] = w, cmin[1] = l;
			continue;
		}
		if (strncmp(k, "custom_max_", 11) == 0) {
			cmax[0] = w, cmax[1] = l;
			continue;
		}
		bool dup = false;
		for (size_t m = 0; m < n; m++)
			dup = dup || strcmp(media[m].name, k) == 0;
		const char *c = n < PRINTER_CAPS_MEDIA && !dup ? pool_add(pool, k, strlen(k)) : NULL;
		if (c)
			media[n++] = (printer_media_t){c, false};
	}
	if (!n)
		return;
	bool zero[4] = {false, false, false, false};
	caps->margins.bottom = margin_of(g, "media-bottom-margin-supported", caps->margins.bottom, &zero[0]);
	caps->margins.left = margin_of(g, "media-left-margin-supported", caps->margins.left, &zero[1]);
	caps->margins.right = margin_of(g, "media-right-margin-supported", caps->margins.right, &zero[2]);
	caps->margins.top = margin_of(g, "media-top-margin-supported", caps->margins.top, &zero[3]);
	bool borderless = zero[0] && zero[1] && zero[2] && zero[3];
	for (size_t m = 0; m < n; m++)
		media[m].borderless = borderless;
	caps->n_media = n;
	memcpy(caps->media, media, n * sizeof(media[0]));
	bool custom = cmin[0] && cmax[0] && cmax[0] >= cmin[0] && cmax[1] >= cmin[1];
	caps->custom_min[0] = custom ? cmin[0] : 0;
	caps->custom_min[1] = custom ? cmin[1] : 0;
	caps->custom_max[0] = custom ? cmax[0] : 0;
	caps->custom_max[1] = custom ? cmax[1] : 0;
	caps->media_default = media[0].name;
	const char *d = keyword_at(ippd_group_find(g, "media-default"), 0);
	for (size_t m = 0; d && m < n; m++)
		if (strcmp(media[m].name, d) == 0)
			caps->media_default = media[m].name;
	/* What is loaded is the upstream's business; its trays are not mirrored (the sources are). */
	caps->n_ready = 0;
	take_keywords(g, "media-source", &caps->media_sources, pool);
	take_keywords(g, "media-type", &caps->media_types, pool);
	if (caps->media_types.count)
		caps->media_type_default = caps->media_types.v[0];
}

/* printer-make-and-model, cleaned; make and model split at the first space, without ';' and ':' (device id). */
static void take_identity(const ippd_group_t *g, printer_caps_t *caps, upstream_info_t *info, pool_t *pool)
{
	size_t len = 0;
	const ippd_attr_t *a = ippd_group_find(g, "printer-make-and-model");
	ippd_tag_t tag = ippd_attr_get_tag(a, 0);
	const char *s = tag == IPPD_TAG_TEXT || tag == IPPD_TAG_TEXT_LANG ? ippd_attr_get_string(a, 0, &len) : NULL;
	char clean[128];
	output_clean_text(clean, sizeof(clean), s, s ? len : 0);
	for (char *c = clean; *c; c++)
		if (*c == ';' || *c == ':')
			*c = ' ';
	if (!clean[0])
		return;
	snprintf(info->make_and_model, sizeof(info->make_and_model), "%s", clean);
	caps->make_and_model = pool_add(pool, clean, strlen(clean));
	char *sp = strchr(clean, ' ');
	if (sp) {
		*sp = '\0';
		caps->model = pool_add(pool, sp + 1, strlen(sp + 1));
	} else {
		caps->model = "";
	}
	caps->make = pool_add(pool, clean, strlen(clean));
	if (!caps->make_and_model || !caps->make || !caps->model) {
		caps->make = "ippd", caps->model = "", caps->make_and_model = "ippd";
	}
}

static void take_info(const ippd_group_t *g, upstream_info_t *info)
{
	const ippd_attr_t *ops = ippd_group_find(g, "operations-supported");
	const ippd_attr_t *multi = ippd_group_find(g, "multiple-document-jobs-supported");
	info->create_job = ippd_attr_contains_integer(ops, IPPD_OP_CREATE_JOB) &&
	                   ippd_attr_contains_integer(ops, IPPD_OP_SEND_DOCUMENT) &&
	                   ippd_attr_get_tag(multi, 0) == IPPD_TAG_BOOLEAN && ippd_attr_get_boolean(multi, 0);
	const ippd_attr_t *t = ippd_group_find(g, "printer-config-change-time");
	info->config_change_time = ippd_attr_get_tag(t, 0) == IPPD_TAG_INTEGER ? ippd_attr_get_integer(t, 0) : -1;
	info->n_supported = 0;
	for (const ippd_attr_t *a = ippd_group_first(g); a && info->n_supported < UPSTREAM_MAX_SUPPORTED;
	     a = ippd_attr_next(a)) {
		const char *name = ippd_attr_get_name(a);
		size_t len = strlen(name);
		if (len <= 10 || len - 10 >= UPSTREAM_NAME_MAX || strcmp(name + len - 10, "-supported") != 0)
			continue;
		char base[UPSTREAM_NAME_MAX];
		memcpy(base, name, len - 10);
		base[len - 10] = '\0';
		if (printer_attr_is_job_template(base) && !upstream_supports(info, base))
			snprintf(info->supported[info->n_supported++], UPSTREAM_NAME_MAX, "%s", base);
	}
}

bool upstream_supports(const upstream_info_t *info, const char *name)
{
	for (size_t i = 0; i < info->n_supported; i++)
		if (strcmp(info->supported[i], name) == 0)
			return true;
	return false;
}

ippd_msg_t *upstream_caps_build(const ippd_msg_t *resp, upstream_info_t *info, char *why, size_t whysize)
{
	upstream_info_t scratch;
	if (!info)
		info = &scratch;
	memset(info, 0, sizeof(*info));
	info->config_change_time = -1;
	const ippd_group_t *g = printer_group(resp);
	if (!g || !ippd_group_find(g, "document-format-supported")) {
		snprintf(why, whysize, "the answer has no printer attributes (no document-format-supported)");
		return NULL;
	}
	pool_t *pool = malloc(sizeof(*pool));
	if (!pool) {
		snprintf(why, whysize, "out of memory");
		return NULL;
	}
	pool->used = 0;
	printer_caps_t caps;
	printer_caps_default(&caps);
	take_info(g, info);
	take_identity(g, &caps, info, pool);
	take_formats(g, &caps, pool);
	take_resolutions(g, &caps);
	take_media(g, &caps, pool);

	const ippd_attr_t *color = ippd_group_find(g, "color-supported");
	if (color && ippd_attr_get_tag(color, 0) == IPPD_TAG_BOOLEAN)
		caps.color = ippd_attr_get_boolean(color, 0);
	const ippd_attr_t *sides = ippd_group_find(g, "sides-supported");
	if (sides)
		caps.duplex = ippd_attr_contains_string(sides, "two-sided-long-edge");
	const ippd_attr_t *ppm = ippd_group_find(g, "pages-per-minute");
	if (ippd_attr_get_tag(ppm, 0) == IPPD_TAG_INTEGER && ippd_attr_get_integer(ppm, 0) > 0 &&
	    ippd_attr_get_integer(ppm, 0) <= 10000)
		caps.ppm = ippd_attr_get_integer(ppm, 0);
	const ippd_attr_t *ppmc = ippd_group_find(g, "pages-per-minute-color");
	if (ippd_attr_get_tag(ppmc, 0) == IPPD_TAG_INTEGER && ippd_attr_get_integer(ppmc, 0) > 0 &&
	    ippd_attr_get_integer(ppmc, 0) <= 10000)
		caps.ppm_color = ippd_attr_get_integer(ppmc, 0);
	int32_t lo, hi;
	if (ippd_attr_get_range(ippd_group_find(g, "copies-supported"), 0, &lo, &hi) && lo <= 1 && hi >= 1)
		caps.copies_max = hi > 9999 ? 9999 : hi;
	take_enums(g, "finishings", 3, 199, &caps.finishings, NULL);
	bool none = false;
	for (size_t i = 0; i < caps.finishings.count; i++)
		none = none || caps.finishings.v[i] == 3;
	if (!none) {
		/* 'none' must be offered: it goes first, pushing out the last value if the list is full. */
		memmove(&caps.finishings.v[1], &caps.finishings.v[0],
		        (caps.finishings.count < PRINTER_CAPS_LIST ? caps.finishings.count : PRINTER_CAPS_LIST - 1) *
		            sizeof(int32_t));
		caps.finishings.v[0] = 3;
		if (caps.finishings.count < PRINTER_CAPS_LIST)
			caps.finishings.count++;
	}
	take_keywords(g, "output-bin", &caps.output_bins, pool);
	take_enums(g, "orientation-requested", 3, 7, &caps.orientations, &caps.orientation_default);
	take_enums(g, "print-quality", 3, 5, &caps.qualities, &caps.quality_default);
	take_keywords(g, "print-content-optimize", &caps.content_optimize, pool);
	take_keywords(g, "print-rendering-intent", &caps.rendering_intents, pool);
	take_keywords(g, "print-scaling", &caps.scaling, pool);
	const ippd_attr_t *pr = ippd_group_find(g, "page-ranges-supported");
	if (pr && ippd_attr_get_tag(pr, 0) == IPPD_TAG_BOOLEAN)
		caps.page_ranges = ippd_attr_get_boolean(pr, 0);
	take_keywords(g, "pdf-versions", &caps.pdf_versions, pool);
	take_keywords(g, "printer-kind", &caps.kinds, pool);

	ippd_msg_t *attrs = printer_attrs_build(&caps);
	free(pool);
	if (!attrs)
		snprintf(why, whysize, "the printer's capabilities do not fit together (or memory ran out)");
	return attrs;
}

bool upstream_caps_apply(printer_t *p, ippd_msg_t *attrs)
{
	system_lock(p->sys);
	bool same = p->static_attrs && ippd_msg_equal(p->static_attrs, attrs);
	bool full = p->n_retired == sizeof(p->retired_attrs) / sizeof(p->retired_attrs[0]);
	if (!same && !full) {
		p->retired_attrs[p->n_retired++] = p->static_attrs;
		/* Readers look the pointer up without the lock: the old set stays valid (retired). */
		__atomic_store_n(&p->static_attrs, attrs, __ATOMIC_RELEASE);
		p->config_change_time = time(NULL);
	}
	system_unlock(p->sys);
	if (same || full)
		ippd_msg_free(attrs);
	if (full && !same)
		log_printer(p, LOG_WARN, "the upstream printer changed its capabilities %zu times; keeping the last set",
		            sizeof(p->retired_attrs) / sizeof(p->retired_attrs[0]));
	return !same && !full;
}
