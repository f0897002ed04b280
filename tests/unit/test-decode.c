/* Unit tests for the push decoder: good vectors in every chunking, and one test per class of bad input. */
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
#include <ippd/registry.h>

#include "wire.h"

/* A Get-Printer-Attributes request as a client sends it. */
static wire_t *gpa_request(void)
{
	wire_t *w = wire_new();
	wheader(w, 2, 0, 0x000b, 1);                                              /* 2.0 Get-Printer-Attributes #1 */
	w8(w, 0x01);                                                              /* operation-attributes-tag */
	wattr_str(w, 0x47, "attributes-charset", "utf-8");                        /* charset */
	wattr_str(w, 0x48, "attributes-natural-language", "en");                  /* naturalLanguage */
	wattr_str(w, 0x45, "printer-uri", "ipp://localhost/ipp/print");           /* uri */
	wattr_str(w, 0x44, "requested-attributes", "all");                        /* keyword */
	w8(w, 0x44);                                                              /* keyword, additional value: */
	w16(w, 0);                                                                /*   name-length 0 */
	wstr(w, "media-col-database");                                            /*   value */
	w8(w, 0x03);                                                              /* end-of-attributes-tag */
	return w;
}

/* A job group with a media-col collection holding a nested media-size, and a second collection value. */
static wire_t *collection_message(void)
{
	wire_t *w = wire_new();
	wheader(w, 2, 0, 0x0002, 9); /* Print-Job #9 */
	w8(w, 0x01);                 /* operation-attributes-tag */
	wattr_str(w, 0x47, "attributes-charset", "utf-8");
	wattr_str(w, 0x48, "attributes-natural-language", "en");
	w8(w, 0x02);          /* job-attributes-tag */
	w8(w, 0x34);          /* begCollection */
	wstr(w, "media-col"); /*   name */
	w16(w, 0);            /*   value-length 0 */
	w8(w, 0x4a);          /* memberAttrName */
	w16(w, 0);            /*   name-length 0 */
	wstr(w, "media-size"); /*   value: the member's name */
	w8(w, 0x34);           /* begCollection (member value) */
	w16(w, 0);             /*   name-length 0 */
	w16(w, 0);             /*   value-length 0 */
	w8(w, 0x4a);           /* memberAttrName x-dimension */
	w16(w, 0);
	wstr(w, "x-dimension");
	w8(w, 0x21); /* integer 21000 */
	w16(w, 0);
	w16(w, 4);
	w32(w, 21000);
	w8(w, 0x4a); /* memberAttrName y-dimension */
	w16(w, 0);
	wstr(w, "y-dimension");
	w8(w, 0x21); /* integer 29700 */
	w16(w, 0);
	w16(w, 4);
	w32(w, 29700);
	w8(w, 0x37); /* endCollection (media-size) */
	w16(w, 0);
	w16(w, 0);
	w8(w, 0x4a); /* memberAttrName media-source-properties? no: a 1setOf member */
	w16(w, 0);
	wstr(w, "media-type");
	w8(w, 0x44); /* keyword stationery */
	w16(w, 0);
	wstr(w, "stationery");
	w8(w, 0x42); /* name, additional value of the same member */
	w16(w, 0);
	wstr(w, "custom-paper");
	w8(w, 0x37); /* endCollection (media-col) */
	w16(w, 0);
	w16(w, 0);
	w8(w, 0x34); /* begCollection: additional value of media-col */
	w16(w, 0);
	w16(w, 0);
	w8(w, 0x4a);
	w16(w, 0);
	wstr(w, "media-color");
	w8(w, 0x44);
	w16(w, 0);
	wstr(w, "blue");
	w8(w, 0x37); /* endCollection */
	w16(w, 0);
	w16(w, 0);
	wattr_int(w, 0x21, "copies", 2); /* a plain attribute after the collection */
	w8(w, 0x03);                     /* end-of-attributes-tag */
	return w;
}

