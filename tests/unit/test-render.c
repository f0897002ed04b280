/* Unit tests for the text and JSON renderings: every syntax, escaping, and request/response guessing. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ippd/registry.h>
#include <ippd/render.h>

/* Renders into a string the caller frees. */
static char *render(const ippd_msg_t *m, bool json, ippd_msg_kind_t kind)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(json ? ippd_msg_render_json(m, kind, f) : ippd_msg_render_text(m, kind, f), IPPD_OK);
	fclose(f);
	return buf;
}

static void expect_in(const char *out, const char *want)
{
	if (!out || !strstr(out, want))
		fail_msg("missing %s in:\n%s", want, out ? out : "(nothing)");
}

static ippd_msg_t *sample(void)
{
	ippd_msg_t *m = ippd_msg_new_response(NULL, IPPD_STATUS_SUCCESSFUL_OK);
	ippd_group_t *p = ippd_msg_add_group(m, IPPD_TAG_PRINTER);
	ippd_group_add_integers(p, IPPD_TAG_ENUM, "printer-state", 1, (int32_t[]){3});
	ippd_group_add_integers(p, IPPD_TAG_ENUM, "operations-supported", 2, (int32_t[]){2, 0x7777});
	ippd_group_add_boolean(p, "color-supported", true);
	ippd_group_add_range(p, "copies-supported", 1, 99);
	ippd_group_add_resolution(p, "printer-resolution-default", 600, 600, IPPD_RES_PER_INCH);
	const uint8_t date[11] = {0x07, 0xea, 11, 22, 19, 13, 5, 0, '-', 5, 30};
	ippd_attr_add_date(ippd_group_add(p, "printer-current-time"), date);
	ippd_group_add_string_lang(p, IPPD_TAG_TEXT_LANG, "printer-info", "Caf\xc3\xa9", "fr");
	ippd_group_add_string(p, IPPD_TAG_TEXT, "printer-location", "line1\nline2 \"q\" \x1b[31m");
	ippd_group_add_octets(p, "printer-alert", "\x00\xff", 2);
	ippd_group_add_octets(p, "printer-supply", "type=toner;", 11);
	ippd_group_add_out_of_band(p, IPPD_TAG_UNKNOWN, "printer-geo-location");
	ippd_attr_t *mixed = ippd_group_add_integer(p, IPPD_TAG_INTEGER, "number-up-supported", 1);
	ippd_attr_add_range(mixed, 2, 4);
	ippd_attr_add_raw(ippd_group_add(p, "x-ext"), IPPD_TAG_EXTENSION, "\x00\x00\x00\x42", 4);
	ippd_attr_t *db = ippd_group_add(p, "media-col-database");
	for (int i = 0; i < 2; i++) {
		ippd_group_t *c = ippd_attr_add_collection(db);
		ippd_group_t *s = ippd_group_add_collection(c, "media-size");
		ippd_group_add_integer(s, IPPD_TAG_INTEGER, "x-dimension", 21000 + i);
		ippd_group_add_string(c, IPPD_TAG_KEYWORD, "media-type", "stationery");
	}
	return m;
}

static void test_text(void **state)
{
	(void)state;
	ippd_msg_t *m = sample();
	char *out = render(m, false, IPPD_KIND_AUTO);
	expect_in(out, "IPP/2.0 successful-ok (0x0000) request-id 0\n");
	expect_in(out, "operation-attributes-tag\n  attributes-charset (charset) = utf-8\n");
	expect_in(out, "printer-state (enum) = idle(3)\n");
	expect_in(out, "operations-supported (1setOf enum) = Print-Job(2), 30583\n");
	expect_in(out, "color-supported (boolean) = true\n");
	expect_in(out, "copies-supported (rangeOfInteger) = 1-99\n");
	expect_in(out, "= 600x600dpi\n");
	expect_in(out, "printer-current-time (dateTime) = 2026-11-22T19:13:05-05:30\n");
	expect_in(out, "printer-info (textWithLanguage) = \"Caf\xc3\xa9\" [fr]\n");
	/* Control characters cannot reach the terminal. */
	expect_in(out, "\"line1\\x0aline2 \\\"q\\\" \\x1b[31m\"");
	assert_null(strchr(out, '\x1b'));
	expect_in(out, "printer-alert (octetString) = <00ff>\n");
	expect_in(out, "printer-supply (octetString) = \"type=toner;\"\n");
	expect_in(out, "printer-geo-location (unknown) = unknown\n");
	expect_in(out, "number-up-supported (1setOf (integer | rangeOfInteger)) = 1, 2-4\n");
	expect_in(out, "x-ext (extension) = tag 0x7f <00000042>\n");
	expect_in(out, "media-col-database (1setOf collection) =\n"
	               "    [1] {media-size={x-dimension=21000} media-type=stationery}\n"
	               "    [2] {media-size={x-dimension=21001} media-type=stationery}\n");
	expect_in(out, "end-of-attributes-tag\n");
	free(out);
	ippd_msg_free(m);
}

