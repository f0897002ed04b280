/* Unit tests for the message model: builders, accessors, copies and the arena. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <ippd/codec.h>
#include <ippd/msg.h>

static void test_new_request(void **state)
{
	(void)state;
	ippd_msg_t *m = ippd_msg_new_request(0x000b, 7);
	assert_non_null(m);
	assert_int_equal(ippd_msg_get_major(m), 2);
	assert_int_equal(ippd_msg_get_minor(m), 0);
	assert_int_equal(ippd_msg_get_code(m), 0x000b);
	assert_int_equal(ippd_msg_get_request_id(m), 7);
	ippd_group_t *op = ippd_msg_first_group(m);
	assert_int_equal(ippd_group_get_tag(op), IPPD_TAG_OPERATION);
	ippd_attr_t *a = ippd_group_first(op);
	assert_string_equal(ippd_attr_get_name(a), "attributes-charset");
	assert_int_equal(ippd_attr_tag(a), IPPD_TAG_CHARSET);
	assert_string_equal(ippd_attr_get_string(a, 0, NULL), "utf-8");
	a = ippd_attr_next(a);
	assert_string_equal(ippd_attr_get_name(a), "attributes-natural-language");
	assert_string_equal(ippd_attr_get_string(a, 0, NULL), "en");
	assert_null(ippd_attr_next(a));
	ippd_msg_free(m);
}

static void test_new_response(void **state)
{
	(void)state;
	ippd_msg_t *req = ippd_msg_new();
	ippd_msg_set_version(req, 1, 1);
	ippd_msg_set_request_id(req, 42);
	ippd_group_t *op = ippd_msg_add_group(req, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_CHARSET, "attributes-charset", "utf-8");
	ippd_group_add_string(op, IPPD_TAG_LANGUAGE, "attributes-natural-language", "fr-ca");

	ippd_msg_t *resp = ippd_msg_new_response(req, 0x0406);
	assert_int_equal(ippd_msg_get_major(resp), 1);
	assert_int_equal(ippd_msg_get_minor(resp), 1);
	assert_int_equal(ippd_msg_get_request_id(resp), 42);
	assert_int_equal(ippd_msg_get_code(resp), 0x0406);
	ippd_attr_t *lang = ippd_msg_find(resp, IPPD_TAG_OPERATION, "attributes-natural-language");
	assert_string_equal(ippd_attr_get_string(lang, 0, NULL), "fr-ca");
	ippd_msg_free(req);
	ippd_msg_free(resp);

	resp = ippd_msg_new_response(NULL, 0);
	lang = ippd_msg_find(resp, IPPD_TAG_OPERATION, "attributes-natural-language");
	assert_string_equal(ippd_attr_get_string(lang, 0, NULL), "en");
	ippd_msg_free(resp);
}

static void test_every_builder(void **state)
{
	(void)state;
	ippd_msg_t *m = ippd_msg_new();
	ippd_group_t *g = ippd_msg_add_group(m, IPPD_TAG_PRINTER);
	const int32_t ints[] = {3, 4, 5};
	const char *const kws[] = {"one-sided", "two-sided-long-edge"};

	assert_non_null(ippd_group_add_integer(g, IPPD_TAG_INTEGER, "copies-default", -7));
	assert_non_null(ippd_group_add_integers(g, IPPD_TAG_ENUM, "finishings-supported", 3, ints));
	assert_non_null(ippd_group_add_boolean(g, "color-supported", true));
	assert_non_null(ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "sides-supported", 2, kws));
	assert_non_null(ippd_group_add_string_lang(g, IPPD_TAG_TEXT_LANG, "printer-info", "Salut", "fr"));
	assert_non_null(ippd_group_add_octets(g, "printer-alert", "a\0b", 3));
	assert_non_null(ippd_group_add_range(g, "copies-supported", 1, 999));
	assert_non_null(ippd_group_add_resolution(g, "printer-resolution-default", 600, 300, IPPD_RES_PER_INCH));
	assert_non_null(ippd_group_add_date(g, "printer-current-time", 1700000000));
	assert_non_null(ippd_group_add_out_of_band(g, IPPD_TAG_NO_VALUE, "printer-location"));
	ippd_group_t *c = ippd_group_add_collection(g, "media-col-default");
	assert_non_null(c);
	ippd_group_t *size = ippd_group_add_collection(c, "media-size");
	ippd_group_add_integer(size, IPPD_TAG_INTEGER, "x-dimension", 21000);

	assert_int_equal(ippd_group_count(g), 11);
	ippd_attr_t *a = ippd_group_find(g, "copies-default");
	assert_int_equal(ippd_attr_get_integer(a, 0), -7);
	a = ippd_group_find(g, "finishings-supported");
	assert_int_equal(ippd_attr_count(a), 3);
	assert_int_equal(ippd_attr_get_tag(a, 2), IPPD_TAG_ENUM);
	assert_int_equal(ippd_attr_get_integer(a, 2), 5);
	assert_true(ippd_attr_contains_integer(a, 4));
	assert_false(ippd_attr_contains_integer(a, 6));
	assert_true(ippd_attr_get_boolean(ippd_group_find(g, "color-supported"), 0));
	a = ippd_group_find(g, "sides-supported");
	assert_true(ippd_attr_contains_string(a, "two-sided-long-edge"));
	assert_false(ippd_attr_contains_string(a, "two-sided"));
	a = ippd_group_find(g, "printer-info");
	assert_string_equal(ippd_attr_get_string(a, 0, NULL), "Salut");
	assert_string_equal(ippd_attr_get_language(a, 0), "fr");
	size_t len = 0;
	const char *oct = ippd_attr_get_string(ippd_group_find(g, "printer-alert"), 0, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(oct, "a\0b", 3);
	int32_t lo = 0, hi = 0;
	assert_true(ippd_attr_get_range(ippd_group_find(g, "copies-supported"), 0, &lo, &hi));
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 999);
	assert_true(ippd_attr_contains_integer(ippd_group_find(g, "copies-supported"), 500));
	int32_t x = 0, y = 0;
	uint8_t u = 0;
	assert_true(ippd_attr_get_resolution(ippd_group_find(g, "printer-resolution-default"), 0, &x, &y, &u));
	assert_int_equal(x, 600);
	assert_int_equal(y, 300);
	assert_int_equal(u, IPPD_RES_PER_INCH);
	const uint8_t *d = ippd_attr_get_date(ippd_group_find(g, "printer-current-time"), 0);
	assert_non_null(d);
	assert_int_equal(ippd_date_to_time(d), 1700000000);
	assert_int_equal(ippd_attr_tag(ippd_group_find(g, "printer-location")), IPPD_TAG_NO_VALUE);
	a = ippd_group_find(g, "media-col-default");
	ippd_group_t *got = ippd_attr_get_collection(a, 0);
	assert_ptr_equal(got, c);
	assert_int_equal(ippd_group_get_tag(got), IPPD_TAG_BEGIN_COLLECTION);
	ippd_attr_t *xd = ippd_group_find(ippd_attr_get_collection(ippd_group_find(got, "media-size"), 0), "x-dimension");
	assert_int_equal(ippd_attr_get_integer(xd, 0), 21000);
	ippd_msg_free(m);
}

static void test_wrong_tag_refused(void **state)
{
	(void)state;
	ippd_msg_t *m = ippd_msg_new();
	ippd_group_t *g = ippd_msg_add_group(m, IPPD_TAG_JOB);
	ippd_attr_t *a = ippd_group_add(g, "x");
	assert_int_equal(ippd_attr_add_integer(a, IPPD_TAG_KEYWORD, 1), IPPD_ERR_ARG);
	assert_int_equal(ippd_attr_add_string(a, IPPD_TAG_INTEGER, "s", 1), IPPD_ERR_ARG);
	assert_int_equal(ippd_attr_add_out_of_band(a, IPPD_TAG_KEYWORD), IPPD_ERR_ARG);
	assert_int_equal(ippd_attr_add_string_lang(a, IPPD_TAG_TEXT, "s", "en"), IPPD_ERR_ARG);
	assert_int_equal(ippd_attr_add_raw(a, IPPD_TAG_INTEGER, "abcd", 4), IPPD_ERR_ARG);
	assert_int_equal(ippd_attr_count(a), 0);
	/* The one-call builder removes an attribute it could not complete. */
	assert_null(ippd_group_add_integer(g, IPPD_TAG_TEXT, "y", 1));
	assert_null(ippd_group_find(g, "y"));
	/* Group tags only for groups. */
	assert_null(ippd_msg_add_group(m, IPPD_TAG_END));
	assert_null(ippd_msg_add_group(m, IPPD_TAG_KEYWORD));
	ippd_msg_free(m);
}