static ippd_msg_t *decode_all(const wire_t *w, size_t *used, ippd_error_t *err)
{
	return ippd_msg_decode(w->b, w->n, NULL, used, err);
}

static void test_decode_gpa_request(void **state)
{
	(void)state;
	wire_t *w = gpa_request();
	size_t used = 0;
	ippd_error_t err;
	ippd_msg_t *m = decode_all(w, &used, &err);
	assert_non_null(m);
	assert_int_equal(used, w->n);
	assert_int_equal(ippd_msg_get_major(m), 2);
	assert_int_equal(ippd_msg_get_code(m), 0x000b);
	assert_int_equal(ippd_msg_get_request_id(m), 1);
	assert_int_equal(ippd_msg_group_count(m), 1);
	ippd_attr_t *ra = ippd_msg_find(m, IPPD_TAG_OPERATION, "requested-attributes");
	assert_int_equal(ippd_attr_count(ra), 2);
	assert_string_equal(ippd_attr_get_string(ra, 1, NULL), "media-col-database");
	ippd_attr_t *uri = ippd_msg_find(m, IPPD_TAG_OPERATION, "printer-uri");
	assert_int_equal(ippd_attr_tag(uri), IPPD_TAG_URI);
	ippd_msg_free(m);
	free(w);
}

static void test_decode_collections(void **state)
{
	(void)state;
	wire_t *w = collection_message();
	ippd_error_t err;
	ippd_msg_t *m = decode_all(w, NULL, &err);
	assert_non_null(m);
	ippd_attr_t *mc = ippd_msg_find(m, IPPD_TAG_JOB, "media-col");
	assert_int_equal(ippd_attr_count(mc), 2);
	ippd_group_t *c0 = ippd_attr_get_collection(mc, 0);
	assert_int_equal(ippd_group_count(c0), 2);
	ippd_group_t *size = ippd_attr_get_collection(ippd_group_find(c0, "media-size"), 0);
	assert_int_equal(ippd_attr_get_integer(ippd_group_find(size, "y-dimension"), 0), 29700);
	ippd_attr_t *type = ippd_group_find(c0, "media-type");
	assert_int_equal(ippd_attr_count(type), 2);
	assert_int_equal(ippd_attr_get_tag(type, 1), IPPD_TAG_NAME);
	ippd_group_t *c1 = ippd_attr_get_collection(mc, 1);
	assert_string_equal(ippd_attr_get_string(ippd_group_find(c1, "media-color"), 0, NULL), "blue");
	assert_int_equal(ippd_attr_get_integer(ippd_msg_find(m, IPPD_TAG_JOB, "copies"), 0), 2);
	ippd_msg_free(m);
	free(w);
}

/* Decoding byte by byte, and split at every point, gives the same message as one piece. */
static void check_every_chunking(const wire_t *w)
{
	ippd_msg_t *whole = ippd_msg_decode(w->b, w->n, NULL, NULL, NULL);
	assert_non_null(whole);

	ippd_decoder_t *dec = ippd_decoder_new(NULL);
	for (size_t i = 0; i < w->n; i++) {
		size_t c = 0;
		ippd_decode_status_t st = ippd_decoder_feed(dec, w->b + i, 1, &c);
		assert_int_equal(c, 1);
		assert_int_equal(st, i + 1 == w->n ? IPPD_DECODE_DONE : IPPD_DECODE_NEED_MORE);
	}
	ippd_msg_t *bytewise = ippd_decoder_take(dec);
	assert_true(ippd_msg_equal(whole, bytewise));
	ippd_msg_free(bytewise);

	for (size_t cut = 0; cut <= w->n; cut++) {
		size_t c1 = 0, c2 = 0;
		ippd_decode_status_t st = ippd_decoder_feed(dec, w->b, cut, &c1);
		assert_int_equal(c1, cut);
		if (cut < w->n) {
			assert_int_equal(st, IPPD_DECODE_NEED_MORE);
			st = ippd_decoder_feed(dec, w->b + cut, w->n - cut, &c2);
		}
		assert_int_equal(st, IPPD_DECODE_DONE);
		assert_int_equal(c1 + c2, w->n);
		ippd_msg_t *split = ippd_decoder_take(dec);
		assert_true(ippd_msg_equal(whole, split));
		ippd_msg_free(split);
	}
	ippd_decoder_free(dec);
	ippd_msg_free(whole);
}