static void test_json(void **state)
{
	(void)state;
	ippd_msg_t *m = sample();
	char *out = render(m, true, IPPD_KIND_AUTO);
	expect_in(out, "{\"version\":\"2.0\",\"kind\":\"response\",\"status-code\":0,\"status\":\"successful-ok\","
	               "\"request-id\":0,\"groups\":[{\"tag\":\"operation-attributes-tag\",\"attributes\":[");
	expect_in(out, "{\"name\":\"printer-state\",\"syntax\":\"enum\",\"values\":[3],\"keywords\":[\"idle\"]}");
	/* Keywords only when every enum value has one. */
	expect_in(out, "{\"name\":\"operations-supported\",\"syntax\":\"enum\",\"values\":[2,30583]}");
	expect_in(out, "\"values\":[{\"lower\":1,\"upper\":99}]");
	expect_in(out, "\"values\":[{\"x\":600,\"y\":600,\"units\":\"dpi\"}]");
	expect_in(out, "\"values\":[\"2026-11-22T19:13:05-05:30\"]");
	expect_in(out, "\"values\":[{\"text\":\"Caf\xc3\xa9\",\"language\":\"fr\"}]");
	expect_in(out, "\"values\":[\"line1\\u000aline2 \\\"q\\\" \\u001b[31m\"]");
	expect_in(out, "\"values\":[{\"hex\":\"00ff\"}]");
	expect_in(out, "\"syntax\":\"unknown\",\"values\":[null]");
	expect_in(out, "\"syntax\":\"integer\",\"syntaxes\":[\"integer\",\"rangeOfInteger\"],\"values\":[1,{\"lower\":2,\"upper\":4}]");
	expect_in(out, "\"values\":[{\"tag\":127,\"hex\":\"00000042\"}]");
	expect_in(out, "{\"name\":\"media-col-database\",\"syntax\":\"collection\",\"values\":[[{\"name\":\"media-size\","
	               "\"syntax\":\"collection\",\"values\":[[{\"name\":\"x-dimension\",\"syntax\":\"integer\",\"values\":"
	               "[21000]}]]},{\"name\":\"media-type\",\"syntax\":\"keyword\",\"values\":[\"stationery\"]}],");
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);
	ippd_msg_free(m);
}

static void test_json_invalid_utf8(void **state)
{
	(void)state;
	ippd_msg_t *m = ippd_msg_new_response(NULL, 0);
	ippd_group_add_string(ippd_msg_add_group(m, IPPD_TAG_JOB), IPPD_TAG_NAME, "job-name", "a\xff" "b");
	char *out = render(m, true, IPPD_KIND_RESPONSE);
	expect_in(out, "\"values\":[\"a\\ufffdb\"]");
	free(out);
	ippd_msg_free(m);
}

static void test_guess_kind(void **state)
{
	(void)state;
	ippd_msg_t *m = ippd_msg_new_request(IPPD_OP_GET_PRINTER_ATTRIBUTES, 1);
	assert_int_equal(ippd_msg_guess_kind(m), IPPD_KIND_REQUEST);
	char *out = render(m, true, IPPD_KIND_AUTO);
	expect_in(out, "\"kind\":\"request\",\"operation-id\":11,\"operation\":\"Get-Printer-Attributes\"");
	free(out);
	ippd_msg_set_code(m, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND);
	assert_int_equal(ippd_msg_guess_kind(m), IPPD_KIND_RESPONSE);
	/* 0x0002 is Print-Job and successful-ok-conflicting-attributes: the target decides. */
	ippd_msg_set_code(m, 0x0002);
	assert_int_equal(ippd_msg_guess_kind(m), IPPD_KIND_RESPONSE);
	ippd_group_add_string(ippd_msg_find_group(m, IPPD_TAG_OPERATION), IPPD_TAG_URI, "printer-uri", "ipp://h/");
	assert_int_equal(ippd_msg_guess_kind(m), IPPD_KIND_REQUEST);
	out = render(m, false, IPPD_KIND_RESPONSE);
	expect_in(out, "IPP/2.0 successful-ok-conflicting-attributes (0x0002)");
	free(out);
	ippd_msg_set_code(m, 0x3fff);
	out = render(m, false, IPPD_KIND_AUTO);
	expect_in(out, "IPP/2.0 unknown-operation (0x3fff)");
	free(out);
	ippd_msg_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_invalid_utf8),
		cmocka_unit_test(test_guess_kind),
	};
	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
