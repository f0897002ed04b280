/* Unit tests for printer capabilities: the attribute set they build and the Job Template checks. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <ippd/registry.h>
#include <ippd/validate.h>

#include "printer-attrs.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Fixtures                                                           */
/* ------------------------------------------------------------------ */

static ippd_msg_t *build_default(void)
{
	printer_caps_t caps;
	printer_caps_default(&caps);
	ippd_msg_t *m = printer_attrs_build(&caps);
	assert_non_null(m);
	return m;
}

static const ippd_group_t *printer_group(const ippd_msg_t *m)
{
	const ippd_group_t *g = ippd_msg_find_group(m, IPPD_TAG_PRINTER);
	assert_non_null(g);
	return g;
}

static const ippd_attr_t *need_attr(const ippd_group_t *g, const char *name)
{
	const ippd_attr_t *a = ippd_group_find(g, name);
	if (!a)
		fail_msg("missing attribute '%s'", name);
	return a;
}

/* A Print-Job request with the operation attributes every job creation has and an empty job group. */
static ippd_msg_t *job_request(ippd_group_t **job)
{
	ippd_msg_t *m = ippd_msg_new_request(IPPD_OP_PRINT_JOB, 7);
	ippd_group_t *op = ippd_msg_find_group(m, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_URI, "printer-uri", "ipp://localhost/ipp/print");
	ippd_group_add_string(op, IPPD_TAG_NAME, "requesting-user-name", "alice");
	ippd_group_add_string(op, IPPD_TAG_NAME, "job-name", "test");
	*job = ippd_msg_add_group(m, IPPD_TAG_JOB);
	return m;
}

/*
 * Runs the check with fidelity on and then off and expects `strict` and
 * `lenient`; returns the response of the lenient run (free it) so the
 * caller can look at the unsupported group.
 */
static ippd_msg_t *check_both(const ippd_group_t *printer, const ippd_msg_t *req, uint16_t strict,
                              uint16_t lenient)
{
	char msg[256];
	ippd_msg_t *resp = ippd_msg_new_response(req, 0);
	uint16_t got = printer_check_job_template(printer, req, true, resp, msg, sizeof(msg));
	if (got != strict)
		fail_msg("fidelity true: got %s (%s), wanted %s", ippd_status_name(got), msg,
		         ippd_status_name(strict));
	ippd_msg_free(resp);
	resp = ippd_msg_new_response(req, 0);
	got = printer_check_job_template(printer, req, false, resp, msg, sizeof(msg));
	if (got != lenient)
		fail_msg("fidelity false: got %s (%s), wanted %s", ippd_status_name(got), msg,
		         ippd_status_name(lenient));
	if (got == IPPD_STATUS_SUCCESSFUL_OK) {
		assert_string_equal(msg, "");
		assert_null(ippd_msg_find_group(resp, IPPD_TAG_UNSUPPORTED_GROUP));
	} else {
		assert_true(msg[0] != '\0');
	}
	return resp;
}

/* Expects the request to be fully supported. */
static void expect_ok(const ippd_group_t *printer, const ippd_msg_t *req)
{
	ippd_msg_free(check_both(printer, req, IPPD_STATUS_SUCCESSFUL_OK, IPPD_STATUS_SUCCESSFUL_OK));
}

/* Expects `name` to be unsupported, reported with the out-of-band value 'unsupported'. */
static void expect_unsupported_attr(const ippd_group_t *printer, const ippd_msg_t *req, const char *name)
{
	ippd_msg_t *resp =
	    check_both(printer, req, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED,
	               IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES);
	const ippd_attr_t *u = ippd_msg_find(resp, IPPD_TAG_UNSUPPORTED_GROUP, name);
	assert_non_null(u);
	assert_int_equal(ippd_attr_count(u), 1);
	assert_int_equal(ippd_attr_tag(u), IPPD_TAG_UNSUPPORTED_VALUE);
	ippd_msg_free(resp);
}

/* Expects `name` to come back in the unsupported group with `count` values, the first of tag `tag`. */
static const ippd_attr_t *expect_unsupported_values(const ippd_group_t *printer, const ippd_msg_t *req,
                                                    const char *name, size_t count, ippd_tag_t tag,
                                                    ippd_msg_t **resp)
{
	*resp = check_both(printer, req, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED,
	                   IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES);
	const ippd_attr_t *u = ippd_msg_find(*resp, IPPD_TAG_UNSUPPORTED_GROUP, name);
	assert_non_null(u);
	assert_int_equal(ippd_attr_count(u), count);
	assert_int_equal(ippd_attr_tag(u), tag);
	return u;
}

/* The simplest form: one unsupported value of `name`, the response freed. */
static void expect_unsupported_value(const ippd_group_t *printer, const ippd_msg_t *req, const char *name)
{
	const ippd_attr_t *a = ippd_group_find(ippd_msg_find_group(req, IPPD_TAG_JOB), name);
	ippd_msg_t *resp;
	expect_unsupported_values(printer, req, name, ippd_attr_count(a), ippd_attr_tag(a), &resp);
	ippd_msg_free(resp);
}

/* ------------------------------------------------------------------ */
/* The attribute set                                                  */
/* ------------------------------------------------------------------ */

/*
 * The capability-derived attributes a printer must have: RFC 8011 §5.4 and
 * PWG 5100.12 (IPP/2.0), PWG 5100.14 §5 (IPP Everywhere, with the PWG
 * 5100.13 and 5100.7 attributes it pulls in), and what CUPS ipptool's
 * ipp-1.1, ipp-2.0, ipp-everywhere and get-printer-attributes tests expect.
 */
static const char *const required[] = {
    /* RFC 8011 / IPP/1.1 */
    "charset-configured",
    "charset-supported",
    "compression-supported",
    "document-format-default",
    "document-format-supported",
    "generated-natural-language-supported",
    "ipp-versions-supported",
    "natural-language-configured",
    "pdl-override-supported",
    "color-supported",
    "pages-per-minute",
    "pages-per-minute-color",
    "printer-make-and-model",
    "multiple-document-jobs-supported",
    "multiple-operation-time-out",
    "job-k-octets-supported",
    /* Job Template companions, RFC 8011 §5.2 and PWG 5100.12 */
    "copies-default",
    "copies-supported",
    "finishings-default",
    "finishings-supported",
    "job-hold-until-default",
    "job-hold-until-supported",
    "job-priority-default",
    "job-priority-supported",
    "job-sheets-default",
    "job-sheets-supported",
    "media-default",
    "media-ready",
    "media-supported",
    "media-col-default",
    "media-col-ready",
    "media-col-supported",
    "multiple-document-handling-default",
    "multiple-document-handling-supported",
    "number-up-default",
    "number-up-supported",
    "orientation-requested-default",
    "orientation-requested-supported",
    "output-bin-default",
    "output-bin-supported",
    "overrides-supported",
    "page-ranges-supported",
    "print-quality-default",
    "print-quality-supported",
    "printer-resolution-default",
    "printer-resolution-supported",
    "sides-default",
    "sides-supported",
    /* PWG 5100.14 IPP Everywhere */
    "identify-actions-default",
    "identify-actions-supported",
    "ipp-features-supported",
    "job-creation-attributes-supported",
    "job-ids-supported",
    "jpeg-k-octets-supported",
    "jpeg-x-dimension-supported",
    "jpeg-y-dimension-supported",
    "media-bottom-margin-supported",
    "media-left-margin-supported",
    "media-right-margin-supported",
    "media-top-margin-supported",
    "media-col-database",
    "media-size-supported",
    "media-source-supported",
    "media-type-supported",
    "multiple-operation-time-out-action",
    "pdf-k-octets-supported",
    "pdf-versions-supported",
    "preferred-attributes-supported",
    "print-color-mode-default",
    "print-color-mode-supported",
    "print-content-optimize-default",
    "print-content-optimize-supported",
    "print-rendering-intent-default",
    "print-rendering-intent-supported",
    "print-scaling-default",
    "print-scaling-supported",
    "printer-device-id",
    "printer-get-attributes-supported",
    "printer-input-tray",
    "printer-kind",
    "printer-output-tray",
    "pwg-raster-document-resolution-supported",
    "pwg-raster-document-sheet-back",
    "pwg-raster-document-type-supported",
    "which-jobs-supported",
    /* AirPrint raster, as image/urf is offered */
    "urf-supported",
};