static void test_every_chunking(void **state)
{
	(void)state;
	wire_t *w = gpa_request();
	check_every_chunking(w);
	free(w);
	w = collection_message();
	check_every_chunking(w);
	free(w);
}

static void test_document_data_offset(void **state)
{
	(void)state;
	wire_t *w = gpa_request();
	size_t msg_len = w->n;
	wraw(w, "%PDF-1.7 ...", 12);
	size_t used = 0;
	ippd_msg_t *m = ippd_msg_decode(w->b, w->n, NULL, &used, NULL);
	assert_non_null(m);
	assert_int_equal(used, msg_len);
	ippd_msg_free(m);

	/* Pushed in two chunks, the second holding the end tag and the start of the document. */
	ippd_decoder_t *dec = ippd_decoder_new(NULL);
	size_t c = 0;
	assert_int_equal(ippd_decoder_feed(dec, w->b, msg_len - 1, &c), IPPD_DECODE_NEED_MORE);
	assert_int_equal(ippd_decoder_feed(dec, w->b + msg_len - 1, 13, &c), IPPD_DECODE_DONE);
	assert_int_equal(c, 1);
	assert_int_equal(ippd_decoder_offset(dec), msg_len);
	/* After DONE the decoder consumes nothing more and says DONE again. */
	assert_int_equal(ippd_decoder_feed(dec, "x", 1, &c), IPPD_DECODE_DONE);
	assert_int_equal(c, 0);
	assert_non_null(ippd_decoder_peek(dec));
	ippd_msg_free(ippd_decoder_take(dec));
	assert_null(ippd_decoder_take(dec));
	ippd_decoder_free(dec);
	free(w);
}

static void test_truncated_everywhere(void **state)
{
	(void)state;
	wire_t *w = collection_message();
	for (size_t cut = 0; cut < w->n; cut++) {
		ippd_error_t err;
		assert_null(ippd_msg_decode(w->b, cut, NULL, NULL, &err));
		assert_int_equal(err.code, IPPD_ERR_TRUNCATED);
		assert_int_equal(err.offset, cut);
		assert_non_null(strstr(err.text, "before end-of-attributes"));
	}
	free(w);
}

/* ------------------------------------------------------------------ */
/* One test per class of malformed input                              */
/* ------------------------------------------------------------------ */

/* Decodes `w` with `lim` and checks the error's code, offset, IPP status and wording. */
static void expect_error(const wire_t *w, const ippd_limits_t *lim, ippd_err_t code, size_t offset,
                         uint16_t ipp_status, const char *words)
{
	ippd_error_t err;
	ippd_msg_t *m = ippd_msg_decode(w->b, w->n, lim, NULL, &err);
	if (m)
		fail_msg("decoded a message that should have failed with \"%s\"", words);
	if (err.code != code || err.offset != offset || !strstr(err.text, words) || err.ipp_status != ipp_status)
		fail_msg("got code %d at byte %zu status 0x%04x \"%s\"; wanted code %d at %zu status 0x%04x \"%s\"",
		         err.code, err.offset, err.ipp_status, err.text, code, offset, ipp_status, words);
	/* Fed one byte at a time, the same error at the same byte. */
	ippd_decoder_t *dec = ippd_decoder_new(lim);
	ippd_decode_status_t st = IPPD_DECODE_NEED_MORE;
	for (size_t i = 0; i < w->n && st == IPPD_DECODE_NEED_MORE; i++)
		st = ippd_decoder_feed(dec, w->b + i, 1, NULL);
	assert_int_equal(st, IPPD_DECODE_ERROR);
	assert_int_equal(ippd_decoder_error(dec)->offset, offset);
	assert_int_equal(ippd_decoder_feed(dec, "x", 1, NULL), IPPD_DECODE_ERROR);
	ippd_decoder_free(dec);
}

