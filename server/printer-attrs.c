/* A printer's capabilities, the printer attributes they imply, and the Job Template checks against them. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include "printer-attrs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ippd/registry.h>

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Media names (PWG 5101.1)                                           */
/* ------------------------------------------------------------------ */

/* Hundredths of a millimetre in one unit of a self-describing name. */
enum { HMM_PER_INCH = 2540, HMM_PER_MM = 100, HMM_LIMIT = 100000000 };

/*
 * One decimal number ("8.5", "4.125", "210") scaled to hundredths of a
 * millimetre, rounded half up; `*end` is where it stopped.  Fractions are
 * read to six digits, which is finer than a hundredth of a millimetre.
 */
static bool parse_dimension(const char *s, int32_t scale, const char **end, int32_t *out)
{
	int64_t whole = 0, frac = 0, denom = 1;
	const char *p = s;
	while (*p >= '0' && *p <= '9' && whole < HMM_LIMIT)
		whole = whole * 10 + (*p++ - '0');
	if (p == s)
		return false;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		for (; *p >= '0' && *p <= '9'; p++)
			if (denom < 1000000) {
				frac = frac * 10 + (*p - '0');
				denom *= 10;
			}
	}
	int64_t v = whole * scale + (frac * scale * 2 + denom) / (denom * 2);
	if (v <= 0 || v > HMM_LIMIT)
		return false;
	*end = p;
	*out = (int32_t)v;
	return true;
}

bool printer_media_parse(const char *name, int32_t *width, int32_t *length)
{
	const char *dims = name ? strrchr(name, '_') : NULL;
	if (!dims || dims == name || !memchr(name, '_', (size_t)(dims - name)))
		return false;
	dims++;
	size_t n = strlen(dims);
	if (n < 5)
		return false;
	int32_t scale;
	if (strcmp(dims + n - 2, "in") == 0)
		scale = HMM_PER_INCH;
	else if (strcmp(dims + n - 2, "mm") == 0)
		scale = HMM_PER_MM;
	else
		return false;
	const char *p;
	int32_t w, l;
	if (!parse_dimension(dims, scale, &p, &w) || *p != 'x' || !parse_dimension(p + 1, scale, &p, &l) ||
	    p != dims + n - 2)
		return false;
	if (width)
		*width = w;
	if (length)
		*length = l;
	return true;
}

/* `v` units of 1/`div` written with the fewest decimals ("8.5", "3", "76.2"). */
static void format_decimal(char *buf, size_t size, int64_t v, int64_t div)
{
	int n = snprintf(buf, size, "%lld", (long long)(v / div));
	int64_t frac = v % div;
	if (frac == 0 || n < 0 || (size_t)n >= size - 1)
		return;
	buf[n++] = '.';
	for (int64_t d = div / 10; frac && d && (size_t)n < size - 1; d /= 10) {
		buf[n++] = (char)('0' + frac / d);
		frac %= d;
	}
	buf[n] = '\0';
}

/*
 * A self-describing custom size name (PWG 5101.1: "custom_min_3x5in"):
 * inches when both dimensions are whole twentieths of an inch, which
 * needs at most two decimals, else millimetres.
 */
static void custom_media_name(char *buf, size_t size, const char *which, int32_t w, int32_t l)
{
	char ws[32], ls[32];
	bool inches = w % 127 == 0 && l % 127 == 0;
	/* Both units end up in hundredths: of an inch, or of a millimetre as given. */
	format_decimal(ws, sizeof(ws), inches ? (int64_t)w * 100 / HMM_PER_INCH : w, 100);
	format_decimal(ls, sizeof(ls), inches ? (int64_t)l * 100 / HMM_PER_INCH : l, 100);
	snprintf(buf, size, "custom_%s_%sx%s%s", which, ws, ls, inches ? "in" : "mm");
}

/* ------------------------------------------------------------------ */
/* The default virtual printer                                        */
/* ------------------------------------------------------------------ */

/*
 * Values are PWG and IANA keywords only.  (ipptool's ipp-everywhere.test
 * looks for overrides-supported "document-number"; the PWG 5100.6 member
 * is "document-numbers", which is what we advertise: a known bug of that
 * test file, not bent to.)
 */
static const printer_caps_t default_caps = {
    .make = "ippd",
    .model = "Virtual IPP Everywhere Printer",
    .make_and_model = "ippd Virtual IPP Everywhere Printer",
    .color = true,
    .duplex = true,
    .ppm = 20,
    .ppm_color = 15,
    .ipp_versions = {5, {"1.0", "1.1", "2.0", "2.1", "2.2"}},
    .formats = {6,
                {"application/pdf", "image/jpeg", "image/pwg-raster", "image/urf", "text/plain",
                 "application/octet-stream"}},
    .format_default = "application/octet-stream",
    .compressions = {3, {"none", "deflate", "gzip"}},
    .n_resolutions = 2,
    .resolutions = {300, 600},
    .resolution_default = 600,
    .n_media = 13,
    .media =
        {
            {"iso_a4_210x297mm", true},
            {"na_letter_8.5x11in", true},
            {"na_legal_8.5x14in", false},
            {"na_executive_7.25x10.5in", false},
            {"iso_a5_148x210mm", false},
            {"iso_a6_105x148mm", true},
            {"jis_b5_182x257mm", false},
            {"na_index-4x6_4x6in", true},
            {"na_5x7_5x7in", true},
            {"oe_photo-l_3.5x5in", true},
            {"na_number-10_4.125x9.5in", false},
            {"iso_dl_110x220mm", false},
            {"iso_c5_162x229mm", false},
        },
    .media_default = "iso_a4_210x297mm",
    .custom_min = {7620, 12700},  /* 3 x 5 in */
    .custom_max = {21590, 35560}, /* 8.5 x 14 in */
    .media_sources = {4, {"auto", "main", "alternate", "manual"}},
    .media_types = {5, {"stationery", "photographic-glossy", "envelope", "cardstock", "labels"}},
    .media_type_default = "stationery",
    .margins = {423, 423, 423, 423}, /* 1/6 in */
    .n_ready = 2,
    .ready =
        {
            {"iso_a4_210x297mm", "main", "stationery"},
            {"na_letter_8.5x11in", "alternate", "stationery"},
        },
    .copies_max = 999,
    .finishings = {1, {3}},
    .output_bins = {1, {"face-down"}},
    .orientations = {5, {3, 4, 5, 6, 7}},
    .orientation_default = 3,
    .qualities = {3, {3, 4, 5}},
    .quality_default = 4,
    .number_up = {1, {1}},
    .content_optimize = {5, {"auto", "graphic", "photo", "text", "text-and-graphic"}},
    .rendering_intents = {5, {"auto", "perceptual", "relative", "relative-bpc", "saturation"}},
    .scaling = {5, {"auto", "auto-fit", "fill", "fit", "none"}},
    .hold_until = {2, {"no-hold", "indefinite"}},
    .job_sheets = {1, {"none"}},
    .doc_handling = {2, {"separate-documents-collated-copies", "separate-documents-uncollated-copies"}},
    .overrides = {2, {"document-numbers", "pages"}},
    .page_ranges = true,
    .identify_actions = {2, {"display", "sound"}},
    .identify_default = {1, {"display"}},
    /* Every which-jobs value Get-Jobs selects on (RFC 8011 §4.2.6.1, PWG 5100.7). */
    .which_jobs = {10,
                   {"aborted", "all", "canceled", "completed", "not-completed", "pending", "pending-held",
                    "processing", "processing-stopped", "proof-print"}},
    .multiple_document_jobs = true,
    .multiple_operation_time_out = 120,
    .multiple_operation_time_out_action = "process-job",
    .max_k_octets = 1048576, /* 1 GiB */
    .jpeg_max_dimension = 16384,
    .pdf_versions = {6,
                     {"adobe-1.3", "adobe-1.4", "adobe-1.5", "adobe-1.6", "adobe-1.7", "iso-32000-1_2008"}},
    .kinds = {4, {"document", "envelope", "photo", "postcard"}},
};

void printer_caps_default(printer_caps_t *caps)
{
	if (caps)
		*caps = default_caps;
}

/* ------------------------------------------------------------------ */
/* Building the attributes                                            */
/* ------------------------------------------------------------------ */

/* The group being filled; `ok` turns false at the first failed allocation and stays so. */
typedef struct builder {
	ippd_group_t *g;
	bool ok;
} builder_t;

static void need(builder_t *b, const void *p)
{
	if (!p)
		b->ok = false;
}