static void test_wrong_getter_is_harmless(void **state)
{
	(void)state;
	ippd_msg_t *m = ippd_msg_new();
	ippd_group_t *g = ippd_msg_add_group(m, IPPD_TAG_JOB);
	ippd_attr_t *a = ippd_group_add_string(g, IPPD_TAG_KEYWORD, "k", "v");
	assert_int_equal(ippd_attr_get_integer(a, 0), 0);
	assert_null(ippd_attr_get_collection(a, 0));
	assert_null(ippd_attr_get_date(a, 0));
	assert_false(ippd_attr_get_range(a, 0, NULL, NULL));
	assert_null(ippd_attr_get_string(a, 1, NULL));
	assert_int_equal(ippd_attr_get_tag(a, 5), IPPD_TAG_ZERO);
	/* NULL everywhere is tolerated. */
	assert_null(ippd_attr_get_name(NULL));
	assert_int_equal(ippd_attr_count(NULL), 0);
	assert_null(ippd_group_find(NULL, "x"));
	assert_null(ippd_msg_find(NULL, IPPD_TAG_ZERO, "x"));
	ippd_msg_free(NULL);
	ippd_msg_free(m);
}

static void test_many_values_grow(void **state)
{
	(void)state;
	ippd_msg_t *m = ippd_msg_new();
	ippd_group_t *g = ippd_msg_add_group(m, IPPD_TAG_PRINTER);
	ippd_attr_t *a = ippd_group_add(g, "many");
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(ippd_attr_add_integer(a, IPPD_TAG_INTEGER, i), IPPD_OK);
		/* Interleave other allocations so growth cannot always happen in place. */
		if (i % 100 == 0)
			ippd_group_add_string(g, IPPD_TAG_KEYWORD, "filler", "xyz");
	}
	assert_int_equal(ippd_attr_count(a), 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(ippd_attr_get_integer(a, (size_t)i), i);
	assert_true(ippd_msg_memory(m) > 10000 * 4);
	ippd_msg_free(m);
}