/* A request header and operation group with the two charset/language attributes: 8 + 1 + 28 + 34 = 71 bytes. */
static wire_t *start(void)
{
	wire_t *w = wire_new();
	wheader(w, 2, 0, 0x0002, 1);
	w8(w, 0x01);
	wattr_str(w, 0x47, "attributes-charset", "utf-8");
	wattr_str(w, 0x48, "attributes-natural-language", "en");
	assert_int_equal(w->n, 71);
	return w;
}

static void test_bad_value_before_group(void **state)
{
	(void)state;
	wire_t *w = wire_new();
	wheader(w, 2, 0, 0x0002, 1);
	wattr_str(w, 0x47, "attributes-charset", "utf-8"); /* no operation-attributes-tag */
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 8, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "before any attribute group tag");
	free(w);
}

static void test_bad_reserved_delimiter(void **state)
{
	(void)state;
	wire_t *w = start();
	w8(w, 0x0b); /* reserved delimiter */
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 71, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "reserved delimiter tag 0x0b");
	free(w);
	w = start();
	w8(w, 0x00);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 71, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "reserved delimiter tag 0x00");
	free(w);
}

static void test_bad_negative_lengths(void **state)
{
	(void)state;
	wire_t *w = start();
	w8(w, 0x44);
	w16(w, 0x8001); /* name-length with the sign bit set */
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 72, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "negative name-length");
	free(w);
	w = start();
	w8(w, 0x44);
	wstr(w, "job-sheets");
	w16(w, 0xffff); /* value-length -1 */
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 84, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "negative value-length");
	free(w);
}

static void test_bad_orphan_additional_value(void **state)
{
	(void)state;
	wire_t *w = start();
	w8(w, 0x02); /* job-attributes-tag: a new group has no attribute yet */
	w8(w, 0x44);
	w16(w, 0); /* name-length 0: an additional value of nothing */
	wstr(w, "x");
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 73, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "additional value (name-length 0) with no attribute");
	free(w);
}

static void test_bad_fixed_lengths(void **state)
{
	(void)state;
	const struct {
		unsigned tag, len;
	} cases[] = {
		{0x21, 3}, {0x23, 5}, {0x22, 2}, {0x31, 10}, {0x32, 8}, {0x33, 9}, {0x34, 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wire_t *w = start();
		w8(w, cases[i].tag);
		wstr(w, "x");
		w16(w, cases[i].len);
		for (unsigned k = 0; k < cases[i].len; k++)
			w8(w, 0);
		w8(w, 0x03);
		expect_error(w, NULL, IPPD_ERR_MALFORMED, 75, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "needs exactly");
		free(w);
	}
}

static void test_bad_boolean(void **state)
{
	(void)state;
	wire_t *w = start();
	w8(w, 0x22);
	wstr(w, "ipp-attribute-fidelity");
	w16(w, 1);
	w8(w, 2); /* neither false nor true */
	w8(w, 0x03);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 98, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "boolean value 0x02");
	free(w);
}

static void test_bad_string_with_language(void **state)
{
	(void)state;
	wire_t *w = start();
	w8(w, 0x35);
	wstr(w, "job-name");
	w16(w, 2 + 2 + 2 + 3); /* value-length 9 */
	wstr(w, "en");
	w16(w, 4); /* says 4 octets of text, but 3 follow */
	wraw(w, "abc", 3);
	w8(w, 0x03);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 84, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "do not add up");
	free(w);
	w = start();
	w8(w, 0x36);
	wstr(w, "job-name");
	w16(w, 3); /* shorter than the two length fields */
	wraw(w, "abc", 3);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 82, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "too short");
	free(w);
}