/*
 * The adders note a failed allocation in the builder instead of returning
 * it, so that building reads as a list of attributes with one check at the end.
 */
static void add_keyword(builder_t *b, const char *name, const char *v)
{
	need(b, ippd_group_add_string(b->g, IPPD_TAG_KEYWORD, name, v));
}

/* A list of strings with one tag; an empty list adds nothing, as an attribute needs a value. */
static void add_strings(builder_t *b, ippd_tag_t tag, const char *name, const printer_strings_t *l)
{
	if (l->count)
		need(b, ippd_group_add_strings(b->g, tag, name, l->count, l->v));
}

static void add_integer(builder_t *b, ippd_tag_t tag, const char *name, int32_t v)
{
	need(b, ippd_group_add_integer(b->g, tag, name, v));
}

static void add_integers(builder_t *b, ippd_tag_t tag, const char *name, const printer_ints_t *l)
{
	if (l->count)
		need(b, ippd_group_add_integers(b->g, tag, name, l->count, l->v));
}

static void add_boolean(builder_t *b, const char *name, bool v)
{
	need(b, ippd_group_add_boolean(b->g, name, v));
}

static void add_range(builder_t *b, const char *name, int32_t lower, int32_t upper)
{
	need(b, ippd_group_add_range(b->g, name, lower, upper));
}

static void add_value(builder_t *b, ippd_err_t err)
{
	if (err != IPPD_OK)
		b->ok = false;
}

static bool strings_contain(const printer_strings_t *l, const char *s)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->v[i] && strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

static bool ints_contain(const printer_ints_t *l, int32_t v)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->v[i] == v)
			return true;
	return false;
}

/* One media-col value: a size (a range when lo != hi), its margins, and optionally a source and type. */
typedef struct media_entry {
	int32_t w_lo, w_hi, l_lo, l_hi;
	const printer_margins_t *margins;
	const char *source;
	const char *type;
} media_entry_t;

static void fill_dimension(builder_t *b, ippd_group_t *size, const char *name, int32_t lo, int32_t hi)
{
	if (lo == hi)
		need(b, ippd_group_add_integer(size, IPPD_TAG_INTEGER, name, lo));
	else
		need(b, ippd_group_add_range(size, name, lo, hi));
}

/* A media-size collection (the value may be NULL when its allocation failed). */
static void fill_size(builder_t *b, ippd_group_t *size, const media_entry_t *e)
{
	need(b, size);
	if (size) {
		fill_dimension(b, size, "x-dimension", e->w_lo, e->w_hi);
		fill_dimension(b, size, "y-dimension", e->l_lo, e->l_hi);
	}
}

/* The members in alphabetical order, as printers commonly send them. */
static void fill_media_col(builder_t *b, ippd_group_t *c, const media_entry_t *e)
{
	if (!c) {
		b->ok = false;
		return;
	}
	need(b, ippd_group_add_integer(c, IPPD_TAG_INTEGER, "media-bottom-margin", e->margins->bottom));
	need(b, ippd_group_add_integer(c, IPPD_TAG_INTEGER, "media-left-margin", e->margins->left));
	need(b, ippd_group_add_integer(c, IPPD_TAG_INTEGER, "media-right-margin", e->margins->right));
	fill_size(b, ippd_group_add_collection(c, "media-size"), e);
	if (e->source)
		need(b, ippd_group_add_string(c, IPPD_TAG_KEYWORD, "media-source", e->source));
	need(b, ippd_group_add_integer(c, IPPD_TAG_INTEGER, "media-top-margin", e->margins->top));
	if (e->type)
		need(b, ippd_group_add_string(c, IPPD_TAG_KEYWORD, "media-type", e->type));
}

/* A media-col value for a named size; false when the name has no dimensions. */
static bool named_entry(const char *name, const printer_margins_t *margins, const char *source,
                        const char *type, media_entry_t *e)
{
	int32_t w, l;
	if (!name || !printer_media_parse(name, &w, &l))
		return false;
	*e = (media_entry_t){w, w, l, l, margins, source, type};
	return true;
}

static bool has_custom(const printer_caps_t *caps)
{
	return caps->custom_min[0] > 0 && caps->custom_min[1] > 0 &&
	       caps->custom_max[0] >= caps->custom_min[0] && caps->custom_max[1] >= caps->custom_min[1];
}

/*
 * media-supported, -default, -ready, media-size-supported, the margins,
 * sources and types, and the media-col family.  PWG 5100.7 puts every
 * size/margin combination in media-col-database, so a size that can be
 * printed borderless appears twice there, once with zero margins; custom
 * sizes appear as one entry whose dimensions are ranges.
 */
static void build_media(builder_t *b, const printer_caps_t *caps)
{
	static const printer_margins_t borderless = {0, 0, 0, 0};
	bool custom = has_custom(caps);
	char min_name[96], max_name[96];
	media_entry_t e;

	if (custom) {
		custom_media_name(min_name, sizeof(min_name), "min", caps->custom_min[0],
		                  caps->custom_min[1]);
		custom_media_name(max_name, sizeof(max_name), "max", caps->custom_max[0],
		                  caps->custom_max[1]);
	}

	ippd_attr_t *supported = ippd_group_add(b->g, "media-supported");
	ippd_attr_t *sizes = ippd_group_add(b->g, "media-size-supported");
	ippd_attr_t *database = ippd_group_add(b->g, "media-col-database");
	need(b, supported);
	need(b, sizes);
	need(b, database);
	if (!b->ok)
		return;
	for (size_t i = 0; i < caps->n_media; i++) {
		if (!named_entry(caps->media[i].name, &caps->margins, NULL, NULL, &e)) {
			b->ok = false;
			return;
		}
		add_value(b,
		          ippd_attr_add_string(supported, IPPD_TAG_KEYWORD, caps->media[i].name, (size_t)-1));
		fill_size(b, ippd_attr_add_collection(sizes), &e);
		fill_media_col(b, ippd_attr_add_collection(database), &e);
		if (caps->media[i].borderless) {
			e.margins = &borderless;
			fill_media_col(b, ippd_attr_add_collection(database), &e);
		}
	}
	if (custom) {
		add_value(b, ippd_attr_add_string(supported, IPPD_TAG_KEYWORD, min_name, (size_t)-1));
		add_value(b, ippd_attr_add_string(supported, IPPD_TAG_KEYWORD, max_name, (size_t)-1));
		e = (media_entry_t){.w_lo = caps->custom_min[0],
		                    .w_hi = caps->custom_max[0],
		                    .l_lo = caps->custom_min[1],
		                    .l_hi = caps->custom_max[1],
		                    .margins = &caps->margins};
		fill_size(b, ippd_attr_add_collection(sizes), &e);
		fill_media_col(b, ippd_attr_add_collection(database), &e);
	}

	/* The default comes from the tray that holds the default size, if one does. */
	const char *source = NULL;
	for (size_t i = 0; i < caps->n_ready; i++)
		if (caps->ready[i].size && caps->media_default &&
		    strcmp(caps->ready[i].size, caps->media_default) == 0)
			source = caps->ready[i].source;
	if (!named_entry(caps->media_default, &caps->margins, source, caps->media_type_default, &e)) {
		b->ok = false;
		return;
	}
	add_keyword(b, "media-default", caps->media_default);
	fill_media_col(b, ippd_group_add_collection(b->g, "media-col-default"), &e);

	if (caps->n_ready) {
		ippd_attr_t *ready = ippd_group_add(b->g, "media-ready");
		ippd_attr_t *col_ready = ippd_group_add(b->g, "media-col-ready");
		need(b, ready);
		need(b, col_ready);
		for (size_t i = 0; b->ok && i < caps->n_ready; i++) {
			const printer_ready_t *r = &caps->ready[i];
			if (!named_entry(r->size, &caps->margins, r->source, r->type, &e)) {
				b->ok = false;
				return;
			}
			add_value(b, ippd_attr_add_string(ready, IPPD_TAG_KEYWORD, r->size, (size_t)-1));
			fill_media_col(b, ippd_attr_add_collection(col_ready), &e);
		}
	}

	static const char *const col_members[] = {
	    "media-bottom-margin", "media-left-margin", "media-right-margin", "media-size",
	    "media-size-name",     "media-source",      "media-top-margin",   "media-type",
	};
	need(b, ippd_group_add_strings(b->g, IPPD_TAG_KEYWORD, "media-col-supported", COUNT_OF(col_members),
	                               col_members));

	/* Every margin a media-col-database entry uses: the bordered ones, and 0 when any size is borderless.
	 */
	const struct {
		const char *name;
		int32_t margin;
	} margin_attrs[] = {
	    {"media-bottom-margin-supported", caps->margins.bottom},
	    {"media-left-margin-supported", caps->margins.left},
	    {"media-right-margin-supported", caps->margins.right},
	    {"media-top-margin-supported", caps->margins.top},
	};
	bool any_borderless = false;
	for (size_t i = 0; i < caps->n_media; i++)
		any_borderless = any_borderless || caps->media[i].borderless;
	for (size_t i = 0; i < COUNT_OF(margin_attrs); i++) {
		int32_t m = margin_attrs[i].margin;
		ippd_attr_t *a = ippd_group_add_integer(b->g, IPPD_TAG_INTEGER, margin_attrs[i].name, m);
		need(b, a);
		if (a && any_borderless && m != 0)
			add_value(b, ippd_attr_add_integer(a, IPPD_TAG_INTEGER, 0));
	}

	add_strings(b, IPPD_TAG_KEYWORD, "media-source-supported", &caps->media_sources);
	add_strings(b, IPPD_TAG_KEYWORD, "media-type-supported", &caps->media_types);
}

