/* Unit tests for the encoder: exact bytes, round trips of every syntax, and the errors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <ippd/codec.h>

#include "wire.h"

static void test_encode_exact_bytes(void **state)
{
	(void)state;
	ippd_msg_t *m = ippd_msg_new_request(0x000b, 1);
	ippd_group_t *op = ippd_msg_find_group(m, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_URI, "printer-uri", "ipp://h/p");
	ippd_group_t *job = ippd_msg_add_group(m, IPPD_TAG_JOB);
	ippd_group_t *c = ippd_group_add_collection(job, "media-col");
	ippd_group_add_integer(c, IPPD_TAG_INTEGER, "x", 5);

	wire_t *w = wire_new();
	wheader(w, 2, 0, 0x000b, 1);
	w8(w, 0x01);
	wattr_str(w, 0x47, "attributes-charset", "utf-8");
	wattr_str(w, 0x48, "attributes-natural-language", "en");
	wattr_str(w, 0x45, "printer-uri", "ipp://h/p");
	w8(w, 0x02);          /* job-attributes-tag */
	w8(w, 0x34);          /* begCollection */
	wstr(w, "media-col"); /*   name */
	w16(w, 0);            /*   value-length 0 */
	w8(w, 0x4a);          /* memberAttrName */
	w16(w, 0);            /*   name-length 0 */
	wstr(w, "x");         /*   member name */
	w8(w, 0x21);          /* integer */
	w16(w, 0);            /*   name-length 0 */
	w16(w, 4);            /*   value-length 4 */
	w32(w, 5);            /*   5 */
	w8(w, 0x37);          /* endCollection */
	w16(w, 0);
	w16(w, 0);
	w8(w, 0x03); /* end-of-attributes-tag */

	assert_int_equal(ippd_msg_encoded_size(m), w->n);
	uint8_t buf[512];
	size_t n = 99;
	assert_int_equal(ippd_msg_encode(m, buf, sizeof(buf), &n), IPPD_OK);
	assert_int_equal(n, w->n);
	assert_memory_equal(buf, w->b, w->n);

	/* One byte short is a clean refusal that reports nothing written. */
	assert_int_equal(ippd_msg_encode(m, buf, w->n - 1, &n), IPPD_ERR_SPACE);
	assert_int_equal(n, 0);
	ippd_msg_free(m);
	free(w);
}