static void test_bad_collection_structure(void **state)
{
	(void)state;
	wire_t *w;

	/* memberAttrName at the top level */
	w = start();
	w8(w, 0x4a);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 71, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "memberAttrName outside a collection");
	free(w);

	/* endCollection at the top level */
	w = start();
	w8(w, 0x37);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 71, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "endCollection outside a collection");
	free(w);

	/* a named attribute inside a collection */
	w = start();
	w8(w, 0x34);
	wstr(w, "media-col");
	w16(w, 0);
	wattr_str(w, 0x44, "media-type", "plain"); /* at byte 85 */
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 86, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "inside a collection");
	free(w);

	/* a member with no value */
	w = start();
	w8(w, 0x34);
	wstr(w, "media-col");
	w16(w, 0);
	w8(w, 0x4a);
	w16(w, 0);
	wstr(w, "media-type");
	w8(w, 0x37); /* at byte 102 */
	w16(w, 0);
	w16(w, 0);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 103, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "member 'media-type' has no value");
	free(w);

	/* a value before any member name */
	w = start();
	w8(w, 0x34);
	wstr(w, "media-col");
	w16(w, 0);
	w8(w, 0x44);
	w16(w, 0);
	wstr(w, "plain");
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 90, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "before any memberAttrName");
	free(w);

	/* an empty member name */
	w = start();
	w8(w, 0x34);
	wstr(w, "media-col");
	w16(w, 0);
	w8(w, 0x4a);
	w16(w, 0);
	w16(w, 0);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 88, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "empty memberAttrName");
	free(w);

	/* a group tag before the collection is closed */
	w = start();
	w8(w, 0x34);
	wstr(w, "media-col");
	w16(w, 0);
	w8(w, 0x03);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 85, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "never closed");
	free(w);

	/* endCollection with a value */
	w = start();
	w8(w, 0x34);
	wstr(w, "media-col");
	w16(w, 0);
	w8(w, 0x37);
	w16(w, 0);
	w16(w, 1);
	w8(w, 0);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 88, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "needs exactly 0");
	free(w);
}

static void test_bad_extension(void **state)
{
	(void)state;
	wire_t *w = start();
	w8(w, 0x7f);
	wstr(w, "x-ext");
	w16(w, 2); /* too short to hold the four-octet extended tag */
	w16(w, 0);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 79, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "too short");
	free(w);
	w = start();
	w8(w, 0x7f);
	wstr(w, "x-ext");
	w16(w, 4);
	w32(w, 0x80000001u); /* the extended tag's sign bit is set */
	w8(w, 0x03);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 81, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "negative type");
	free(w);
}

static void test_bad_strict_lengths(void **state)
{
	(void)state;
	const struct {
		unsigned tag;
		size_t max;
	} cases[] = {
		{0x41, 1023}, {0x42, 255}, {0x44, 255}, {0x45, 1023}, {0x46, 63},
		{0x47, 63},   {0x48, 63},  {0x49, 255}, {0x30, 1023},
	};
	char *big = malloc(2000);
	memset(big, 'a', 2000);
	ippd_limits_t lax;
	ippd_limits_response(&lax);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* At the limit it decodes ... */
		wire_t *w = start();
		w8(w, cases[i].tag);
		wstr(w, "x");
		w16(w, (unsigned)cases[i].max);
		wraw(w, big, cases[i].max);
		w8(w, 0x03);
		ippd_msg_t *m = ippd_msg_decode(w->b, w->n, NULL, NULL, NULL);
		assert_non_null(m);
		ippd_msg_free(m);
		free(w);
		/* ... one octet over it is client-error-request-value-too-long, unless lengths are lax. */
		w = start();
		w8(w, cases[i].tag);
		wstr(w, "x");
		w16(w, (unsigned)cases[i].max + 1);
		wraw(w, big, cases[i].max + 1);
		w8(w, 0x03);
		expect_error(w, NULL, IPPD_ERR_TOO_LONG, 75, IPPD_STATUS_CLIENT_ERROR_REQUEST_VALUE_TOO_LONG, "octets; at most");
		m = ippd_msg_decode(w->b, w->n, &lax, NULL, NULL);
		assert_non_null(m);
		ippd_msg_free(m);
		free(w);
	}
	/* An attribute name longer than a keyword may be. */
	wire_t *w = start();
	w8(w, 0x44);
	big[256] = '\0';
	wstr(w, big);
	expect_error(w, NULL, IPPD_ERR_TOO_LONG, 72, IPPD_STATUS_CLIENT_ERROR_REQUEST_VALUE_TOO_LONG, "attribute name of 256 octets");
	free(w);
	/* The text inside a textWithLanguage. */
	w = start();
	w8(w, 0x35);
	wstr(w, "job-name");
	w16(w, 4 + 2 + 1024);
	wstr(w, "en");
	big[256] = 'a';
	big[1024] = '\0';
	wstr(w, big);
	expect_error(w, NULL, IPPD_ERR_TOO_LONG, 84, IPPD_STATUS_CLIENT_ERROR_REQUEST_VALUE_TOO_LONG, "1024-octet text");
	free(w);
	free(big);
}