static void test_required_attributes(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	for (size_t i = 0; i < COUNT_OF(required); i++)
		need_attr(g, required[i]);
	assert_int_equal(ippd_msg_group_count(m), 1);

	/* Values ipptool checks by value. */
	assert_true(ippd_attr_contains_string(need_attr(g, "ipp-features-supported"), "ipp-everywhere"));
	assert_true(ippd_attr_contains_string(need_attr(g, "ipp-versions-supported"), "1.1"));
	assert_true(ippd_attr_contains_string(need_attr(g, "ipp-versions-supported"), "2.0"));
	assert_true(ippd_attr_contains_string(need_attr(g, "compression-supported"), "none"));
	assert_true(ippd_attr_contains_string(need_attr(g, "compression-supported"), "deflate"));
	assert_true(ippd_attr_contains_string(need_attr(g, "compression-supported"), "gzip"));
	assert_true(ippd_attr_contains_string(need_attr(g, "charset-supported"), "utf-8"));
	const char *formats[] = {"application/pdf", "image/jpeg", "image/pwg-raster",
	                         "image/urf",       "text/plain", "application/octet-stream"};
	for (size_t i = 0; i < COUNT_OF(formats); i++)
		assert_true(ippd_attr_contains_string(need_attr(g, "document-format-supported"), formats[i]));
	assert_true(ippd_attr_contains_string(need_attr(g, "overrides-supported"), "document-numbers"));
	assert_false(ippd_attr_contains_string(need_attr(g, "overrides-supported"), "document-number"));
	assert_true(ippd_attr_contains_string(need_attr(g, "overrides-supported"), "pages"));
	assert_true(
	    ippd_attr_contains_string(need_attr(g, "printer-get-attributes-supported"), "document-format"));
	assert_true(ippd_attr_contains_string(need_attr(g, "job-hold-until-supported"), "no-hold"));
	assert_true(ippd_attr_contains_string(need_attr(g, "job-sheets-supported"), "none"));
	assert_true(ippd_attr_contains_string(need_attr(g, "which-jobs-supported"), "completed"));
	assert_true(ippd_attr_contains_string(need_attr(g, "which-jobs-supported"), "not-completed"));
	assert_true(ippd_attr_contains_string(need_attr(g, "sides-supported"), "two-sided-long-edge"));
	assert_true(ippd_attr_contains_string(need_attr(g, "print-color-mode-supported"), "color"));
	assert_true(ippd_attr_contains_integer(need_attr(g, "finishings-supported"), 3));
	assert_true(ippd_attr_contains_integer(need_attr(g, "number-up-supported"), 1));
	assert_true(ippd_attr_contains_integer(need_attr(g, "copies-supported"), 2));
	assert_true(ippd_attr_get_boolean(need_attr(g, "page-ranges-supported"), 0));
	assert_true(ippd_attr_get_boolean(need_attr(g, "job-ids-supported"), 0));
	assert_true(ippd_attr_get_boolean(need_attr(g, "color-supported"), 0));
	assert_int_equal(ippd_attr_get_integer(need_attr(g, "copies-default"), 0), 1);
	int32_t prio = ippd_attr_get_integer(need_attr(g, "job-priority-supported"), 0);
	assert_true(prio >= 1 && prio <= 100);
	assert_true(ippd_attr_get_integer(need_attr(g, "multiple-operation-time-out"), 0) > 0);

	/* ipp-2.0.test wants orientation and quality defaults from the RFC 8011 values. */
	int32_t orient = ippd_attr_get_integer(need_attr(g, "orientation-requested-default"), 0);
	assert_true(orient >= 3 && orient <= 6);
	int32_t quality = ippd_attr_get_integer(need_attr(g, "print-quality-default"), 0);
	assert_true(quality >= 3 && quality <= 5);

	/* PWG raster at the resolutions offered, and the colour spaces a colour printer needs. */
	const ippd_attr_t *res = need_attr(g, "pwg-raster-document-resolution-supported");
	assert_int_equal(ippd_attr_count(res), 2);
	const ippd_attr_t *types = need_attr(g, "pwg-raster-document-type-supported");
	assert_true(ippd_attr_contains_string(types, "sgray_8"));
	assert_true(ippd_attr_contains_string(types, "srgb_8"));

	/* printer-device-id has the IEEE 1284 "KEY:value;" form with the command sets. */
	const char *id = ippd_attr_get_string(need_attr(g, "printer-device-id"), 0, NULL);
	assert_non_null(strstr(id, "MFG:ippd;"));
	assert_non_null(strstr(id, "CMD:PDF,JPEG,PWGRaster,URF,TXT;"));
	assert_int_equal(id[strlen(id) - 1], ';');

	/* job-creation-attributes-supported names the Job Template attributes the set describes. */
	const ippd_attr_t *jc = need_attr(g, "job-creation-attributes-supported");
	const char *creation[] = {"copies",    "media",          "media-col",
	                          "sides",     "print-quality",  "page-ranges",
	                          "overrides", "finishings-col", "ipp-attribute-fidelity",
	                          "job-name"};
	for (size_t i = 0; i < COUNT_OF(creation); i++)
		if (!ippd_attr_contains_string(jc, creation[i]))
			fail_msg("job-creation-attributes-supported lacks '%s'", creation[i]);
	assert_false(ippd_attr_contains_string(jc, "media-source"));
	ippd_msg_free(m);
}

/*
 * Each value against the registry: the name is known as a Printer
 * attribute, every value's tag is one of its syntaxes, several values
 * only in a 1setOf, collection members known and checked the same way.
 */
static void check_syntax(const ippd_attr_t *a, const ippd_attr_def_t *def, const char *path)
{
	if (!def)
		fail_msg("'%s' is not in the registry", path);
	if (ippd_attr_count(a) == 0)
		fail_msg("'%s' has no values", path);
	if (ippd_attr_count(a) > 1 && !def->set_of)
		fail_msg("'%s' has %zu values but is not a 1setOf", path, ippd_attr_count(a));
	for (size_t i = 0; i < ippd_attr_count(a); i++) {
		ippd_tag_t tag = ippd_attr_get_tag(a, i);
		if (!ippd_registry_tag_allowed(def, tag))
			fail_msg("'%s' value %zu has tag %s, not allowed", path, i, ippd_tag_name(tag));
		if (tag != IPPD_TAG_BEGIN_COLLECTION)
			continue;
		for (const ippd_attr_t *m = ippd_group_first(ippd_attr_get_collection(a, i)); m;
		     m = ippd_attr_next(m)) {
			char sub[256];
			snprintf(sub, sizeof(sub), "%s.%s", path, ippd_attr_get_name(m));
			check_syntax(m, ippd_registry_find_member(def, ippd_attr_get_name(m)), sub);
		}
	}
}