static void test_remove_and_copy(void **state)
{
	(void)state;
	ippd_msg_t *src = ippd_msg_new();
	ippd_group_t *g = ippd_msg_add_group(src, IPPD_TAG_JOB);
	ippd_group_t *c = ippd_group_add_collection(g, "media-col");
	ippd_group_add_string(c, IPPD_TAG_KEYWORD, "media-type", "stationery");
	ippd_group_add_string_lang(g, IPPD_TAG_NAME_LANG, "job-name", "Brief", "de");
	ippd_attr_t *first = ippd_group_first(g);

	ippd_msg_t *dst = ippd_msg_new();
	ippd_group_t *u = ippd_msg_add_group(dst, IPPD_TAG_UNSUPPORTED_GROUP);
	ippd_attr_t *copy = ippd_group_copy_attr(u, first, NULL);
	assert_non_null(copy);
	ippd_group_copy_attr(u, ippd_attr_next(first), "job-name-copy");
	ippd_msg_free(src); /* the copy must not depend on the source */
	ippd_group_t *cc = ippd_attr_get_collection(copy, 0);
	assert_string_equal(ippd_attr_get_string(ippd_group_find(cc, "media-type"), 0, NULL), "stationery");
	ippd_attr_t *jn = ippd_group_find(u, "job-name-copy");
	assert_string_equal(ippd_attr_get_string(jn, 0, NULL), "Brief");
	assert_string_equal(ippd_attr_get_language(jn, 0), "de");

	ippd_group_remove(u, copy);
	assert_int_equal(ippd_group_count(u), 1);
	assert_ptr_equal(ippd_group_first(u), jn);
	ippd_group_remove(u, jn);
	assert_int_equal(ippd_group_count(u), 0);
	assert_null(ippd_group_first(u));
	ippd_group_add_integer(u, IPPD_TAG_INTEGER, "after", 1);
	assert_string_equal(ippd_attr_get_name(ippd_group_first(u)), "after");
	ippd_msg_free(dst);
}