/*
 * printer-input-tray and printer-output-tray (PWG 5100.13): one octetString
 * per tray in the Printer MIB's "key=value;" form.  A virtual printer's
 * trays never run out, so the levels are constant.
 */
static void build_trays(builder_t *b, const printer_caps_t *caps)
{
	char v[256];
	ippd_attr_t *in = NULL, *out = NULL;
	if (caps->media_sources.count) {
		in = ippd_group_add(b->g, "printer-input-tray");
		need(b, in);
	}
	for (size_t i = 0; in && i < caps->media_sources.count; i++) {
		const char *name = caps->media_sources.v[i];
		int32_t w = 0, l = 0;
		for (size_t r = 0; r < caps->n_ready; r++)
			if (caps->ready[r].source && strcmp(caps->ready[r].source, name) == 0)
				printer_media_parse(caps->ready[r].size, &w, &l);
		const char *type = strcmp(name, "auto") == 0     ? "other"
		                   : strcmp(name, "manual") == 0 ? "sheetFeedManual"
		                                                 : "sheetFeedAutoRemovableTray";
		int capacity = strcmp(name, "auto") == 0 ? -2 : strcmp(name, "manual") == 0 ? 1 : 250;
		int n =
		    snprintf(v, sizeof(v),
		             "type=%s;dimunit=micrometers;mediafeed=%d;mediaxfeed=%d;maxcapacity=%d;level=%d;"
		             "status=0;name=%s;",
		             type, (int)l * 10, (int)w * 10, capacity, capacity, name);
		add_value(b, ippd_attr_add_octets(in, v, n > 0 && (size_t)n < sizeof(v) ? (size_t)n : 0));
	}

	if (caps->output_bins.count) {
		out = ippd_group_add(b->g, "printer-output-tray");
		need(b, out);
	}
	for (size_t i = 0; out && i < caps->output_bins.count; i++) {
		const char *name = caps->output_bins.v[i];
		bool up = strcmp(name, "face-up") == 0;
		int n = snprintf(v, sizeof(v),
		                 "type=unRemovableBin;maxcapacity=250;remaining=250;status=0;name=%s;"
		                 "stackingorder=%s;pagedelivery=%s;",
		                 name, up ? "lastToFirst" : "firstToLast", up ? "faceUp" : "faceDown");
		add_value(b, ippd_attr_add_octets(out, v, n > 0 && (size_t)n < sizeof(v) ? (size_t)n : 0));
	}
}

/*
 * printer-supply and printer-supply-description (PWG 5100.13): one Printer
 * MIB "key=value;" octetString per marker supply, with a description of the
 * same index.  A virtual printer puts no ink on paper, so its colorants are
 * never used up: each stays at 100 percent, and the description says so.
 */
static void build_supplies(builder_t *b, const printer_caps_t *caps)
{
	static const struct {
		const char *colorant, *description;
	} inks[] = {
	    {"black", "Black ink (virtual: never runs out)"},
	    {"cyan", "Cyan ink (virtual: never runs out)"},
	    {"magenta", "Magenta ink (virtual: never runs out)"},
	    {"yellow", "Yellow ink (virtual: never runs out)"},
	};
	size_t n = caps->color ? COUNT_OF(inks) : 1;
	ippd_attr_t *supply = ippd_group_add(b->g, "printer-supply");
	ippd_attr_t *desc = ippd_group_add(b->g, "printer-supply-description");
	need(b, supply);
	need(b, desc);
	for (size_t i = 0; supply && desc && i < n; i++) {
		char v[160];
		int len = snprintf(v, sizeof(v),
		                   "index=%zu;class=supplyThatIsConsumed;type=ink;unit=percent;maxcapacity=100;"
		                   "level=100;colorantname=%s;",
		                   i + 1, inks[i].colorant);
		add_value(b, ippd_attr_add_octets(supply, v, len > 0 && (size_t)len < sizeof(v) ? (size_t)len : 0));
		add_value(b, ippd_attr_add_string(desc, IPPD_TAG_TEXT, inks[i].description, (size_t)-1));
	}
}

#ifndef IPPD_VERSION
#define IPPD_VERSION "0.0.0"
#endif

/*
 * printer-firmware-name, -string-version, -version and -patches (PWG
 * 5100.13): ippd itself is the firmware.  -version is the binary form of
 * IPPD_VERSION, one octet per dotted number ("0.1.0" gives 00 01 00).
 */
static void build_firmware(builder_t *b)
{
	uint8_t bin[8];
	size_t n = 0;
	for (const char *p = IPPD_VERSION; *p && n < sizeof(bin);) {
		char *end;
		unsigned long part = strtoul(p, &end, 10);
		if (end == p)
			break;
		bin[n++] = (uint8_t)(part > 255 ? 255 : part);
		p = *end == '.' ? end + 1 : end;
		if (*end != '.')
			break;
	}
	need(b, ippd_group_add_string(b->g, IPPD_TAG_NAME, "printer-firmware-name", "ippd"));
	need(b, ippd_group_add_string(b->g, IPPD_TAG_TEXT, "printer-firmware-patches", ""));
	need(b, ippd_group_add_string(b->g, IPPD_TAG_TEXT, "printer-firmware-string-version", IPPD_VERSION));
	ippd_attr_t *v = ippd_group_add(b->g, "printer-firmware-version");
	need(b, v);
	if (v)
		add_value(b, ippd_attr_add_octets(v, bin, n));
}

/* The IEEE 1284 command set name of a document format, or NULL for none. */
static const char *command_set(const char *format)
{
	static const struct {
		const char *format, *cmd;
	} map[] = {
	    {"application/pdf", "PDF"},
	    {"image/jpeg", "JPEG"},
	    {"image/pwg-raster", "PWGRaster"},
	    {"image/urf", "URF"},
	    {"text/plain", "TXT"},
	    {"application/postscript", "POSTSCRIPT"},
	    {"application/vnd.hp-pcl", "PCL"},
	};
	for (size_t i = 0; i < COUNT_OF(map); i++)
		if (strcasecmp(format, map[i].format) == 0)
			return map[i].cmd;
	return NULL;
}

/* printer-device-id (PWG 5107.2): "MFG:...;MDL:...;CMD:...;" with the command sets of the formats. */
static void build_device_id(builder_t *b, const printer_caps_t *caps)
{
	char id[1024];
	size_t n = (size_t)snprintf(id, sizeof(id), "MFG:%s;MDL:%s;CMD:", caps->make ? caps->make : "ippd",
	                            caps->model ? caps->model : "");
	const char *sep = "";
	for (size_t i = 0; i < caps->formats.count && n < sizeof(id); i++) {
		const char *cmd = command_set(caps->formats.v[i]);
		if (cmd) {
			n += (size_t)snprintf(id + n, sizeof(id) - n, "%s%s", sep, cmd);
			sep = ",";
		}
	}
	if (n < sizeof(id))
		snprintf(id + n, sizeof(id) - n, ";");
	need(b, ippd_group_add_string(b->g, IPPD_TAG_TEXT, "printer-device-id", id));
}

/*
 * urf-supported, Apple's raster capabilities: version, copies, the
 * qualities, the resolutions, 8-bit grey, sRGB when colour, and the duplex
 * back side (DM1, the same 'normal' as pwg-raster-document-sheet-back).
 * The values are upper-case by that format's convention.
 */