/* A message with a value of every syntax, several groups, mixed-syntax 1setOfs and nesting. */
static ippd_msg_t *every_syntax(void)
{
	ippd_msg_t *m = ippd_msg_new();
	ippd_msg_set_version(m, 2, 2);
	ippd_msg_set_code(m, 0x0001);
	ippd_msg_set_request_id(m, 0x7fffffff);
	ippd_group_t *op = ippd_msg_add_group(m, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_CHARSET, "attributes-charset", "utf-8");
	ippd_group_add_string(op, IPPD_TAG_LANGUAGE, "attributes-natural-language", "en-us");
	ippd_group_add_string(op, IPPD_TAG_TEXT, "status-message", "successful-ok \xc3\xa9");

	static const ippd_tag_t groups[] = {IPPD_TAG_JOB,
	                                    IPPD_TAG_PRINTER,
	                                    IPPD_TAG_UNSUPPORTED_GROUP,
	                                    IPPD_TAG_SUBSCRIPTION,
	                                    IPPD_TAG_EVENT_NOTIFICATION,
	                                    IPPD_TAG_RESOURCE,
	                                    IPPD_TAG_DOCUMENT,
	                                    IPPD_TAG_SYSTEM};
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		ippd_group_add_integer(ippd_msg_add_group(m, groups[i]), IPPD_TAG_INTEGER, "n", (int32_t)i);
	ippd_msg_add_group(m, IPPD_TAG_JOB); /* an empty group */

	ippd_group_t *p = ippd_msg_add_group(m, IPPD_TAG_PRINTER);
	ippd_group_add_integer(p, IPPD_TAG_INTEGER, "integer-min", INT32_MIN);
	ippd_group_add_integer(p, IPPD_TAG_ENUM, "enum", 3);
	ippd_group_add_boolean(p, "boolean-false", false);
	ippd_group_add_boolean(p, "boolean-true", true);
	ippd_group_add_octets(p, "octetString", "\x00\x01\xff", 3);
	ippd_group_add_date(p, "dateTime", 1790000000);
	ippd_group_add_resolution(p, "resolution", 1200, 600, IPPD_RES_PER_CM);
	ippd_group_add_range(p, "rangeOfInteger", -5, INT32_MAX);
	ippd_group_add_string_lang(p, IPPD_TAG_TEXT_LANG, "textWithLanguage", "Bonjour", "fr");
	ippd_group_add_string_lang(p, IPPD_TAG_NAME_LANG, "nameWithLanguage", "Name", "de-ch");
	static const struct {
		ippd_tag_t tag;
		const char *value;
	} strings[] = {
		{IPPD_TAG_TEXT, "text"},         {IPPD_TAG_NAME, "name"},
		{IPPD_TAG_KEYWORD, "keyword"},   {IPPD_TAG_URI, "ipps://[::1]:631/ipp/print"},
		{IPPD_TAG_URI_SCHEME, "ipps"},   {IPPD_TAG_CHARSET, "utf-8"},
		{IPPD_TAG_LANGUAGE, "en"},       {IPPD_TAG_MIME_TYPE, "application/pdf"},
		{IPPD_TAG_TEXT, ""},
	};
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		char name[32];
		snprintf(name, sizeof(name), "string-%zu", i);
		ippd_group_add_string(p, strings[i].tag, name, strings[i].value);
	}
	static const ippd_tag_t oob[] = {IPPD_TAG_UNSUPPORTED_VALUE, IPPD_TAG_UNKNOWN,          IPPD_TAG_NO_VALUE,
	                                 IPPD_TAG_NOT_SETTABLE,      IPPD_TAG_DELETE_ATTRIBUTE, IPPD_TAG_ADMIN_DEFINE};
	for (size_t i = 0; i < sizeof(oob) / sizeof(oob[0]); i++) {
		char name[32];
		snprintf(name, sizeof(name), "oob-%zu", i);
		ippd_group_add_out_of_band(p, oob[i], name);
	}
	/* 1setOf (integer | rangeOfInteger) and keyword | name */
	ippd_attr_t *mixed = ippd_group_add_integer(p, IPPD_TAG_INTEGER, "mixed", 1);
	ippd_attr_add_range(mixed, 2, 9);
	ippd_attr_t *kn = ippd_group_add_string(p, IPPD_TAG_KEYWORD, "job-hold-until", "indefinite");
	ippd_attr_add_string_lang(kn, IPPD_TAG_NAME_LANG, "after-lunch", "en");
	/* the extension tag and a reserved one, kept raw */
	ippd_attr_add_raw(ippd_group_add(p, "extension"), IPPD_TAG_EXTENSION, "\x00\x00\x10\x00zz", 6);
	ippd_attr_add_raw(ippd_group_add(p, "reserved"), 0x4f, "r", 1);
	/* three levels of collections, a 1setOf collection, a member with two values */
	ippd_attr_t *db = ippd_group_add(p, "media-col-database");
	for (int i = 0; i < 3; i++) {
		ippd_group_t *c = ippd_attr_add_collection(db);
		ippd_group_t *size = ippd_group_add_collection(c, "media-size");
		ippd_group_add_integer(size, IPPD_TAG_INTEGER, "x-dimension", 21000 + i);
		ippd_attr_t *y = ippd_group_add_integer(size, IPPD_TAG_INTEGER, "y-dimension", 29700);
		ippd_attr_add_range(y, 1, 100000);
		ippd_group_t *deep = ippd_group_add_collection(size, "deeper");
		ippd_group_add_out_of_band(deep, IPPD_TAG_NO_VALUE, "nothing");
		ippd_group_add_string(c, IPPD_TAG_KEYWORD, "media-source", "main");
	}
	ippd_group_add_collection(p, "empty-collection");
	return m;
}