static void test_registry_syntax(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	size_t n = 0;
	for (const ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a), n++) {
		const ippd_attr_def_t *def = ippd_registry_find(ippd_attr_get_name(a));
		check_syntax(a, def, ippd_attr_get_name(a));
		if (!(def->groups & (IPPD_AG_PRINTER_DESCRIPTION | IPPD_AG_PRINTER_STATUS)))
			fail_msg("'%s' is not a Printer attribute", ippd_attr_get_name(a));
		for (const ippd_attr_t *b = ippd_attr_next(a); b; b = ippd_attr_next(b))
			if (strcmp(ippd_attr_get_name(a), ippd_attr_get_name(b)) == 0)
				fail_msg("'%s' appears twice", ippd_attr_get_name(a));
	}
	assert_true(n >= COUNT_OF(required));

	/*
	 * The shared validator also checks lengths, ranges, enums and keyword
	 * spelling.  Two attributes use values outside RFC 8011's keyword
	 * spelling by definition and stay out of this pass: ipp-versions-
	 * supported ("1.1", "2.0" start with a digit) and urf-supported
	 * (Apple's upper-case values).
	 */
	ippd_msg_t *req = ippd_msg_new_request(IPPD_OP_GET_PRINTER_ATTRIBUTES, 1);
	ippd_group_t *copy = ippd_msg_add_group(req, IPPD_TAG_PRINTER);
	for (const ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a))
		if (strcmp(ippd_attr_get_name(a), "ipp-versions-supported") != 0 &&
		    strcmp(ippd_attr_get_name(a), "urf-supported") != 0)
			assert_non_null(ippd_group_copy_attr(copy, a, NULL));
	char msg[256];
	uint16_t status = ippd_request_validate(req, NULL, NULL, msg, sizeof(msg));
	if (status != IPPD_STATUS_SUCCESSFUL_OK)
		fail_msg("validator: %s: %s", ippd_status_name(status), msg);
	ippd_msg_free(req);
	ippd_msg_free(m);
}

/* A media-col value with a media-size of two dimensions and all four margins. */
static void check_media_col(const ippd_group_t *c, bool allow_ranges)
{
	const char *margins[] = {"media-bottom-margin", "media-left-margin", "media-right-margin",
	                         "media-top-margin"};
	for (size_t i = 0; i < COUNT_OF(margins); i++) {
		const ippd_attr_t *a = need_attr(c, margins[i]);
		assert_int_equal(ippd_attr_tag(a), IPPD_TAG_INTEGER);
		assert_true(ippd_attr_get_integer(a, 0) >= 0);
	}
	const ippd_attr_t *size = need_attr(c, "media-size");
	const ippd_group_t *sc = ippd_attr_get_collection(size, 0);
	assert_non_null(sc);
	assert_int_equal(ippd_group_count(sc), 2);
	const char *dims[] = {"x-dimension", "y-dimension"};
	for (size_t i = 0; i < 2; i++) {
		const ippd_attr_t *d = need_attr(sc, dims[i]);
		if (ippd_attr_tag(d) == IPPD_TAG_INTEGER)
			assert_true(ippd_attr_get_integer(d, 0) > 0);
		else
			assert_true(allow_ranges && ippd_attr_tag(d) == IPPD_TAG_RANGE);
	}
}

static void test_media_col_database(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	const ippd_attr_t *db = need_attr(g, "media-col-database");
	const ippd_attr_t *sizes = need_attr(g, "media-size-supported");
	printer_caps_t caps;
	printer_caps_default(&caps);

	/* One entry per size, one more per borderless size, one for the custom range. */
	size_t borderless = 0;
	for (size_t i = 0; i < caps.n_media; i++)
		borderless += caps.media[i].borderless;
	assert_int_equal(ippd_attr_count(db), caps.n_media + borderless + 1);
	assert_int_equal(ippd_attr_count(sizes), caps.n_media + 1);

	size_t zero = 0, ranges = 0;
	for (size_t i = 0; i < ippd_attr_count(db); i++) {
		const ippd_group_t *c = ippd_attr_get_collection(db, i);
		check_media_col(c, true);
		zero += ippd_attr_get_integer(need_attr(c, "media-top-margin"), 0) == 0;
		const ippd_group_t *sc = ippd_attr_get_collection(need_attr(c, "media-size"), 0);
		ranges += ippd_attr_tag(need_attr(sc, "x-dimension")) == IPPD_TAG_RANGE;
	}
	assert_int_equal(zero, borderless);
	assert_int_equal(ranges, 1);

	/* Every margin a database entry uses is in the matching -supported attribute. */
	const char *margins[] = {"media-bottom-margin", "media-left-margin", "media-right-margin",
	                         "media-top-margin"};
	for (size_t k = 0; k < COUNT_OF(margins); k++) {
		char name[64];
		snprintf(name, sizeof(name), "%s-supported", margins[k]);
		const ippd_attr_t *sup = need_attr(g, name);
		for (size_t i = 0; i < ippd_attr_count(db); i++) {
			const ippd_group_t *c = ippd_attr_get_collection(db, i);
			assert_true(ippd_attr_contains_integer(
			    sup, ippd_attr_get_integer(need_attr(c, margins[k]), 0)));
		}
	}

	/* The default and the ready media are complete media-col values with fixed sizes. */
	check_media_col(ippd_attr_get_collection(need_attr(g, "media-col-default"), 0), false);
	const ippd_attr_t *ready = need_attr(g, "media-col-ready");
	assert_int_equal(ippd_attr_count(ready), ippd_attr_count(need_attr(g, "media-ready")));
	for (size_t i = 0; i < ippd_attr_count(ready); i++) {
		const ippd_group_t *c = ippd_attr_get_collection(ready, i);
		check_media_col(c, false);
		need_attr(c, "media-source");
		need_attr(c, "media-type");
	}
	assert_string_equal(
	    ippd_attr_get_string(need_attr(ippd_attr_get_collection(ready, 0), "media-source"), 0, NULL),
	    "main");
	ippd_msg_free(m);
}

/* True when `s` has the shape of a PWG 5101.1 self-describing name: class_name_WxHunit. */
static bool pwg_name(const char *s)
{
	int32_t w, l;
	const char *first = strchr(s, '_');
	return first && first != s && printer_media_parse(s, &w, &l);
}