static void test_groups(void **state)
{
	(void)state;
	ippd_msg_t *m = ippd_msg_new();
	ippd_group_t *j1 = ippd_msg_add_group(m, IPPD_TAG_JOB);
	ippd_group_t *j2 = ippd_msg_add_group(m, IPPD_TAG_JOB);
	assert_ptr_not_equal(j1, j2);
	assert_ptr_equal(ippd_msg_find_group(m, IPPD_TAG_JOB), j1);
	assert_ptr_equal(ippd_group_next(j1), j2);
	assert_int_equal(ippd_msg_group_count(m), 2);
	ippd_group_add_integer(j2, IPPD_TAG_INTEGER, "job-id", 2);
	assert_non_null(ippd_msg_find(m, IPPD_TAG_JOB, "job-id"));
	assert_null(ippd_msg_find(m, IPPD_TAG_PRINTER, "job-id"));
	assert_non_null(ippd_msg_find(m, IPPD_TAG_ZERO, "job-id"));
	ippd_group_t *p = ippd_msg_get_group(m, IPPD_TAG_PRINTER);
	assert_ptr_equal(ippd_msg_get_group(m, IPPD_TAG_PRINTER), p);
	assert_ptr_equal(ippd_group_msg(p), m);
	ippd_msg_free(m);
}

static void test_sized_arena(void **state)
{
	(void)state;
	ippd_msg_t *small = ippd_msg_new_sized(64);
	ippd_msg_t *dflt = ippd_msg_new();
	assert_true(ippd_msg_memory(small) < ippd_msg_memory(dflt));
	/* A small arena grows like any other. */
	ippd_group_t *g = ippd_msg_add_group(small, IPPD_TAG_JOB);
	for (int i = 0; i < 100; i++)
		assert_non_null(ippd_group_add_string(g, IPPD_TAG_KEYWORD, "k", "a-value-longer-than-a-few-bytes"));
	assert_int_equal(ippd_group_count(g), 100);
	ippd_msg_free(small);
	ippd_msg_free(dflt);
}

static void test_date_offsets(void **state)
{
	(void)state;
	/* 2026-11-22 20:13:05 at +01:00 is 19:13:05 UTC. */
	const uint8_t plus[11] = {0x07, 0xea, 11, 22, 20, 13, 5, 0, '+', 1, 0};
	const uint8_t minus[11] = {0x07, 0xea, 11, 22, 14, 43, 5, 0, '-', 4, 30};
	assert_int_equal(ippd_date_to_time(plus), ippd_date_to_time(minus));
	uint8_t back[11];
	ippd_date_from_time(ippd_date_to_time(plus), back);
	assert_int_equal(back[4], 19);
	assert_int_equal(back[8], '+');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_request),
		cmocka_unit_test(test_new_response),
		cmocka_unit_test(test_every_builder),
		cmocka_unit_test(test_wrong_tag_refused),
		cmocka_unit_test(test_wrong_getter_is_harmless),
		cmocka_unit_test(test_many_values_grow),
		cmocka_unit_test(test_remove_and_copy),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_sized_arena),
		cmocka_unit_test(test_date_offsets),
	};
	return cmocka_run_group_tests_name("msg", tests, NULL, NULL);
}
