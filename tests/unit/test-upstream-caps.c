/* Unit tests: an upstream printer's capabilities (upstream-caps.c) and the text cleaning every device shares (output.c). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ippd/codec.h>
#include <ippd/validate.h>

#include "output.h"
#include "upstream-caps.h"

static ippd_msg_t *load(const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static uint8_t buf[1 << 20];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	ippd_limits_t lim;
	ippd_limits_response(&lim);
	ippd_msg_t *m = ippd_msg_decode(buf, n, &lim, NULL, NULL);
	assert_non_null(m);
	return m;
}

static const ippd_attr_t *find(const ippd_msg_t *m, const char *name)
{
	return ippd_group_find(ippd_msg_first_group(m), name);
}

static void test_clean_text(void **state)
{
	(void)state;
	char out[64];
	const char bad[] = "a\x1b[31mred\x1b[0m\tb\x07\x7f c\xc2\x9b d\xff e\xc3\xa9";
	output_clean_text(out, sizeof(out), bad, sizeof(bad) - 1);
	assert_string_equal(out, "ared b c d? e\xc3\xa9");
	assert_true(ippd_utf8_valid(out, strlen(out)));
	/* Truncation never splits a character: "é" needs two octets and only one is left. */
	output_clean_text(out, 3, "a\xc3\xa9", 3);
	assert_string_equal(out, "a");
	/* NUL inside the length is dropped like any control character. */
	output_clean_text(out, sizeof(out), "x\0y", 3);
	assert_string_equal(out, "xy");
	/* Overlong forms and surrogates are not UTF-8. */
	output_clean_text(out, sizeof(out), "\xc0\xaf\xed\xa0\x80", 5);
	assert_string_equal(out, "?????");
	output_clean_text(out, sizeof(out), NULL, 10);
	assert_string_equal(out, "");
}

/* ippeveprinter's own answer: its media, formats and identity become ours. */
static void test_from_ippeveprinter(void **state)
{
	(void)state;
	ippd_msg_t *resp = load("ippeveprinter-gpa-all.bin");
	upstream_info_t info;
	char why[200] = "";
	ippd_msg_t *attrs = upstream_caps_build(resp, &info, why, sizeof(why));
	assert_non_null(attrs);
	const ippd_group_t *up = ippd_msg_find_group(resp, IPPD_TAG_PRINTER);
	const ippd_attr_t *ours = find(attrs, "media-supported"), *theirs = ippd_group_find(up, "media-supported");
	assert_int_equal(ippd_attr_count(ours), ippd_attr_count(theirs));
	for (size_t i = 0; i < ippd_attr_count(ours); i++)
		assert_string_equal(ippd_attr_get_string(ours, i, NULL), ippd_attr_get_string(theirs, i, NULL));
	assert_string_equal(ippd_attr_get_string(find(attrs, "media-default"), 0, NULL),
	                    ippd_attr_get_string(ippd_group_find(up, "media-default"), 0, NULL));
	assert_true(ippd_attr_contains_string(find(attrs, "document-format-supported"), "application/pdf"));
	assert_false(ippd_attr_contains_string(find(attrs, "document-format-supported"), "text/plain"));
	assert_string_equal(ippd_attr_get_string(find(attrs, "printer-make-and-model"), 0, NULL),
	                    ippd_attr_get_string(ippd_group_find(up, "printer-make-and-model"), 0, NULL));
	assert_true(info.create_job == false); /* ippeveprinter takes one document per job */
	assert_true(upstream_supports(&info, "copies"));
	assert_true(upstream_supports(&info, "media"));
	assert_false(upstream_supports(&info, "job-name"));
	ippd_msg_free(attrs);
	ippd_msg_free(resp);
}

/* A hand-made hostile answer: bad values are dropped, text cleaned, lists bounded. */
static void test_hostile(void **state)
{
	(void)state;
	ippd_msg_t *resp = ippd_msg_new_response(NULL, 0);
	ippd_group_t *g = ippd_msg_add_group(resp, IPPD_TAG_PRINTER);
	static const char *const formats[] = {"application/pdf", "text/html\x1b[2J", "no-slash", "a/b c", ""};
	ippd_group_add_strings(g, IPPD_TAG_MIME_TYPE, "document-format-supported", 5, formats);
	ippd_attr_t *media = ippd_group_add(g, "media-supported");
	ippd_attr_add_string(media, IPPD_TAG_KEYWORD, "../../etc/passwd", (size_t)-1);
	ippd_attr_add_string(media, IPPD_TAG_KEYWORD, "iso_a4_210x297mm\x1b", (size_t)-1);
	char name[64];
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "om_x-%d_%dx%dmm", i, 50 + i, 60 + i);
		ippd_attr_add_string(media, IPPD_TAG_KEYWORD, name, (size_t)-1);
	}
	ippd_group_add_string(g, IPPD_TAG_TEXT, "printer-make-and-model", "Evil\x1b[31m;MDL:x\xff\x01 Co");
	ippd_group_add_range(g, "copies-supported", 5, 3);
	static const int32_t q[] = {1, 4, 99};
	ippd_group_add_integers(g, IPPD_TAG_ENUM, "print-quality-supported", 3, q);

	upstream_info_t info;
	char why[200] = "";
	ippd_msg_t *attrs = upstream_caps_build(resp, &info, why, sizeof(why));
	assert_non_null(attrs);
	const ippd_attr_t *f = find(attrs, "document-format-supported");
	assert_int_equal(ippd_attr_count(f), 2); /* application/pdf, application/octet-stream */
	const ippd_attr_t *m = find(attrs, "media-supported");
	assert_true(ippd_attr_count(m) <= PRINTER_CAPS_MEDIA + 2);
	assert_false(ippd_attr_contains_string(m, "../../etc/passwd"));
	assert_string_equal(ippd_attr_get_string(m, 0, NULL), "om_x-0_50x60mm");
	const char *mm = ippd_attr_get_string(find(attrs, "printer-make-and-model"), 0, NULL);
	assert_string_equal(mm, "Evil MDL x? Co");
	const ippd_attr_t *qs = find(attrs, "print-quality-supported");
	assert_int_equal(ippd_attr_count(qs), 1);
	assert_int_equal(ippd_attr_get_integer(qs, 0), 4);
	int32_t lo, hi;
	assert_true(ippd_attr_get_range(find(attrs, "copies-supported"), 0, &lo, &hi));
	assert_int_equal(hi, 999); /* the upstream's reversed range was not taken */
	ippd_msg_free(attrs);
	ippd_msg_free(resp);
}

static void test_not_a_printer(void **state)
{
	(void)state;
	ippd_msg_t *resp = ippd_msg_new_response(NULL, 0);
	char why[200] = "";
	assert_null(upstream_caps_build(resp, NULL, why, sizeof(why)));
	assert_non_null(strstr(why, "no printer attributes"));
	ippd_msg_free(resp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_text),
		cmocka_unit_test(test_from_ippeveprinter),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_not_a_printer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