static void test_media_names(void **state)
{
	(void)state;
	int32_t w = 0, l = 0;
	assert_true(printer_media_parse("na_letter_8.5x11in", &w, &l));
	assert_int_equal(w, 21590);
	assert_int_equal(l, 27940);
	assert_true(printer_media_parse("iso_a4_210x297mm", &w, &l));
	assert_int_equal(w, 21000);
	assert_int_equal(l, 29700);
	assert_true(printer_media_parse("na_number-10_4.125x9.5in", &w, &l));
	assert_int_equal(w, 10478);
	assert_int_equal(l, 24130);
	assert_true(printer_media_parse("custom_min_76.2x127mm", &w, &l));
	assert_int_equal(w, 7620);
	assert_int_equal(l, 12700);
	assert_true(printer_media_parse("om_small-photo_100x150mm", NULL, NULL));

	const char *bad[] = {"",
	                     "letter",
	                     "iso-a4",
	                     "a4_210x297mm",
	                     "iso_a4_210x297",
	                     "iso_a4_210x297cm",
	                     "iso_a4_x297mm",
	                     "iso_a4_210xmm",
	                     "iso_a4_0x297mm",
	                     "iso_a4_210.x297mm",
	                     "iso_a4_210x297mmx",
	                     "na_x_99999999999x1in"};
	for (size_t i = 0; i < COUNT_OF(bad); i++)
		if (printer_media_parse(bad[i], &w, &l))
			fail_msg("'%s' parsed", bad[i]);
	assert_false(printer_media_parse(NULL, &w, &l));

	/* ipp-2.0.test wants every media-supported and media-ready value to be a self-describing name. */
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	const char *lists[] = {"media-supported", "media-ready", "media-default"};
	for (size_t k = 0; k < COUNT_OF(lists); k++) {
		const ippd_attr_t *a = need_attr(g, lists[k]);
		for (size_t i = 0; i < ippd_attr_count(a); i++)
			if (!pwg_name(ippd_attr_get_string(a, i, NULL)))
				fail_msg("%s value '%s' is not a PWG self-describing name", lists[k],
				         ippd_attr_get_string(a, i, NULL));
	}
	const ippd_attr_t *sup = need_attr(g, "media-supported");
	assert_true(ippd_attr_contains_string(sup, "custom_min_3x5in"));
	assert_true(ippd_attr_contains_string(sup, "custom_max_8.5x14in"));
	assert_true(ippd_attr_contains_string(sup, "iso_a4_210x297mm"));
	assert_true(ippd_attr_contains_string(sup, "na_letter_8.5x11in"));
	assert_true(ippd_attr_contains_string(sup, "na_index-4x6_4x6in"));
	ippd_msg_free(m);
}

/* True when value `i` of `d` is among the values of `s`, for the syntaxes defaults use. */
static bool value_in(const ippd_attr_t *d, size_t i, const ippd_attr_t *s)
{
	int32_t x1, y1, x2, y2;
	uint8_t u1, u2;
	switch (ippd_attr_get_tag(d, i)) {
	case IPPD_TAG_INTEGER:
	case IPPD_TAG_ENUM:
		return ippd_attr_contains_integer(s, ippd_attr_get_integer(d, i));
	case IPPD_TAG_RESOLUTION:
		ippd_attr_get_resolution(d, i, &x1, &y1, &u1);
		for (size_t k = 0; k < ippd_attr_count(s); k++)
			if (ippd_attr_get_resolution(s, k, &x2, &y2, &u2) && x1 == x2 && y1 == y2 && u1 == u2)
				return true;
		return false;
	case IPPD_TAG_BEGIN_COLLECTION:
		/* A collection default's members are the ones -supported lists. */
		for (const ippd_attr_t *m = ippd_group_first(ippd_attr_get_collection(d, i)); m;
		     m = ippd_attr_next(m))
			if (!ippd_attr_contains_string(s, ippd_attr_get_name(m)))
				return false;
		return true;
	default:
		return ippd_attr_contains_string(s, ippd_attr_get_string(d, i, NULL));
	}
}

static void test_defaults_in_supported(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	size_t pairs = 0;

	/* Every x-default and x-ready against x-supported (x-ready of media against media-supported). */
	for (const ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
		const char *name = ippd_attr_get_name(a);
		size_t len = strlen(name);
		size_t cut = len > 8 && strcmp(name + len - 8, "-default") == 0 ? 8
		             : len > 6 && strcmp(name + len - 6, "-ready") == 0 ? 6
		                                                                : 0;
		if (!cut || strcmp(name, "job-priority-default") == 0)
			continue;
		/* A default of no-value ("none given", as job-account-id-default) names no value to look up. */
		if (ippd_attr_get_tag(a, 0) == IPPD_TAG_NO_VALUE)
			continue;
		char sup[128];
		snprintf(sup, sizeof(sup), "%.*s-supported", (int)(len - cut), name);
		const ippd_attr_t *s = ippd_group_find(g, sup);
		if (!s)
			fail_msg("'%s' has no '%s'", name, sup);
		for (size_t i = 0; i < ippd_attr_count(a); i++)
			if (!value_in(a, i, s))
				fail_msg("'%s' value %zu is not in '%s'", name, i, sup);
		pairs++;
	}
	assert_true(pairs >= 22);
	int32_t prio = ippd_attr_get_integer(need_attr(g, "job-priority-default"), 0);
	assert_true(prio >= 1 && prio <= 100);

	/* And through the checker: a job asking for every default (and each ready medium) is fully supported.
	 */
	ippd_group_t *job;
	ippd_msg_t *req = job_request(&job);
	for (const ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
		const char *name = ippd_attr_get_name(a);
		size_t len = strlen(name);
		if (len <= 8 || strcmp(name + len - 8, "-default") != 0)
			continue;
		char stem[128];
		snprintf(stem, sizeof(stem), "%.*s", (int)(len - 8), name);
		/* A no-value default means the client supplies none: nothing to send. */
		if (printer_attr_is_job_template(stem) && ippd_attr_get_tag(a, 0) != IPPD_TAG_NO_VALUE)
			assert_non_null(ippd_group_copy_attr(job, a, stem));
	}
	assert_true(ippd_group_count(job) >= 15);
	expect_ok(g, req);
	ippd_msg_free(req);

	const ippd_attr_t *ready = need_attr(g, "media-col-ready");
	for (size_t i = 0; i < ippd_attr_count(ready); i++) {
		req = job_request(&job);
		ippd_group_t *c = ippd_group_add_collection(job, "media-col");
		for (const ippd_attr_t *mm = ippd_group_first(ippd_attr_get_collection(ready, i)); mm;
		     mm = ippd_attr_next(mm))
			ippd_group_copy_attr(c, mm, NULL);
		expect_ok(g, req);
		ippd_msg_free(req);
	}
	ippd_msg_free(m);
}