static void build_urf(builder_t *b, const printer_caps_t *caps)
{
	char pq[64] = "PQ", rs[96] = "RS";
	for (size_t i = 0; i < caps->qualities.count; i++)
		snprintf(pq + strlen(pq), sizeof(pq) - strlen(pq), "%s%d", i ? "-" : "",
		         (int)caps->qualities.v[i]);
	for (size_t i = 0; i < caps->n_resolutions; i++)
		snprintf(rs + strlen(rs), sizeof(rs) - strlen(rs), "%s%d", i ? "-" : "",
		         (int)caps->resolutions[i]);
	printer_strings_t urf = {3, {"V1.4", "CP1", "W8"}};
	if (caps->qualities.count)
		urf.v[urf.count++] = pq;
	if (caps->n_resolutions)
		urf.v[urf.count++] = rs;
	if (caps->color)
		urf.v[urf.count++] = "SRGB24";
	if (caps->duplex)
		urf.v[urf.count++] = "DM1";
	add_strings(b, IPPD_TAG_KEYWORD, "urf-supported", &urf);
}

/* PWG Raster (PWG 5102.4): the resolutions, colour spaces and the back side orientation for duplex. */
static void build_pwg_raster(builder_t *b, const printer_caps_t *caps)
{
	ippd_attr_t *res = ippd_group_add(b->g, "pwg-raster-document-resolution-supported");
	need(b, res);
	for (size_t i = 0; res && i < caps->n_resolutions; i++)
		add_value(b, ippd_attr_add_resolution(res, caps->resolutions[i], caps->resolutions[i],
		                                      IPPD_RES_PER_INCH));
	add_keyword(b, "pwg-raster-document-sheet-back", "normal");
	printer_strings_t types = {2, {"black_1", "sgray_8"}};
	if (caps->color)
		types.v[types.count++] = "srgb_8";
	add_strings(b, IPPD_TAG_KEYWORD, "pwg-raster-document-type-supported", &types);
}

/* finishings and finishings-col (PWG 5100.1), whose finishing-template keywords name the finishings enums. */
static void build_finishings(builder_t *b, const printer_caps_t *caps)
{
	int32_t def_value = ints_contain(&caps->finishings, IPPD_FINISHINGS_NONE) || !caps->finishings.count
	                        ? IPPD_FINISHINGS_NONE
	                        : caps->finishings.v[0];
	const char *def_kw = ippd_enum_name("finishings", def_value);
	add_integers(b, IPPD_TAG_ENUM, "finishings-supported", &caps->finishings);
	add_integer(b, IPPD_TAG_ENUM, "finishings-default", def_value);

	ippd_attr_t *templates = ippd_group_add(b->g, "finishing-template-supported");
	ippd_attr_t *database = ippd_group_add(b->g, "finishings-col-database");
	need(b, templates);
	need(b, database);
	for (size_t i = 0; b->ok && i < caps->finishings.count; i++) {
		const char *kw = ippd_enum_name("finishings", caps->finishings.v[i]);
		if (!kw) {
			b->ok = false;
			return;
		}
		add_value(b, ippd_attr_add_string(templates, IPPD_TAG_KEYWORD, kw, (size_t)-1));
		ippd_group_t *c = ippd_attr_add_collection(database);
		need(b, c);
		if (c)
			need(b, ippd_group_add_string(c, IPPD_TAG_KEYWORD, "finishing-template", kw));
	}
	ippd_group_t *def = ippd_group_add_collection(b->g, "finishings-col-default");
	need(b, def);
	if (def && def_kw)
		need(b, ippd_group_add_string(def, IPPD_TAG_KEYWORD, "finishing-template", def_kw));
	add_keyword(b, "finishings-col-supported", "finishing-template");
}

/*
 * job-creation-attributes-supported (PWG 5100.11): the Job Template
 * attributes this set says something about, found by their -supported
 * attributes, and the operation attributes a job creation request takes.
 */
static void build_creation_attrs(builder_t *b)
{
	static const char suffix[] = "-supported";
	const size_t sl = sizeof(suffix) - 1;
	ippd_attr_t *attr = ippd_group_add(b->g, "job-creation-attributes-supported");
	need(b, attr);
	if (!attr)
		return;
	add_value(b, ippd_attr_add_string(attr, IPPD_TAG_KEYWORD, "ipp-attribute-fidelity", (size_t)-1));
	add_value(b, ippd_attr_add_string(attr, IPPD_TAG_KEYWORD, "job-name", (size_t)-1));
	for (ippd_attr_t *a = ippd_group_first(b->g); a; a = ippd_attr_next(a)) {
		const char *name = ippd_attr_get_name(a);
		size_t len = strlen(name);
		char stem[128];
		if (len <= sl || len - sl >= sizeof(stem) || strcmp(name + len - sl, suffix) != 0)
			continue;
		memcpy(stem, name, len - sl);
		stem[len - sl] = '\0';
		if (printer_attr_is_job_template(stem))
			add_value(b, ippd_attr_add_string(attr, IPPD_TAG_KEYWORD, stem, (size_t)-1));
	}
}

/* The Job Template attributes other than media and finishings: defaults and supported values. */
static void build_job_template(builder_t *b, const printer_caps_t *caps)
{
	add_integer(b, IPPD_TAG_INTEGER, "copies-default", 1);
	add_range(b, "copies-supported", 1, caps->copies_max > 1 ? caps->copies_max : 1);

	if (caps->hold_until.count) {
		add_keyword(b, "job-hold-until-default", caps->hold_until.v[0]);
		add_strings(b, IPPD_TAG_KEYWORD, "job-hold-until-supported", &caps->hold_until);
	}
	add_integer(b, IPPD_TAG_INTEGER, "job-priority-default", 50);
	add_integer(b, IPPD_TAG_INTEGER, "job-priority-supported", 100);
	/* PWG 5100.7: the job keeps these as given, returns them and lets Set-Job-Attributes change them. */
	add_boolean(b, "job-account-id-supported", true);
	need(b, ippd_group_add_out_of_band(b->g, IPPD_TAG_NO_VALUE, "job-account-id-default"));
	add_boolean(b, "job-accounting-user-id-supported", true);
	need(b, ippd_group_add_out_of_band(b->g, IPPD_TAG_NO_VALUE, "job-accounting-user-id-default"));
	/* PWG 5100.11 proof-print: the job is processed once as a proof, then held for review (printer.c). */
	static const printer_strings_t proof = {3, {"media", "media-col", "proof-print-copies"}};
	add_strings(b, IPPD_TAG_KEYWORD, "proof-print-supported", &proof);
	need(b, ippd_group_add_out_of_band(b->g, IPPD_TAG_NO_VALUE, "proof-print-default"));
	if (caps->job_sheets.count) {
		add_keyword(b, "job-sheets-default", caps->job_sheets.v[0]);
		add_strings(b, IPPD_TAG_KEYWORD, "job-sheets-supported", &caps->job_sheets);
	}
	if (caps->doc_handling.count) {
		add_keyword(b, "multiple-document-handling-default", caps->doc_handling.v[0]);
		add_strings(b, IPPD_TAG_KEYWORD, "multiple-document-handling-supported", &caps->doc_handling);
	}

	add_integer(b, IPPD_TAG_INTEGER, "number-up-default", 1);
	add_integers(b, IPPD_TAG_INTEGER, "number-up-supported", &caps->number_up);
	bool up = false;
	for (size_t i = 0; i < caps->number_up.count; i++)
		up = up || caps->number_up.v[i] > 1;
	if (up) {
		add_keyword(b, "presentation-direction-number-up-default", "toright-tobottom");
		static const printer_strings_t dirs = {8,
		                                       {"tobottom-toleft", "tobottom-toright",
		                                        "toleft-tobottom", "toleft-totop", "toright-tobottom",
		                                        "toright-totop", "totop-toleft", "totop-toright"}};
		add_strings(b, IPPD_TAG_KEYWORD, "presentation-direction-number-up-supported", &dirs);
	}

	add_integer(b, IPPD_TAG_ENUM, "orientation-requested-default", caps->orientation_default);
	add_integers(b, IPPD_TAG_ENUM, "orientation-requested-supported", &caps->orientations);

	if (caps->output_bins.count) {
		add_keyword(b, "output-bin-default", caps->output_bins.v[0]);
		add_strings(b, IPPD_TAG_KEYWORD, "output-bin-supported", &caps->output_bins);
	}
	add_strings(b, IPPD_TAG_KEYWORD, "overrides-supported", &caps->overrides);
	add_boolean(b, "page-ranges-supported", caps->page_ranges);

	printer_strings_t modes = {2, {"auto", "monochrome"}};
	if (caps->color)
		modes.v[modes.count++] = "color";
	add_keyword(b, "print-color-mode-default", "auto");
	add_strings(b, IPPD_TAG_KEYWORD, "print-color-mode-supported", &modes);

	/* The PWG 5100.13 keyword attributes whose list starts with the default. */
	const struct {
		const char *stem;
		const printer_strings_t *list;
	} lists[] = {
	    {"print-content-optimize", &caps->content_optimize},
	    {"print-rendering-intent", &caps->rendering_intents},
	    {"print-scaling", &caps->scaling},
	};
	for (size_t i = 0; i < COUNT_OF(lists); i++) {
		char name[64];
		if (!lists[i].list->count)
			continue;
		snprintf(name, sizeof(name), "%s-default", lists[i].stem);
		add_keyword(b, name, lists[i].list->v[0]);
		snprintf(name, sizeof(name), "%s-supported", lists[i].stem);
		add_strings(b, IPPD_TAG_KEYWORD, name, lists[i].list);
	}

	add_integer(b, IPPD_TAG_ENUM, "print-quality-default", caps->quality_default);
	add_integers(b, IPPD_TAG_ENUM, "print-quality-supported", &caps->qualities);

	need(b, ippd_group_add_resolution(b->g, "printer-resolution-default", caps->resolution_default,
	                                  caps->resolution_default, IPPD_RES_PER_INCH));
	ippd_attr_t *res = ippd_group_add(b->g, "printer-resolution-supported");
	need(b, res);
	for (size_t i = 0; res && i < caps->n_resolutions; i++)
		add_value(b, ippd_attr_add_resolution(res, caps->resolutions[i], caps->resolutions[i],
		                                      IPPD_RES_PER_INCH));

	printer_strings_t sides = {1, {"one-sided"}};
	if (caps->duplex) {
		sides.v[sides.count++] = "two-sided-long-edge";
		sides.v[sides.count++] = "two-sided-short-edge";
	}
	add_keyword(b, "sides-default", "one-sided");
	add_strings(b, IPPD_TAG_KEYWORD, "sides-supported", &sides);
}