static void test_bad_out_of_band_with_value(void **state)
{
	(void)state;
	wire_t *w = start();
	w8(w, 0x13); /* no-value */
	wstr(w, "printer-location");
	w16(w, 1);
	w8(w, 'x');
	w8(w, 0x03);
	expect_error(w, NULL, IPPD_ERR_MALFORMED, 90, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "out-of-band value");
	free(w);
}

static void test_limits(void **state)
{
	(void)state;
	ippd_limits_t lim;
	wire_t *w;

	/* attribute count: the third attribute is one too many */
	ippd_limits_request(&lim);
	lim.max_attrs = 2;
	w = start();
	wattr_int(w, 0x21, "copies", 1);
	expect_error(w, &lim, IPPD_ERR_LIMIT, 71, IPPD_STATUS_CLIENT_ERROR_REQUEST_ENTITY_TOO_LARGE, "more than 2 attributes");
	free(w);

	/* values in one attribute */
	ippd_limits_request(&lim);
	lim.max_values = 2;
	w = start();
	wattr_int(w, 0x21, "x", 1);
	for (int i = 0; i < 2; i++) {
		w8(w, 0x21);
		w16(w, 0);
		w16(w, 4);
		w32(w, 2);
	}
	expect_error(w, &lim, IPPD_ERR_LIMIT, 90, IPPD_STATUS_CLIENT_ERROR_REQUEST_ENTITY_TOO_LARGE, "more than 2 values in 'x'");
	free(w);

	/* collection depth */
	ippd_limits_request(&lim);
	lim.max_depth = 2;
	w = start();
	w8(w, 0x34);
	wstr(w, "c");
	w16(w, 0);
	for (int i = 0; i < 2; i++) {
		w8(w, 0x4a);
		w16(w, 0);
		wstr(w, "c");
		w8(w, 0x34);
		w16(w, 0);
		w16(w, 0);
	}
	expect_error(w, &lim, IPPD_ERR_LIMIT, 94, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "nested deeper than 2");
	free(w);

	/* groups */
	ippd_limits_request(&lim);
	lim.max_groups = 2;
	w = start();
	w8(w, 0x02);
	w8(w, 0x02);
	expect_error(w, &lim, IPPD_ERR_LIMIT, 72, IPPD_STATUS_CLIENT_ERROR_REQUEST_ENTITY_TOO_LARGE, "more than 2 attribute groups");
	free(w);

	/* total size: one byte over, with no end tag in sight */
	ippd_limits_request(&lim);
	lim.max_size = 80;
	w = start();
	wattr_int(w, 0x21, "copies", 1);
	expect_error(w, &lim, IPPD_ERR_LIMIT, 80, IPPD_STATUS_CLIENT_ERROR_REQUEST_ENTITY_TOO_LARGE, "exceed 80 bytes");
	free(w);
	/* ... and a message that fits exactly is fine, with document data beyond the limit. */
	w = start();
	w8(w, 0x03);
	lim.max_size = w->n;
	wraw(w, "document", 8);
	size_t used = 0;
	ippd_msg_t *m = ippd_msg_decode(w->b, w->n, &lim, &used, NULL);
	assert_non_null(m);
	assert_int_equal(used, 72);
	ippd_msg_free(m);
	free(w);
}