/* A monochrome simplex printer: the colour and duplex values go, and so does pages-per-minute-color. */
static void test_mono_simplex(void **state)
{
	(void)state;
	printer_caps_t caps;
	printer_caps_default(&caps);
	caps.color = false;
	caps.duplex = false;
	ippd_msg_t *m = printer_attrs_build(&caps);
	assert_non_null(m);
	const ippd_group_t *g = printer_group(m);
	assert_false(ippd_attr_get_boolean(need_attr(g, "color-supported"), 0));
	assert_null(ippd_group_find(g, "pages-per-minute-color"));
	assert_int_equal(ippd_attr_count(need_attr(g, "sides-supported")), 1);
	assert_false(ippd_attr_contains_string(need_attr(g, "print-color-mode-supported"), "color"));
	assert_false(ippd_attr_contains_string(need_attr(g, "pwg-raster-document-type-supported"), "srgb_8"));
	assert_false(ippd_attr_contains_string(need_attr(g, "urf-supported"), "SRGB24"));
	assert_false(ippd_attr_contains_string(need_attr(g, "urf-supported"), "DM1"));
	assert_true(ippd_attr_contains_string(need_attr(g, "urf-supported"), "RS300-600"));

	/* ... and a job asking for colour or duplex there gets those values back as unsupported. */
	ippd_group_t *job;
	ippd_msg_t *req = job_request(&job);
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "print-color-mode", "color");
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "sides", "two-sided-long-edge");
	ippd_msg_t *resp;
	const ippd_attr_t *u =
	    expect_unsupported_values(g, req, "print-color-mode", 1, IPPD_TAG_KEYWORD, &resp);
	assert_string_equal(ippd_attr_get_string(u, 0, NULL), "color");
	u = ippd_msg_find(resp, IPPD_TAG_UNSUPPORTED_GROUP, "sides");
	assert_non_null(u);
	assert_string_equal(ippd_attr_get_string(u, 0, NULL), "two-sided-long-edge");
	ippd_msg_free(resp);
	ippd_msg_free(req);
	ippd_msg_free(m);
}

/*
 * printer-supply and -description (PWG 5100.13) pair up value for value: four virtual inks for
 * colour, black alone for monochrome, each a Printer MIB key=value list at 100 percent.  The
 * firmware attributes carry ippd's version, in binary as one octet per number.
 */
static void test_supplies_and_firmware(void **state)
{
	(void)state;
	static const char *const colorants[] = {"black", "cyan", "magenta", "yellow"};
	for (int color = 0; color <= 1; color++) {
		printer_caps_t caps;
		printer_caps_default(&caps);
		caps.color = color;
		ippd_msg_t *m = printer_attrs_build(&caps);
		assert_non_null(m);
		const ippd_group_t *g = printer_group(m);
		const ippd_attr_t *supply = need_attr(g, "printer-supply");
		const ippd_attr_t *desc = need_attr(g, "printer-supply-description");
		assert_int_equal(ippd_attr_count(supply), color ? 4 : 1);
		assert_int_equal(ippd_attr_count(desc), ippd_attr_count(supply));
		for (size_t i = 0; i < ippd_attr_count(supply); i++) {
			char want[64];
			size_t len;
			const char *v = ippd_attr_get_string(supply, i, &len);
			assert_int_equal(ippd_attr_get_tag(supply, i), IPPD_TAG_OCTET_STRING);
			assert_int_equal(len, strlen(v));
			snprintf(want, sizeof(want), "index=%zu;", i + 1);
			assert_int_equal(strncmp(v, want, strlen(want)), 0);
			snprintf(want, sizeof(want), ";colorantname=%s;", colorants[i]);
			assert_non_null(strstr(v, want));
			assert_non_null(strstr(v, ";level=100;"));
			assert_non_null(strstr(v, ";unit=percent;maxcapacity=100;"));
			assert_non_null(strstr(ippd_attr_get_string(desc, i, NULL), "virtual"));
		}
		ippd_msg_free(m);
	}

	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	assert_string_equal(ippd_attr_get_string(need_attr(g, "printer-firmware-name"), 0, NULL), "ippd");
	assert_string_equal(ippd_attr_get_string(need_attr(g, "printer-firmware-string-version"), 0, NULL),
	                    IPPD_VERSION);
	size_t len;
	const uint8_t *bin = (const uint8_t *)ippd_attr_get_string(need_attr(g, "printer-firmware-version"), 0, &len);
	char text[64] = "";
	for (size_t i = 0; i < len; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%u", i ? "." : "", bin[i]);
	assert_string_equal(text, IPPD_VERSION);
	assert_non_null(need_attr(g, "printer-firmware-patches"));
	ippd_msg_free(m);
}

static void test_build_refuses_empty(void **state)
{
	(void)state;
	printer_caps_t caps;
	printer_caps_default(&caps);
	caps.formats.count = 0;
	assert_null(printer_attrs_build(&caps));
	printer_caps_default(&caps);
	caps.media[0].name = "letter";
	assert_null(printer_attrs_build(&caps));
	printer_caps_default(&caps);
	caps.media_default = "iso_a3_297x420mm";
	assert_null(printer_attrs_build(&caps));
	printer_caps_default(&caps);
	caps.ready[0].source = "tray-7";
	assert_null(printer_attrs_build(&caps));
	printer_caps_default(&caps);
	caps.quality_default = 2;
	assert_null(printer_attrs_build(&caps));
	assert_null(printer_attrs_build(NULL));
	printer_caps_default(NULL);
}

static void test_groups(void **state)
{
	(void)state;
	assert_true(printer_attr_is_job_template("copies"));
	assert_true(printer_attr_is_job_template("media-col"));
	assert_true(printer_attr_is_job_template("page-ranges"));
	assert_false(printer_attr_is_job_template("job-name"));
	assert_false(printer_attr_is_job_template("no-such-attribute"));
	assert_false(printer_attr_is_job_template(NULL));

	assert_true(printer_attr_in_job_template_group("copies-default"));
	assert_true(printer_attr_in_job_template_group("copies-supported"));
	assert_true(printer_attr_in_job_template_group("media-ready"));
	assert_true(printer_attr_in_job_template_group("media-col-ready"));
	assert_true(printer_attr_in_job_template_group("page-ranges-supported"));
	assert_true(printer_attr_in_job_template_group("job-priority-supported"));
	assert_false(printer_attr_in_job_template_group("media-col-database"));
	assert_false(printer_attr_in_job_template_group("media-source-supported"));
	assert_false(printer_attr_in_job_template_group("document-format-supported"));
	assert_false(printer_attr_in_job_template_group("printer-make-and-model"));
	assert_false(printer_attr_in_job_template_group("-supported"));
	assert_false(printer_attr_in_job_template_group(NULL));
}

/* ------------------------------------------------------------------ */
/* Job Template checks                                                */
/* ------------------------------------------------------------------ */

static void test_check_everything_supported(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	ippd_group_t *job;
	ippd_msg_t *req = job_request(&job);
	ippd_group_t *op = ippd_msg_find_group(req, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_MIME_TYPE, "document-format", "Application/PDF");
	ippd_group_add_string(op, IPPD_TAG_KEYWORD, "compression", "gzip");
	ippd_group_add_integer(job, IPPD_TAG_INTEGER, "copies", 999);
	ippd_group_add_integers(job, IPPD_TAG_ENUM, "finishings", 1, (int32_t[]){3});
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "job-hold-until", "indefinite");
	ippd_group_add_integer(job, IPPD_TAG_INTEGER, "job-priority", 100);
	ippd_group_add_string(job, IPPD_TAG_NAME, "job-sheets", "none");
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "media", "na_index-4x6_4x6in");
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "multiple-document-handling",
	                      "separate-documents-uncollated-copies");
	ippd_group_add_integer(job, IPPD_TAG_INTEGER, "number-up", 1);
	ippd_group_add_integer(job, IPPD_TAG_ENUM, "orientation-requested", 7);
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "output-bin", "face-down");
	ippd_attr_t *pr = ippd_group_add_range(job, "page-ranges", 1, 3);
	ippd_attr_add_range(pr, 5, 5);
	ippd_attr_add_range(pr, 9, 12);
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "print-color-mode", "monochrome");
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "print-content-optimize", "photo");
	ippd_group_add_integer(job, IPPD_TAG_ENUM, "print-quality", 5);
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "print-rendering-intent", "perceptual");
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "print-scaling", "none");
	ippd_group_add_resolution(job, "printer-resolution", 300, 300, IPPD_RES_PER_INCH);
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "sides", "two-sided-short-edge");
	ippd_group_t *fc = ippd_group_add_collection(job, "finishings-col");
	ippd_group_add_string(fc, IPPD_TAG_KEYWORD, "finishing-template", "none");
	expect_ok(g, req);
	ippd_msg_free(req);
	ippd_msg_free(m);
}