/* The Printer Description attributes that are not Job Template companions. */
static void build_description(builder_t *b, const printer_caps_t *caps)
{
	static const printer_strings_t charsets = {2, {"utf-8", "us-ascii"}};
	static const printer_strings_t languages = {1, {"en"}};
	bool pdf = strings_contain(&caps->formats, "application/pdf");
	bool jpeg = strings_contain(&caps->formats, "image/jpeg");

	need(b, ippd_group_add_string(b->g, IPPD_TAG_CHARSET, "charset-configured", "utf-8"));
	add_strings(b, IPPD_TAG_CHARSET, "charset-supported", &charsets);
	add_boolean(b, "color-supported", caps->color);
	add_strings(b, IPPD_TAG_KEYWORD, "compression-supported", &caps->compressions);
	need(b, ippd_group_add_string(b->g, IPPD_TAG_MIME_TYPE, "document-format-default",
	                              caps->format_default));
	add_strings(b, IPPD_TAG_MIME_TYPE, "document-format-supported", &caps->formats);
	add_strings(b, IPPD_TAG_LANGUAGE, "generated-natural-language-supported", &languages);
	add_strings(b, IPPD_TAG_KEYWORD, "identify-actions-default", &caps->identify_default);
	add_strings(b, IPPD_TAG_KEYWORD, "identify-actions-supported", &caps->identify_actions);
	add_keyword(b, "ipp-features-supported", "ipp-everywhere");
	add_strings(b, IPPD_TAG_KEYWORD, "ipp-versions-supported", &caps->ipp_versions);
	add_boolean(b, "job-ids-supported", true);
	add_range(b, "job-k-octets-supported", 0, caps->max_k_octets);
	add_keyword(b, "job-spooling-supported", "spool");
	if (jpeg) {
		add_range(b, "jpeg-k-octets-supported", 0, caps->max_k_octets);
		add_range(b, "jpeg-x-dimension-supported", 0, caps->jpeg_max_dimension);
		add_range(b, "jpeg-y-dimension-supported", 1, caps->jpeg_max_dimension);
	}
	add_boolean(b, "multiple-document-jobs-supported", caps->multiple_document_jobs);
	add_integer(b, IPPD_TAG_INTEGER, "multiple-operation-time-out", caps->multiple_operation_time_out);
	add_keyword(b, "multiple-operation-time-out-action", caps->multiple_operation_time_out_action);
	need(b, ippd_group_add_string(b->g, IPPD_TAG_LANGUAGE, "natural-language-configured", "en"));
	add_integer(b, IPPD_TAG_INTEGER, "pages-per-minute", caps->ppm);
	if (caps->color)
		add_integer(b, IPPD_TAG_INTEGER, "pages-per-minute-color", caps->ppm_color);
	if (pdf) {
		add_range(b, "pdf-k-octets-supported", 0, caps->max_k_octets);
		add_strings(b, IPPD_TAG_KEYWORD, "pdf-versions-supported", &caps->pdf_versions);
	}
	/* ippd passes documents through as they are: it does not rewrite a PDL to obey IPP attributes. */
	add_keyword(b, "pdl-override-supported", "not-attempted");
	add_boolean(b, "preferred-attributes-supported", false);
	build_device_id(b, caps);
	build_firmware(b);
	add_keyword(b, "printer-get-attributes-supported", "document-format");
	add_strings(b, IPPD_TAG_KEYWORD, "printer-kind", &caps->kinds);
	need(b, ippd_group_add_string(b->g, IPPD_TAG_TEXT, "printer-make-and-model", caps->make_and_model));
	build_supplies(b, caps);
	if (strings_contain(&caps->formats, "image/pwg-raster"))
		build_pwg_raster(b, caps);
	if (strings_contain(&caps->formats, "image/urf"))
		build_urf(b, caps);
	add_strings(b, IPPD_TAG_KEYWORD, "which-jobs-supported", &caps->which_jobs);
}

/* A default must be one of the values offered, and loaded media must be a size and source the printer has. */
static bool caps_consistent(const printer_caps_t *caps)
{
	bool media_default = false;
	if (!caps->formats.count || !caps->n_media || !caps->n_resolutions || !caps->make_and_model ||
	    !caps->multiple_operation_time_out_action || caps->n_media > PRINTER_CAPS_MEDIA ||
	    caps->n_resolutions > PRINTER_CAPS_RES || caps->n_ready > PRINTER_CAPS_READY)
		return false;
	if (!caps->format_default || !strings_contain(&caps->formats, caps->format_default))
		return false;
	for (size_t i = 0; i < caps->n_media; i++)
		media_default = media_default || (caps->media_default && caps->media[i].name &&
		                                  strcmp(caps->media[i].name, caps->media_default) == 0);
	if (!media_default)
		return false;
	for (size_t r = 0; r < caps->n_ready; r++) {
		bool known = false;
		for (size_t i = 0; i < caps->n_media; i++)
			known = known || (caps->ready[r].size && caps->media[i].name &&
			                  strcmp(caps->media[i].name, caps->ready[r].size) == 0);
		if (!known || !caps->ready[r].source ||
		    !strings_contain(&caps->media_sources, caps->ready[r].source))
			return false;
	}
	bool res_default = false;
	for (size_t i = 0; i < caps->n_resolutions; i++)
		res_default = res_default || caps->resolutions[i] == caps->resolution_default;
	return res_default && ints_contain(&caps->orientations, caps->orientation_default) &&
	       ints_contain(&caps->qualities, caps->quality_default);
}