static void test_round_trip_every_syntax(void **state)
{
	(void)state;
	ippd_msg_t *m = every_syntax();
	uint8_t *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	assert_int_equal(ippd_msg_encode_alloc(m, &a, &la), IPPD_OK);
	assert_int_equal(la, ippd_msg_encoded_size(m));

	/* Decoded and encoded again, the same bytes. */
	ippd_error_t err;
	ippd_msg_t *d = ippd_msg_decode(a, la, NULL, NULL, &err);
	if (!d)
		fail_msg("decode: %s at %zu", err.text, err.offset);
	assert_int_equal(ippd_msg_encode_alloc(d, &b, &lb), IPPD_OK);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_true(ippd_msg_equal(m, d));

	/* And the values read back as they were built. */
	ippd_attr_t *x = ippd_msg_find(d, IPPD_TAG_PRINTER, "integer-min");
	assert_int_equal(ippd_attr_get_integer(x, 0), INT32_MIN);
	x = ippd_msg_find(d, IPPD_TAG_PRINTER, "mixed");
	assert_int_equal(ippd_attr_get_tag(x, 1), IPPD_TAG_RANGE);
	x = ippd_msg_find(d, IPPD_TAG_PRINTER, "job-hold-until");
	assert_string_equal(ippd_attr_get_string(x, 1, NULL), "after-lunch");
	assert_string_equal(ippd_attr_get_language(x, 1), "en");
	x = ippd_msg_find(d, IPPD_TAG_PRINTER, "dateTime");
	assert_int_equal(ippd_date_to_time(ippd_attr_get_date(x, 0)), 1790000000);
	x = ippd_msg_find(d, IPPD_TAG_PRINTER, "octetString");
	size_t len = 0;
	assert_memory_equal(ippd_attr_get_string(x, 0, &len), "\x00\x01\xff", 3);
	assert_int_equal(len, 3);
	x = ippd_msg_find(d, IPPD_TAG_PRINTER, "boolean-false");
	assert_false(ippd_attr_get_boolean(x, 0));
	x = ippd_msg_find(d, IPPD_TAG_PRINTER, "media-col-database");
	assert_int_equal(ippd_attr_count(x), 3);
	ippd_group_t *size = ippd_attr_get_collection(ippd_group_find(ippd_attr_get_collection(x, 2), "media-size"), 0);
	assert_int_equal(ippd_attr_get_integer(ippd_group_find(size, "x-dimension"), 0), 21002);
	assert_int_equal(ippd_group_count(ippd_attr_get_collection(ippd_msg_find(d, IPPD_TAG_PRINTER, "empty-collection"), 0)),
	                 0);
	assert_int_equal(ippd_msg_group_count(d), 11);
	assert_int_equal(ippd_msg_get_minor(d), 2);
	assert_int_equal(ippd_msg_get_request_id(d), 0x7fffffff);

	free(a);
	free(b);
	ippd_msg_free(m);
	ippd_msg_free(d);
}

static void test_copy_round_trips(void **state)
{
	(void)state;
	/* Copying every attribute into a new message gives the same encoding. */
	ippd_msg_t *m = every_syntax();
	ippd_msg_t *c = ippd_msg_new();
	ippd_msg_set_version(c, 2, 2);
	ippd_msg_set_code(c, 0x0001);
	ippd_msg_set_request_id(c, 0x7fffffff);
	for (ippd_group_t *g = ippd_msg_first_group(m); g; g = ippd_group_next(g)) {
		ippd_group_t *ng = ippd_msg_add_group(c, ippd_group_get_tag(g));
		for (ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a))
			assert_non_null(ippd_group_copy_attr(ng, a, NULL));
	}
	assert_true(ippd_msg_equal(m, c));
	ippd_msg_free(m);
	ippd_msg_free(c);
}