/* ipptool's print-job-media-col.test: 4x6 borderless through media-col, with best quality. */
static void test_check_media_col(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	ippd_group_t *job;
	ippd_msg_t *req = job_request(&job);
	ippd_group_t *mc = ippd_group_add_collection(job, "media-col");
	ippd_group_t *size = ippd_group_add_collection(mc, "media-size");
	ippd_group_add_integer(size, IPPD_TAG_INTEGER, "x-dimension", 10160);
	ippd_group_add_integer(size, IPPD_TAG_INTEGER, "y-dimension", 15240);
	ippd_group_add_integer(mc, IPPD_TAG_INTEGER, "media-left-margin", 0);
	ippd_group_add_integer(mc, IPPD_TAG_INTEGER, "media-right-margin", 0);
	ippd_group_add_integer(mc, IPPD_TAG_INTEGER, "media-top-margin", 0);
	ippd_group_add_integer(mc, IPPD_TAG_INTEGER, "media-bottom-margin", 0);
	ippd_group_add_integer(job, IPPD_TAG_ENUM, "print-quality", 5);
	expect_ok(g, req);
	ippd_msg_free(req);

	/* print-job-manual.test: Letter from the manual feed, by size, source and name. */
	req = job_request(&job);
	mc = ippd_group_add_collection(job, "media-col");
	ippd_group_add_string(mc, IPPD_TAG_KEYWORD, "media-source", "manual");
	ippd_group_add_string(mc, IPPD_TAG_KEYWORD, "media-size-name", "na_letter_8.5x11in");
	size = ippd_group_add_collection(mc, "media-size");
	ippd_group_add_integer(size, IPPD_TAG_INTEGER, "x-dimension", 21590);
	ippd_group_add_integer(size, IPPD_TAG_INTEGER, "y-dimension", 27940);
	ippd_group_add_string(mc, IPPD_TAG_KEYWORD, "media-type", "photographic-glossy");
	expect_ok(g, req);
	ippd_msg_free(req);

	/* A custom size inside the custom range, and #10 given one hundredth of a millimetre short. */
	const int32_t fine[][2] = {{10000, 20000}, {7620, 12700}, {21590, 35560}, {10477, 24130}};
	for (size_t i = 0; i < COUNT_OF(fine); i++) {
		req = job_request(&job);
		mc = ippd_group_add_collection(job, "media-col");
		size = ippd_group_add_collection(mc, "media-size");
		ippd_group_add_integer(size, IPPD_TAG_INTEGER, "x-dimension", fine[i][0]);
		ippd_group_add_integer(size, IPPD_TAG_INTEGER, "y-dimension", fine[i][1]);
		expect_ok(g, req);
		ippd_msg_free(req);
	}
	ippd_msg_free(m);
}

/* media-col values the printer cannot honour come back whole in the unsupported group. */
static void test_check_media_col_unsupported(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	for (int kase = 0; kase < 8; kase++) {
		ippd_group_t *job;
		ippd_msg_t *req = job_request(&job);
		ippd_group_t *mc = ippd_group_add_collection(job, "media-col");
		ippd_group_t *size = ippd_group_add_collection(mc, "media-size");
		ippd_group_add_integer(size, IPPD_TAG_INTEGER, "x-dimension", kase == 0 ? 50000 : 21000);
		ippd_group_add_integer(size, IPPD_TAG_INTEGER, "y-dimension", kase == 1 ? 7000 : 29700);
		switch (kase) {
		case 2:
			ippd_group_add_string(mc, IPPD_TAG_KEYWORD, "media-source", "tray-9");
			break;
		case 3:
			ippd_group_add_string(mc, IPPD_TAG_KEYWORD, "media-type", "transparency");
			break;
		case 4:
			ippd_group_add_integer(mc, IPPD_TAG_INTEGER, "media-top-margin", 100);
			break;
		case 5:
			ippd_group_add_string(mc, IPPD_TAG_KEYWORD, "media-key", "plain-a4");
			break;
		case 6:
			ippd_group_add_string(mc, IPPD_TAG_KEYWORD, "media-size-name", "iso_a0_841x1189mm");
			break;
		case 7:
			ippd_group_add_integer(size, IPPD_TAG_INTEGER, "z-dimension", 1);
			break;
		}
		ippd_msg_t *resp;
		const ippd_attr_t *u =
		    expect_unsupported_values(g, req, "media-col", 1, IPPD_TAG_BEGIN_COLLECTION, &resp);
		assert_non_null(ippd_group_find(ippd_attr_get_collection(u, 0), "media-size"));
		ippd_msg_free(resp);
		ippd_msg_free(req);
	}
	ippd_msg_free(m);
}

/* An attribute the printer has no -supported value for is returned with the out-of-band 'unsupported'. */
static void test_check_unknown_attribute(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	const char *names[] = {"x-unknown-thing", "job-delay-output-until", "feed-orientation", "printer-name"};
	for (size_t i = 0; i < COUNT_OF(names); i++) {
		ippd_group_t *job;
		ippd_msg_t *req = job_request(&job);
		ippd_group_add_integer(job, IPPD_TAG_INTEGER, "copies", 1);
		ippd_group_add_string(job, IPPD_TAG_NAME, names[i], "x");
		expect_unsupported_attr(g, req, names[i]);
		ippd_msg_free(req);
	}

	/* job-name, which Set-Job-Attributes sets in the job group, takes any name but only a name. */
	ippd_group_t *jn;
	ippd_msg_t *named = job_request(&jn);
	ippd_group_add_string(jn, IPPD_TAG_NAME, "job-name", "renamed");
	expect_ok(g, named);
	ippd_msg_free(named);
	named = job_request(&jn);
	ippd_group_add_string(jn, IPPD_TAG_KEYWORD, "job-name", "renamed");
	expect_unsupported_value(g, named, "job-name");
	ippd_msg_free(named);

	/* page-ranges where page-ranges-supported is false is unsupported as a whole. */
	printer_caps_t caps;
	printer_caps_default(&caps);
	caps.page_ranges = false;
	ippd_msg_t *m2 = printer_attrs_build(&caps);
	ippd_group_t *job;
	ippd_msg_t *req = job_request(&job);
	ippd_group_add_range(job, "page-ranges", 1, 2);
	expect_unsupported_attr(printer_group(m2), req, "page-ranges");
	ippd_msg_free(req);
	ippd_msg_free(m2);
	ippd_msg_free(m);
}