ippd_msg_t *printer_attrs_build(const printer_caps_t *caps)
{
	if (!caps || !caps_consistent(caps))
		return NULL;
	ippd_msg_t *msg = ippd_msg_new();
	builder_t b = {msg ? ippd_msg_add_group(msg, IPPD_TAG_PRINTER) : NULL, true};
	if (!b.g)
		goto err;
	build_description(&b, caps);
	build_job_template(&b, caps);
	build_finishings(&b, caps);
	build_media(&b, caps);
	build_trays(&b, caps);
	if (b.ok)
		build_creation_attrs(&b);
	if (!b.ok)
		goto err;
	return msg;
err:
	ippd_msg_free(msg);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Job Template checks                                                */
/* ------------------------------------------------------------------ */

/* What went wrong, least serious first: the worst decides the status and the message. */
typedef enum {
	PROBLEM_NONE = 0,
	PROBLEM_UNSUPPORTED, /* -> attributes-or-values-not-supported or ignored-or-substituted */
	PROBLEM_COMPRESSION, /* -> client-error-compression-not-supported */
	PROBLEM_FORMAT,      /* -> client-error-document-format-not-supported */
	PROBLEM_BAD_REQUEST, /* -> client-error-bad-request */
	PROBLEM_NOMEM,       /* -> server-error-internal-error */
} problem_t;

typedef struct check {
	const ippd_group_t *printer;
	ippd_msg_t *resp;
	ippd_group_t *unsupported; /* in resp, created when first needed */
	problem_t worst;
	problem_t message_problem; /* the message describes the first problem of the worst kind */
	char *message;
	size_t size;
} check_t;

/* Raises the worst problem seen to `p`; the message follows the first problem of the worst kind. */
__attribute__((format(printf, 3, 4))) static void note(check_t *ck, problem_t p, const char *fmt, ...)
{
	if (p > ck->message_problem && ck->message && ck->size) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ck->message, ck->size, fmt, ap);
		va_end(ap);
		ck->message_problem = p;
	}
	if (p > ck->worst)
		ck->worst = p;
}

/* "NAME-SUFFIX" from the printer, or NULL. */
static const ippd_attr_t *printer_find(const check_t *ck, const char *name, const char *suffix)
{
	char full[300];
	int n = snprintf(full, sizeof(full), "%s%s", name, suffix);
	if (n < 0 || (size_t)n >= sizeof(full))
		return NULL;
	return ippd_group_find(ck->printer, full);
}

static bool is_string_tag(ippd_tag_t tag)
{
	return IPPD_TAG_IS_STRING(tag) || tag == IPPD_TAG_TEXT_LANG || tag == IPPD_TAG_NAME_LANG ||
	       tag == IPPD_TAG_OCTET_STRING;
}

/* True when any string value of `s` equals `v` (case-insensitively for MIME types). */
static bool string_in(const ippd_attr_t *s, const char *v, bool nocase)
{
	for (size_t i = 0; v && i < ippd_attr_count(s); i++) {
		const char *sv =
		    is_string_tag(ippd_attr_get_tag(s, i)) ? ippd_attr_get_string(s, i, NULL) : NULL;
		if (sv && (nocase ? strcasecmp(sv, v) : strcmp(sv, v)) == 0)
			return true;
	}
	return false;
}

/* A boolean -supported attribute: true when its (first) value is true. */
static bool boolean_supported(const ippd_attr_t *s)
{
	return ippd_attr_tag(s) == IPPD_TAG_BOOLEAN && ippd_attr_get_boolean(s, 0);
}

/*
 * The -supported attribute that governs `name`, or NULL when the printer
 * does not support `name` at all: none exists, or it is a boolean false
 * (page-ranges-supported, job-account-id-supported ...).
 */
static const ippd_attr_t *supported_for(const check_t *ck, const char *name)
{
	const ippd_attr_t *s = printer_find(ck, name, "-supported");
	if (s && ippd_attr_tag(s) == IPPD_TAG_BOOLEAN && !boolean_supported(s))
		return NULL;
	return s;
}

/*
 * A document-format against document-format-supported: MIME types compare
 * without regard to case, and a type with parameters ("text/plain;
 * charset=utf-8") matches its bare type.
 */
static bool format_in(const ippd_attr_t *s, const char *v)
{
	if (string_in(s, v, true))
		return true;
	const char *semi = strchr(v, ';');
	if (!semi)
		return false;
	size_t n = (size_t)(semi - v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < ippd_attr_count(s); i++) {
		size_t len = 0;
		const char *sv = ippd_attr_get_string(s, i, &len);
		if (sv && len == n && strncasecmp(sv, v, n) == 0)
			return true;
	}
	return false;
}

/* One media dimension against a media-size-supported member: a size (to rounding) or a custom range. */
static bool dimension_fits(const ippd_attr_t *d, int32_t v)
{
	int32_t lo, hi;
	if (!d)
		return false;
	if (ippd_attr_tag(d) == IPPD_TAG_INTEGER) {
		int32_t s = ippd_attr_get_integer(d, 0);
		return v >= s - 1 && v <= s + 1;
	}
	return ippd_attr_get_range(d, 0, &lo, &hi) && v >= lo && v <= hi;
}

/* A size in media-size-supported, fixed (when `custom_only` is false) or within a custom range. */
static bool size_supported(const check_t *ck, int32_t w, int32_t l, bool custom_only)
{
	const ippd_attr_t *s = ippd_group_find(ck->printer, "media-size-supported");
	for (size_t i = 0; i < ippd_attr_count(s); i++) {
		const ippd_group_t *c = ippd_attr_get_collection(s, i);
		const ippd_attr_t *x = c ? ippd_group_find(c, "x-dimension") : NULL;
		const ippd_attr_t *y = c ? ippd_group_find(c, "y-dimension") : NULL;
		if (custom_only && ippd_attr_tag(x) != IPPD_TAG_RANGE)
			continue;
		if (dimension_fits(x, w) && dimension_fits(y, l))
			return true;
	}
	return false;
}

/* A media-size collection: exactly an integer x-dimension and y-dimension that the printer supports. */
static bool media_size_ok(const check_t *ck, const ippd_group_t *size)
{
	const ippd_attr_t *x = ippd_group_find(size, "x-dimension");
	const ippd_attr_t *y = ippd_group_find(size, "y-dimension");
	if (ippd_group_count(size) != 2 || !x || !y || ippd_attr_count(x) != 1 || ippd_attr_count(y) != 1 ||
	    ippd_attr_tag(x) != IPPD_TAG_INTEGER || ippd_attr_tag(y) != IPPD_TAG_INTEGER)
		return false;
	return size_supported(ck, ippd_attr_get_integer(x, 0), ippd_attr_get_integer(y, 0), false);
}

/* A media name: listed in media-supported, or a self-describing name that fits a custom range. */
static bool media_name_ok(const check_t *ck, const char *v)
{
	int32_t w, l;
	const ippd_attr_t *s = ippd_group_find(ck->printer, "media-supported");
	if (s && string_in(s, v, false))
		return true;
	return printer_media_parse(v, &w, &l) && size_supported(ck, w, l, true);
}

static bool value_ok(const check_t *ck, const char *name, const ippd_attr_t *s, const ippd_attr_t *a,
                     size_t i);
static size_t count_unsupported(const check_t *ck, const ippd_attr_t *a, bool *whole);

/*
 * A member of a collection the printer lists in the collection's
 * -supported attribute.  media-size goes by media-size-supported and
 * media-size-name by media-supported; any other member by its own
 * -supported attribute when the printer has one, and is taken as it is
 * when the printer lists the member but no values for it.
 */
static bool member_ok(const check_t *ck, const ippd_attr_t *m)
{
	const char *name = ippd_attr_get_name(m);
	const ippd_attr_t *ms = printer_find(ck, name, "-supported");
	for (size_t i = 0; i < ippd_attr_count(m); i++) {
		ippd_tag_t tag = ippd_attr_get_tag(m, i);
		bool ok;
		if (strcmp(name, "media-size") == 0)
			ok = tag == IPPD_TAG_BEGIN_COLLECTION &&
			     media_size_ok(ck, ippd_attr_get_collection(m, i));
		else if (strcmp(name, "media-size-name") == 0)
			ok = is_string_tag(tag) && media_name_ok(ck, ippd_attr_get_string(m, i, NULL));
		else
			ok = !ms || value_ok(ck, name, ms, m, i);
		if (!ok)
			return false;
	}
	return true;
}

/* A collection value (media-col, finishings-col ...): every member listed in `s` and supported. */
static bool collection_ok(const check_t *ck, const ippd_attr_t *s, const ippd_group_t *c)
{
	if (!c)
		return false;
	for (const ippd_attr_t *m = ippd_group_first(c); m; m = ippd_attr_next(m))
		if (!string_in(s, ippd_attr_get_name(m), false) || !member_ok(ck, m))
			return false;
	return true;
}

/* Page or document ranges: each from 1 up, lower bound not above the upper. */
static bool range_ok(const ippd_attr_t *a, size_t i)
{
	int32_t lo, hi;
	return ippd_attr_get_tag(a, i) == IPPD_TAG_RANGE && ippd_attr_get_range(a, i, &lo, &hi) && lo >= 1 &&
	       lo <= hi;
}