static void test_encode_errors(void **state)
{
	(void)state;
	ippd_msg_t *m = ippd_msg_new();
	ippd_group_t *g = ippd_msg_add_group(m, IPPD_TAG_JOB);
	ippd_attr_t *empty = ippd_group_add(g, "no-values");
	uint8_t *buf = NULL;
	size_t len = 0;
	assert_int_equal(ippd_msg_encoded_size(m), 0);
	assert_int_equal(ippd_msg_encode_alloc(m, &buf, &len), IPPD_ERR_ARG);
	assert_null(buf);
	ippd_group_remove(g, empty);

	/* A value longer than the wire's 32767 octets cannot be encoded. */
	char *big = malloc(40000);
	memset(big, 'a', 40000);
	ippd_attr_t *a = ippd_group_add(g, "big");
	ippd_attr_add_string(a, IPPD_TAG_TEXT, big, 32768);
	assert_int_equal(ippd_msg_encode_alloc(m, &buf, &len), IPPD_ERR_TOO_LONG);
	ippd_group_remove(g, a);
	/* Exactly 32767 is fine. */
	a = ippd_group_add(g, "big");
	ippd_attr_add_string(a, IPPD_TAG_TEXT, big, 32767);
	assert_int_equal(ippd_msg_encode_alloc(m, &buf, &len), IPPD_OK);
	free(buf);
	free(big);
	assert_int_equal(ippd_msg_encode(NULL, NULL, 0, NULL), IPPD_ERR_ARG);
	ippd_msg_free(m);
}

static void test_encode_every_capacity(void **state)
{
	(void)state;
	/* Below the exact size every capacity is IPPD_ERR_SPACE with nothing reported; at it, success. */
	ippd_msg_t *m = every_syntax();
	size_t size = ippd_msg_encoded_size(m);
	uint8_t *buf = malloc(size);
	for (size_t cap = 0; cap <= size; cap++) {
		size_t written = 12345;
		ippd_err_t err = ippd_msg_encode(m, buf, cap, &written);
		assert_int_equal(err, cap < size ? IPPD_ERR_SPACE : IPPD_OK);
		assert_int_equal(written, cap < size ? 0 : size);
	}
	free(buf);
	ippd_msg_free(m);
}

static void test_encode_error_order(void **state)
{
	(void)state;
	/* An attribute without values inside a collection is IPPD_ERR_ARG even when space is short too. */
	ippd_msg_t *m = ippd_msg_new();
	ippd_group_t *c = ippd_group_add_collection(ippd_msg_add_group(m, IPPD_TAG_JOB), "media-col");
	ippd_group_add(c, "media-type");
	uint8_t buf[16];
	size_t written = 1;
	assert_int_equal(ippd_msg_encode(m, buf, sizeof(buf), &written), IPPD_ERR_ARG);
	assert_int_equal(written, 0);
	assert_int_equal(ippd_msg_encoded_size(m), 0);
	ippd_msg_free(m);

	/* A textWithLanguage whose parts fit alone but not together (4 + 2 + 32762 = 32768). */
	m = ippd_msg_new();
	char *text = malloc(32763);
	memset(text, 't', 32762);
	text[32762] = '\0';
	ippd_group_add_string_lang(ippd_msg_add_group(m, IPPD_TAG_JOB), IPPD_TAG_TEXT_LANG, "job-message", text, "en");
	uint8_t *out = NULL;
	size_t len = 0;
	assert_int_equal(ippd_msg_encode_alloc(m, &out, &len), IPPD_ERR_TOO_LONG);
	assert_null(out);
	/* One octet less is fine. */
	ippd_msg_free(m);
	m = ippd_msg_new();
	text[32761] = '\0';
	ippd_group_add_string_lang(ippd_msg_add_group(m, IPPD_TAG_JOB), IPPD_TAG_TEXT_LANG, "job-message", text, "en");
	assert_int_equal(ippd_msg_encode_alloc(m, &out, &len), IPPD_OK);
	free(out);
	free(text);
	ippd_msg_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_exact_bytes),
		cmocka_unit_test(test_round_trip_every_syntax),
		cmocka_unit_test(test_copy_round_trips),
		cmocka_unit_test(test_encode_errors),
		cmocka_unit_test(test_encode_every_capacity),
		cmocka_unit_test(test_encode_error_order),
	};
	return cmocka_run_group_tests_name("encode", tests, NULL, NULL);
}