/* Keyword, enum, integer and resolution values outside the -supported lists. */
static void test_check_unsupported_values(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	for (int kase = 0; kase < 18; kase++) {
		ippd_group_t *job;
		ippd_msg_t *req = job_request(&job);
		const char *name = NULL;
		ippd_group_t *c;
		switch (kase) {
		case 0:
			ippd_group_add_integer(job, IPPD_TAG_INTEGER, name = "copies", 1000);
			break;
		case 1:
			ippd_group_add_string(job, IPPD_TAG_KEYWORD, name = "copies", "two");
			break;
		case 2:
			ippd_group_add_string(job, IPPD_TAG_KEYWORD, name = "sides", "two-sided-sideways");
			break;
		case 3:
			ippd_group_add_integer(job, IPPD_TAG_ENUM, name = "print-quality", 6);
			break;
		case 4:
			ippd_group_add_resolution(job, name = "printer-resolution", 1200, 1200,
			                          IPPD_RES_PER_INCH);
			break;
		case 5:
			ippd_group_add_resolution(job, name = "printer-resolution", 600, 600,
			                          IPPD_RES_PER_CM);
			break;
		case 6:
			ippd_group_add_string(job, IPPD_TAG_KEYWORD, name = "media", "iso_a0_841x1189mm");
			break;
		case 7:
			ippd_group_add_string(job, IPPD_TAG_KEYWORD, name = "media", "custom_big_20x30in");
			break;
		case 8:
			ippd_group_add_string(job, IPPD_TAG_KEYWORD, name = "media", "a4");
			break;
		case 9:
			ippd_group_add_string(job, IPPD_TAG_KEYWORD, name = "job-hold-until", "weekend");
			break;
		case 10:
			ippd_group_add_string(job, IPPD_TAG_KEYWORD, name = "job-sheets", "standard");
			break;
		case 11:
			ippd_group_add_integer(job, IPPD_TAG_INTEGER, name = "number-up", 2);
			break;
		case 12:
			ippd_group_add_integer(job, IPPD_TAG_INTEGER, name = "job-priority", 101);
			break;
		case 13:
			ippd_group_add_string(job, IPPD_TAG_KEYWORD, name = "output-bin", "face-up");
			break;
		case 14:
			ippd_group_add_string(job, IPPD_TAG_KEYWORD, name = "multiple-document-handling",
			                      "single-document-new-sheet");
			break;
		case 15:
			ippd_group_add_out_of_band(job, IPPD_TAG_NO_VALUE, name = "print-scaling");
			break;
		case 16:
			/* A keyword that happens to be a member name is not a media-col. */
			ippd_group_add_string(job, IPPD_TAG_KEYWORD, name = "media-col", "media-size");
			break;
		case 17:
			/* Nor is a collection whose member is named like a supported value a sides value. */
			c = ippd_group_add_collection(job, name = "sides");
			ippd_group_add_boolean(c, "one-sided", true);
			break;
		}
		expect_unsupported_value(g, req, name);
		ippd_msg_free(req);
	}
	ippd_msg_free(m);
}

/* A custom media name inside the custom range is supported though media-supported does not list it. */
static void test_check_custom_media_name(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	const char *names[] = {"custom_card_4x7in", "na_foolscap_8.5x13in", "custom_min_3x5in",
	                       "custom_max_8.5x14in"};
	for (size_t i = 0; i < COUNT_OF(names); i++) {
		ippd_group_t *job;
		ippd_msg_t *req = job_request(&job);
		ippd_group_add_string(job, IPPD_TAG_KEYWORD, "media", names[i]);
		expect_ok(g, req);
		ippd_msg_free(req);
	}
	ippd_msg_free(m);
}

/* Of a 1setOf, only the values the printer does not support are returned. */
static void test_check_partial_set(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	ippd_group_t *job;
	ippd_msg_t *req = job_request(&job);
	ippd_group_add_integers(job, IPPD_TAG_ENUM, "finishings", 3, (int32_t[]){3, 4, 20});
	ippd_msg_t *resp;
	const ippd_attr_t *u = expect_unsupported_values(g, req, "finishings", 2, IPPD_TAG_ENUM, &resp);
	assert_int_equal(ippd_attr_get_integer(u, 0), 4);
	assert_int_equal(ippd_attr_get_integer(u, 1), 20);
	ippd_msg_free(resp);

	/* Everything else still checks: a good copies next to it is not reported. */
	ippd_group_add_integer(job, IPPD_TAG_INTEGER, "copies", 3);
	resp = check_both(g, req, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED,
	                  IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES);
	assert_int_equal(ippd_group_count(ippd_msg_find_group(resp, IPPD_TAG_UNSUPPORTED_GROUP)), 1);
	ippd_msg_free(resp);
	ippd_msg_free(req);
	ippd_msg_free(m);
}

/* page-ranges: each range from 1 up and rising; out of order or overlapping is a bad request. */
static void test_check_page_ranges(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	ippd_group_t *job;

	ippd_msg_t *req = job_request(&job);
	ippd_attr_t *pr = ippd_group_add_range(job, "page-ranges", 3, 1);
	ippd_attr_add_range(pr, 4, 6);
	ippd_msg_t *resp;
	const ippd_attr_t *u = expect_unsupported_values(g, req, "page-ranges", 1, IPPD_TAG_RANGE, &resp);
	int32_t lo, hi;
	assert_true(ippd_attr_get_range(u, 0, &lo, &hi));
	assert_int_equal(lo, 3);
	assert_int_equal(hi, 1);
	ippd_msg_free(resp);
	ippd_msg_free(req);

	const int32_t orders[][4] = {{5, 8, 1, 2}, {1, 5, 5, 9}, {1, 5, 3, 4}};
	for (size_t i = 0; i < COUNT_OF(orders); i++) {
		req = job_request(&job);
		pr = ippd_group_add_range(job, "page-ranges", orders[i][0], orders[i][1]);
		ippd_attr_add_range(pr, orders[i][2], orders[i][3]);
		char msg[256];
		assert_int_equal(printer_check_job_template(g, req, false, NULL, msg, sizeof(msg)),
		                 IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST);
		assert_non_null(strstr(msg, "page-ranges"));
		assert_int_equal(printer_check_job_template(g, req, true, NULL, NULL, 0),
		                 IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST);
		ippd_msg_free(req);
	}
	ippd_msg_free(m);
}

/* document-format and compression fail with their own status codes, whatever the fidelity. */
static void test_check_format_and_compression(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	ippd_group_t *job, *op;

	ippd_msg_t *req = job_request(&job);
	op = ippd_msg_find_group(req, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_MIME_TYPE, "document-format", "application/postscript");
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "sides", "sideways");
	ippd_msg_t *resp = check_both(g, req, IPPD_STATUS_CLIENT_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED,
	                              IPPD_STATUS_CLIENT_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED);
	const ippd_attr_t *u = ippd_msg_find(resp, IPPD_TAG_UNSUPPORTED_GROUP, "document-format");
	assert_non_null(u);
	assert_string_equal(ippd_attr_get_string(u, 0, NULL), "application/postscript");
	assert_non_null(ippd_msg_find(resp, IPPD_TAG_UNSUPPORTED_GROUP, "sides"));
	char msg[256];
	printer_check_job_template(g, req, false, NULL, msg, sizeof(msg));
	assert_non_null(strstr(msg, "document-format"));
	ippd_msg_free(resp);
	ippd_msg_free(req);

	req = job_request(&job);
	op = ippd_msg_find_group(req, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_KEYWORD, "compression", "compress");
	resp = check_both(g, req, IPPD_STATUS_CLIENT_ERROR_COMPRESSION_NOT_SUPPORTED,
	                  IPPD_STATUS_CLIENT_ERROR_COMPRESSION_NOT_SUPPORTED);
	assert_non_null(ippd_msg_find(resp, IPPD_TAG_UNSUPPORTED_GROUP, "compression"));
	ippd_msg_free(resp);
	ippd_msg_free(req);

	/* Formats compare without case and without parameters; octet-stream is accepted for detection. */
	const char *fine[] = {"IMAGE/JPEG", "text/plain; charset=utf-8", "application/octet-stream",
	                      "image/urf"};
	for (size_t i = 0; i < COUNT_OF(fine); i++) {
		req = job_request(&job);
		op = ippd_msg_find_group(req, IPPD_TAG_OPERATION);
		ippd_group_add_string(op, IPPD_TAG_MIME_TYPE, "document-format", fine[i]);
		ippd_group_add_string(op, IPPD_TAG_KEYWORD, "compression", "none");
		expect_ok(g, req);
		ippd_msg_free(req);
	}
	ippd_msg_free(m);
}