/*
 * An overrides value (PWG 5100.6): every member named in
 * overrides-supported; the page, document and copy ranges well formed;
 * the Job Template members supported as they would be in the job group.
 */
static bool overrides_ok(const check_t *ck, const ippd_attr_t *s, const ippd_group_t *c)
{
	static const char *const ranges[] = {"pages", "document-numbers", "document-copies"};
	if (!c)
		return false;
	for (const ippd_attr_t *m = ippd_group_first(c); m; m = ippd_attr_next(m)) {
		const char *name = ippd_attr_get_name(m);
		bool is_range = false, whole = false;
		if (!string_in(s, name, false))
			return false;
		for (size_t i = 0; i < COUNT_OF(ranges); i++)
			is_range = is_range || strcmp(name, ranges[i]) == 0;
		for (size_t i = 0; is_range && i < ippd_attr_count(m); i++)
			if (!range_ok(m, i))
				return false;
		if (!is_range &&
		    (!printer_attr_is_job_template(name) || count_unsupported(ck, m, &whole) != 0))
			return false;
	}
	return true;
}

/*
 * One value of Job Template attribute `name` against its -supported
 * attribute `s` (RFC 8011 §5.2): integers and enums in the list or a
 * range, strings in the list, resolutions equal to one listed, ranges
 * inside one, collections member by member.  A boolean `s` that is true
 * admits any value.  job-priority-supported counts priority levels, so
 * every priority from 1 to 100 is supported (the printer maps it).  A
 * value of a syntax the registry does not give the attribute is never
 * supported, so that a keyword 'media-size' for media-col cannot pass as
 * one of media-col-supported's member names.
 */
static bool value_ok(const check_t *ck, const char *name, const ippd_attr_t *s, const ippd_attr_t *a,
                     size_t i)
{
	const ippd_attr_def_t *def = ippd_registry_find(name);
	ippd_tag_t tag = ippd_attr_get_tag(a, i);
	int32_t x1, y1, x2, y2, lo, hi;
	uint8_t u1, u2;

	if (IPPD_TAG_IS_OUT_OF_BAND(tag) || (def && !ippd_registry_tag_allowed(def, tag)))
		return false;
	if (strcmp(name, "job-priority") == 0)
		return tag == IPPD_TAG_INTEGER && ippd_attr_get_integer(a, i) >= 1 &&
		       ippd_attr_get_integer(a, i) <= 100;
	if (strcmp(name, "page-ranges") == 0)
		return range_ok(a, i);
	if (ippd_attr_tag(s) == IPPD_TAG_BOOLEAN)
		return boolean_supported(s) && tag != IPPD_TAG_BEGIN_COLLECTION;
	switch (tag) {
	case IPPD_TAG_INTEGER:
	case IPPD_TAG_ENUM:
		return ippd_attr_contains_integer(s, ippd_attr_get_integer(a, i));
	case IPPD_TAG_BOOLEAN:
		for (size_t k = 0; k < ippd_attr_count(s); k++)
			if (ippd_attr_get_tag(s, k) == IPPD_TAG_BOOLEAN &&
			    ippd_attr_get_boolean(s, k) == ippd_attr_get_boolean(a, i))
				return true;
		return false;
	case IPPD_TAG_RESOLUTION:
		ippd_attr_get_resolution(a, i, &x1, &y1, &u1);
		for (size_t k = 0; k < ippd_attr_count(s); k++)
			if (ippd_attr_get_resolution(s, k, &x2, &y2, &u2) && x1 == x2 && y1 == y2 && u1 == u2)
				return true;
		return false;
	case IPPD_TAG_RANGE:
		ippd_attr_get_range(a, i, &x1, &y1);
		for (size_t k = 0; k < ippd_attr_count(s); k++)
			if (ippd_attr_get_range(s, k, &lo, &hi) && x1 >= lo && y1 <= hi && x1 <= y1)
				return true;
		return false;
	case IPPD_TAG_BEGIN_COLLECTION:
		if (strcmp(name, "overrides") == 0)
			return overrides_ok(ck, s, ippd_attr_get_collection(a, i));
		return collection_ok(ck, s, ippd_attr_get_collection(a, i));
	case IPPD_TAG_DATE_TIME:
		/* job-hold-until-time and friends: any time the printer names a -supported attribute for. */
		return true;
	default:
		break;
	}
	if (!is_string_tag(tag))
		return false;
	if (strcmp(name, "media") == 0)
		return media_name_ok(ck, ippd_attr_get_string(a, i, NULL));
	return string_in(s, ippd_attr_get_string(a, i, NULL), tag == IPPD_TAG_MIME_TYPE);
}

/*
 * Value `i` of a job group attribute against `s`, its supported_for().
 * job-name has no -supported attribute: it is a Job Description attribute
 * that Set-Job-Attributes (RFC 3380) sets in the job group, and any name
 * will do.
 */
static bool job_value_ok(const check_t *ck, const ippd_attr_t *s, const ippd_attr_t *a, size_t i)
{
	const char *name = ippd_attr_get_name(a);
	ippd_tag_t tag = ippd_attr_get_tag(a, i);
	if (strcmp(name, "job-name") == 0)
		return tag == IPPD_TAG_NAME || tag == IPPD_TAG_NAME_LANG;
	return s && value_ok(ck, name, s, a, i);
}

/*
 * The number of values of `a` the printer does not support; `*whole` is
 * set, and the count is every value, when it does not support the
 * attribute at all.
 */
static size_t count_unsupported(const check_t *ck, const ippd_attr_t *a, bool *whole)
{
	const char *name = ippd_attr_get_name(a);
	const ippd_attr_t *s = supported_for(ck, name);
	size_t bad = 0;
	*whole = !s && strcmp(name, "job-name") != 0;
	if (*whole)
		return ippd_attr_count(a) ? ippd_attr_count(a) : 1;
	for (size_t i = 0; i < ippd_attr_count(a); i++)
		if (!job_value_ok(ck, s, a, i))
			bad++;
	return bad;
}

/* Appends value `i` of `src` to `dst`, whatever its syntax. */
static ippd_err_t copy_value(ippd_attr_t *dst, const ippd_attr_t *src, size_t i)
{
	ippd_tag_t tag = ippd_attr_get_tag(src, i);
	int32_t a, b;
	uint8_t units;
	size_t len = 0;
	const char *s;
	const uint8_t *raw;

	switch (tag) {
	case IPPD_TAG_INTEGER:
	case IPPD_TAG_ENUM:
		return ippd_attr_add_integer(dst, tag, ippd_attr_get_integer(src, i));
	case IPPD_TAG_BOOLEAN:
		return ippd_attr_add_boolean(dst, ippd_attr_get_boolean(src, i));
	case IPPD_TAG_RANGE:
		ippd_attr_get_range(src, i, &a, &b);
		return ippd_attr_add_range(dst, a, b);
	case IPPD_TAG_RESOLUTION:
		ippd_attr_get_resolution(src, i, &a, &b, &units);
		return ippd_attr_add_resolution(dst, a, b, units);
	case IPPD_TAG_DATE_TIME:
		return ippd_attr_add_date(dst, ippd_attr_get_date(src, i));
	case IPPD_TAG_BEGIN_COLLECTION: {
		ippd_group_t *to = ippd_attr_add_collection(dst);
		if (!to)
			return IPPD_ERR_NOMEM;
		for (const ippd_attr_t *m = ippd_group_first(ippd_attr_get_collection(src, i)); m;
		     m = ippd_attr_next(m))
			if (!ippd_group_copy_attr(to, m, NULL))
				return IPPD_ERR_NOMEM;
		return IPPD_OK;
	}
	case IPPD_TAG_TEXT_LANG:
	case IPPD_TAG_NAME_LANG:
		return ippd_attr_add_string_lang(dst, tag, ippd_attr_get_string(src, i, NULL),
		                                 ippd_attr_get_language(src, i));
	case IPPD_TAG_OCTET_STRING:
		s = ippd_attr_get_string(src, i, &len);
		return ippd_attr_add_octets(dst, s, len);
	default:
		break;
	}
	if (IPPD_TAG_IS_OUT_OF_BAND(tag))
		return ippd_attr_add_out_of_band(dst, tag);
	if (IPPD_TAG_IS_STRING(tag)) {
		s = ippd_attr_get_string(src, i, &len);
		return ippd_attr_add_string(dst, tag, s, len);
	}
	raw = ippd_attr_get_raw(src, i, &len);
	return ippd_attr_add_raw(dst, (uint8_t)tag, raw, len);
}