static void test_unknown_tags_are_kept(void **state)
{
	(void)state;
	wire_t *w = start();
	w8(w, 0x4b); /* a reserved character-string tag */
	wstr(w, "x-future");
	wstr(w, "value");
	w8(w, 0x7f); /* the extension tag with a four-octet type and two octets of value */
	wstr(w, "x-ext");
	w16(w, 6);
	w32(w, 0x00001234);
	w16(w, 0xbeef);
	w8(w, 0x03);
	ippd_msg_t *m = ippd_msg_decode(w->b, w->n, NULL, NULL, NULL);
	assert_non_null(m);
	ippd_attr_t *a = ippd_msg_find(m, IPPD_TAG_OPERATION, "x-future");
	assert_int_equal(ippd_attr_tag(a), 0x4b);
	size_t len = 0;
	const uint8_t *raw = ippd_attr_get_raw(ippd_msg_find(m, IPPD_TAG_OPERATION, "x-ext"), 0, &len);
	assert_int_equal(len, 6);
	assert_int_equal(raw[3], 0x34);
	uint8_t *out = NULL;
	size_t out_len = 0;
	assert_int_equal(ippd_msg_encode_alloc(m, &out, &out_len), IPPD_OK);
	assert_int_equal(out_len, w->n);
	assert_memory_equal(out, w->b, w->n);
	free(out);
	ippd_msg_free(m);
	free(w);
}

static void test_reset_and_reuse(void **state)
{
	(void)state;
	ippd_decoder_t *dec = ippd_decoder_new(NULL);
	wire_t *w = gpa_request();
	assert_int_equal(ippd_decoder_feed(dec, w->b, 20, NULL), IPPD_DECODE_NEED_MORE);
	assert_non_null(ippd_decoder_peek(dec));
	assert_int_equal(ippd_msg_get_request_id(ippd_decoder_peek(dec)), 1);
	ippd_decoder_reset(dec);
	assert_int_equal(ippd_decoder_offset(dec), 0);
	assert_int_equal(ippd_decoder_feed(dec, w->b, w->n, NULL), IPPD_DECODE_DONE);
	ippd_msg_t *m = ippd_decoder_take(dec);
	assert_non_null(m);
	ippd_msg_free(m);
	/* take() resets: the decoder is ready for the next message on a keep-alive connection. */
	assert_int_equal(ippd_decoder_feed(dec, w->b, w->n, NULL), IPPD_DECODE_DONE);
	ippd_decoder_free(dec);
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_gpa_request),
		cmocka_unit_test(test_decode_collections),
		cmocka_unit_test(test_every_chunking),
		cmocka_unit_test(test_document_data_offset),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_bad_value_before_group),
		cmocka_unit_test(test_bad_reserved_delimiter),
		cmocka_unit_test(test_bad_negative_lengths),
		cmocka_unit_test(test_bad_orphan_additional_value),
		cmocka_unit_test(test_bad_fixed_lengths),
		cmocka_unit_test(test_bad_boolean),
		cmocka_unit_test(test_bad_string_with_language),
		cmocka_unit_test(test_bad_collection_structure),
		cmocka_unit_test(test_bad_extension),
		cmocka_unit_test(test_bad_strict_lengths),
		cmocka_unit_test(test_bad_out_of_band_with_value),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_unknown_tags_are_kept),
		cmocka_unit_test(test_reset_and_reuse),
	};
	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