/* overrides (PWG 5100.6): members named in overrides-supported, Job Template members checked as usual. */
static void test_check_overrides(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	for (int kase = 0; kase < 5; kase++) {
		ippd_group_t *job;
		ippd_msg_t *req = job_request(&job);
		ippd_group_t *ov = ippd_group_add_collection(job, "overrides");
		ippd_group_add_range(ov, "pages", kase == 1 ? 0 : 1, 2);
		ippd_group_add_range(ov, "document-numbers", 1, 1);
		if (kase == 2)
			ippd_group_add_string(ov, IPPD_TAG_KEYWORD, "media", "iso_a5_148x210mm");
		if (kase == 3)
			ippd_group_add_string(ov, IPPD_TAG_KEYWORD, "x-nonsense", "yes");
		if (kase == 4)
			ippd_group_add_integer(ov, IPPD_TAG_INTEGER, "copies", 2);
		if (kase == 0) {
			expect_ok(g, req);
		} else if (kase == 2) {
			/* media is not listed in overrides-supported by default. */
			expect_unsupported_value(g, req, "overrides");
		} else {
			expect_unsupported_value(g, req, "overrides");
		}
		ippd_msg_free(req);
	}

	/* With media allowed in overrides, a supported size passes and an unsupported one does not. */
	printer_caps_t caps;
	printer_caps_default(&caps);
	caps.overrides.v[caps.overrides.count++] = "media";
	ippd_msg_t *m2 = printer_attrs_build(&caps);
	for (int kase = 0; kase < 2; kase++) {
		ippd_group_t *job;
		ippd_msg_t *req = job_request(&job);
		ippd_group_t *ov = ippd_group_add_collection(job, "overrides");
		ippd_group_add_range(ov, "pages", 2, 2);
		ippd_group_add_string(ov, IPPD_TAG_KEYWORD, "media",
		                      kase ? "iso_a0_841x1189mm" : "iso_a5_148x210mm");
		if (kase)
			expect_unsupported_value(printer_group(m2), req, "overrides");
		else
			expect_ok(printer_group(m2), req);
		ippd_msg_free(req);
	}
	ippd_msg_free(m2);
	ippd_msg_free(m);
}

/* finishings-col: only finishing-template, with a template the printer has. */
static void test_check_finishings_col(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	for (int kase = 0; kase < 2; kase++) {
		ippd_group_t *job;
		ippd_msg_t *req = job_request(&job);
		ippd_group_t *fc = ippd_group_add_collection(job, "finishings-col");
		if (kase == 0) {
			ippd_group_add_string(fc, IPPD_TAG_KEYWORD, "finishing-template", "staple");
		} else {
			ippd_group_t *st = ippd_group_add_collection(fc, "stitching");
			ippd_group_add_string(st, IPPD_TAG_KEYWORD, "stitching-reference-edge", "top");
		}
		expect_unsupported_value(g, req, "finishings-col");
		ippd_msg_free(req);
	}
	ippd_msg_free(m);
}

/* The message names the problem; a NULL response or message is fine; NULL arguments are a bad request. */
static void test_check_message_and_nulls(void **state)
{
	(void)state;
	ippd_msg_t *m = build_default();
	const ippd_group_t *g = printer_group(m);
	ippd_group_t *job;
	ippd_msg_t *req = job_request(&job);
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "print-content-optimize", "maps");
	ippd_group_add_integer(job, IPPD_TAG_ENUM, "orientation-requested", 8);
	char msg[256];
	assert_int_equal(printer_check_job_template(g, req, true, NULL, msg, sizeof(msg)),
	                 IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED);
	assert_non_null(strstr(msg, "print-content-optimize"));
	assert_non_null(strstr(msg, "maps"));
	assert_null(strstr(msg, "orientation"));
	assert_int_equal(printer_check_job_template(g, req, false, NULL, NULL, 0),
	                 IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES);

	/* Enum values are named in the message when the registry knows them. */
	ippd_msg_t *req2 = job_request(&job);
	ippd_group_add_integers(job, IPPD_TAG_ENUM, "finishings", 1, (int32_t[]){4});
	printer_check_job_template(g, req2, true, NULL, msg, sizeof(msg));
	assert_non_null(strstr(msg, "'staple'"));
	ippd_msg_free(req2);

	assert_int_equal(printer_check_job_template(NULL, req, true, NULL, msg, sizeof(msg)),
	                 IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST);
	assert_int_equal(printer_check_job_template(g, NULL, true, NULL, NULL, 0),
	                 IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST);

	/* A request with no job group at all has nothing to check. */
	ippd_msg_t *bare = ippd_msg_new_request(IPPD_OP_CREATE_JOB, 1);
	assert_int_equal(printer_check_job_template(g, bare, true, NULL, msg, sizeof(msg)),
	                 IPPD_STATUS_SUCCESSFUL_OK);
	assert_string_equal(msg, "");
	ippd_msg_free(bare);
	ippd_msg_free(req);
	ippd_msg_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_required_attributes),
	    cmocka_unit_test(test_registry_syntax),
	    cmocka_unit_test(test_media_col_database),
	    cmocka_unit_test(test_media_names),
	    cmocka_unit_test(test_defaults_in_supported),
	    cmocka_unit_test(test_mono_simplex),
	    cmocka_unit_test(test_supplies_and_firmware),
	    cmocka_unit_test(test_build_refuses_empty),
	    cmocka_unit_test(test_groups),
	    cmocka_unit_test(test_check_everything_supported),
	    cmocka_unit_test(test_check_media_col),
	    cmocka_unit_test(test_check_media_col_unsupported),
	    cmocka_unit_test(test_check_unknown_attribute),
	    cmocka_unit_test(test_check_unsupported_values),
	    cmocka_unit_test(test_check_custom_media_name),
	    cmocka_unit_test(test_check_partial_set),
	    cmocka_unit_test(test_check_page_ranges),
	    cmocka_unit_test(test_check_format_and_compression),
	    cmocka_unit_test(test_check_overrides),
	    cmocka_unit_test(test_check_finishings_col),
	    cmocka_unit_test(test_check_message_and_nulls),
	};
	return cmocka_run_group_tests_name("printer-attrs", tests, NULL, NULL);
}