/* A short rendering of value `i` for status-message. */
static const char *describe_value(const ippd_attr_t *a, size_t i, char *buf, size_t size)
{
	ippd_tag_t tag = ippd_attr_get_tag(a, i);
	int32_t x, y;
	uint8_t units;
	const char *kw;

	switch (tag) {
	case IPPD_TAG_INTEGER:
		snprintf(buf, size, "%d", (int)ippd_attr_get_integer(a, i));
		break;
	case IPPD_TAG_ENUM:
		kw = ippd_enum_name(ippd_attr_get_name(a), ippd_attr_get_integer(a, i));
		if (kw)
			snprintf(buf, size, "%s", kw);
		else
			snprintf(buf, size, "%d", (int)ippd_attr_get_integer(a, i));
		break;
	case IPPD_TAG_BOOLEAN:
		snprintf(buf, size, "%s", ippd_attr_get_boolean(a, i) ? "true" : "false");
		break;
	case IPPD_TAG_RANGE:
		ippd_attr_get_range(a, i, &x, &y);
		snprintf(buf, size, "%d-%d", (int)x, (int)y);
		break;
	case IPPD_TAG_RESOLUTION:
		ippd_attr_get_resolution(a, i, &x, &y, &units);
		snprintf(buf, size, "%dx%d%s", (int)x, (int)y, units == IPPD_RES_PER_CM ? "dpcm" : "dpi");
		break;
	case IPPD_TAG_BEGIN_COLLECTION:
		snprintf(buf, size, "{...}");
		break;
	default:
		if (is_string_tag(tag) && tag != IPPD_TAG_OCTET_STRING)
			snprintf(buf, size, "%.60s", ippd_attr_get_string(a, i, NULL));
		else
			snprintf(buf, size, "(%s)", ippd_tag_name(tag) ? ippd_tag_name(tag) : "value");
		break;
	}
	return buf;
}

/* The response's unsupported group, made on first use so that a clean request leaves the response alone. */
static ippd_group_t *unsupported_group(check_t *ck)
{
	if (!ck->unsupported && ck->resp)
		ck->unsupported = ippd_msg_get_group(ck->resp, IPPD_TAG_UNSUPPORTED_GROUP);
	if (ck->resp && !ck->unsupported)
		note(ck, PROBLEM_NOMEM, "out of memory");
	return ck->unsupported;
}

/*
 * Records what the printer does not support, as RFC 8011 §4.1.7 asks: the
 * attribute with the out-of-band value 'unsupported' when the attribute
 * itself is unknown to the printer, else the attribute with just the
 * values it does not support.
 */
static void report(check_t *ck, const ippd_attr_t *a, problem_t p, bool whole, size_t bad)
{
	const char *name = ippd_attr_get_name(a);
	const ippd_attr_t *s = whole ? NULL : supported_for(ck, name);
	char v[80];

	if (whole) {
		note(ck, p, "The printer does not support the attribute '%s'.", name);
	} else {
		size_t first = 0;
		while (first < ippd_attr_count(a) && job_value_ok(ck, s, a, first))
			first++;
		note(ck, p, "The printer does not support '%s' = '%s'.", name,
		     describe_value(a, first, v, sizeof(v)));
	}
	ippd_group_t *g = unsupported_group(ck);
	if (!g)
		return;
	if (whole) {
		if (!ippd_group_add_out_of_band(g, IPPD_TAG_UNSUPPORTED_VALUE, name))
			note(ck, PROBLEM_NOMEM, "out of memory");
		return;
	}
	if (bad == ippd_attr_count(a)) {
		if (!ippd_group_copy_attr(g, a, NULL))
			note(ck, PROBLEM_NOMEM, "out of memory");
		return;
	}
	ippd_attr_t *copy = ippd_group_add(g, name);
	for (size_t i = 0; copy && i < ippd_attr_count(a); i++)
		if (!job_value_ok(ck, s, a, i) && copy_value(copy, a, i) != IPPD_OK)
			copy = NULL;
	if (!copy)
		note(ck, PROBLEM_NOMEM, "out of memory");
}

/* RFC 8011 §5.2.7: page-ranges rise and do not overlap, or the request is malformed. */
static void check_page_order(check_t *ck, const ippd_attr_t *a)
{
	int32_t prev = 0, lo, hi;
	for (size_t i = 0; i < ippd_attr_count(a); i++) {
		if (!range_ok(a, i))
			continue;
		ippd_attr_get_range(a, i, &lo, &hi);
		if (lo <= prev) {
			note(ck, PROBLEM_BAD_REQUEST,
			     "'page-ranges' must be in ascending order and must not overlap.");
			return;
		}
		prev = hi;
	}
}

/* An operation attribute with its own status (document-format, compression) against its -supported list. */
static void check_operation_attr(check_t *ck, const ippd_group_t *op, const char *name, problem_t p)
{
	const ippd_attr_t *a = op ? ippd_group_find(op, name) : NULL;
	if (!a)
		return;
	const ippd_attr_t *s = printer_find(ck, name, "-supported");
	size_t bad = 0;
	for (size_t i = 0; s && i < ippd_attr_count(a); i++) {
		const char *v =
		    is_string_tag(ippd_attr_get_tag(a, i)) ? ippd_attr_get_string(a, i, NULL) : NULL;
		bool ok = v && (p == PROBLEM_FORMAT ? format_in(s, v) : string_in(s, v, false));
		bad += ok ? 0 : 1;
	}
	if (!s)
		report(ck, a, p, true, 0);
	else if (bad)
		report(ck, a, p, false, bad);
}

uint16_t printer_check_job_template(const ippd_group_t *printer, const ippd_msg_t *req, bool fidelity,
                                    ippd_msg_t *resp, char *message, size_t size)
{
	check_t ck = {.printer = printer, .resp = resp, .message = message, .size = size};
	if (message && size)
		message[0] = '\0';
	if (!printer || !req) {
		note(&ck, PROBLEM_BAD_REQUEST, "no printer or no request");
		return IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST;
	}

	const ippd_group_t *op = ippd_msg_find_group(req, IPPD_TAG_OPERATION);
	check_operation_attr(&ck, op, "document-format", PROBLEM_FORMAT);
	check_operation_attr(&ck, op, "compression", PROBLEM_COMPRESSION);

	const ippd_group_t *job = ippd_msg_find_group(req, IPPD_TAG_JOB);
	for (const ippd_attr_t *a = job ? ippd_group_first(job) : NULL; a; a = ippd_attr_next(a)) {
		bool whole = false;
		size_t bad = count_unsupported(&ck, a, &whole);
		if (bad)
			report(&ck, a, PROBLEM_UNSUPPORTED, whole, bad);
		if (!whole && strcmp(ippd_attr_get_name(a), "page-ranges") == 0)
			check_page_order(&ck, a);
	}

	switch (ck.worst) {
	case PROBLEM_NOMEM:
		return IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR;
	case PROBLEM_BAD_REQUEST:
		return IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST;
	case PROBLEM_FORMAT:
		return IPPD_STATUS_CLIENT_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED;
	case PROBLEM_COMPRESSION:
		return IPPD_STATUS_CLIENT_ERROR_COMPRESSION_NOT_SUPPORTED;
	case PROBLEM_UNSUPPORTED:
		return fidelity ? IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED
		                : IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES;
	case PROBLEM_NONE:
		break;
	}
	return IPPD_STATUS_SUCCESSFUL_OK;
}

/* ------------------------------------------------------------------ */
/* Attribute groups                                                   */
/* ------------------------------------------------------------------ */

bool printer_attr_is_job_template(const char *name)
{
	const ippd_attr_def_t *def = name ? ippd_registry_find(name) : NULL;
	return def && (def->groups & IPPD_AG_JOB_TEMPLATE);
}

bool printer_attr_in_job_template_group(const char *name)
{
	static const char *const suffixes[] = {"-default", "-supported", "-ready"};
	size_t len = name ? strlen(name) : 0;
	for (size_t i = 0; i < COUNT_OF(suffixes); i++) {
		size_t sl = strlen(suffixes[i]);
		char stem[128];
		if (len <= sl || len - sl >= sizeof(stem) || strcmp(name + len - sl, suffixes[i]) != 0)
			continue;
		memcpy(stem, name, len - sl);
		stem[len - sl] = '\0';
		return printer_attr_is_job_template(stem);
	}
	return false;
}
