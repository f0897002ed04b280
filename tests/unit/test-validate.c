/* Unit tests for request validation: each check, its status code, its message and the unsupported group. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <ippd/codec.h>
#include <ippd/registry.h>
#include <ippd/validate.h>

/* A valid Print-Job request to spoil. */
static ippd_msg_t *print_job(void)
{
	ippd_msg_t *m = ippd_msg_new_request(IPPD_OP_PRINT_JOB, 1);
	ippd_group_t *op = ippd_msg_find_group(m, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_URI, "printer-uri", "ipp://localhost/ipp/print");
	ippd_group_add_string(op, IPPD_TAG_NAME, "requesting-user-name", "alice");
	ippd_group_add_string(op, IPPD_TAG_MIME_TYPE, "document-format", "application/pdf");
	return m;
}

static ippd_group_t *job_group(ippd_msg_t *m)
{
	return ippd_msg_get_group(m, IPPD_TAG_JOB);
}

/* Validates and checks status, a phrase of the message, and whether `unsupported` is in the unsupported group. */
static void expect(const ippd_msg_t *req, const ippd_validate_opts_t *opts, uint16_t status, const char *phrase,
                   const char *unsupported)
{
	ippd_msg_t *resp = ippd_msg_new_response(req, 0);
	char msg[256];
	uint16_t got = ippd_request_validate(req, opts, resp, msg, sizeof(msg));
	if (got != status || (phrase && !strstr(msg, phrase)))
		fail_msg("got %s \"%s\"; wanted %s \"%s\"", ippd_status_name(got), msg, ippd_status_name(status),
		         phrase ? phrase : "");
	ippd_attr_t *u = ippd_msg_find(resp, IPPD_TAG_UNSUPPORTED_GROUP, unsupported ? unsupported : "");
	if (unsupported)
		assert_non_null(u);
	else
		assert_null(ippd_msg_find_group(resp, IPPD_TAG_UNSUPPORTED_GROUP));
	ippd_msg_free(resp);
}

static void test_valid_request(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_group_t *job = job_group(m);
	ippd_group_add_integer(job, IPPD_TAG_INTEGER, "copies", 2);
	ippd_group_add_integers(job, IPPD_TAG_ENUM, "finishings", 1, (int32_t[]){4});
	ippd_group_t *mc = ippd_group_add_collection(job, "media-col");
	ippd_group_t *size = ippd_group_add_collection(mc, "media-size");
	ippd_group_add_integer(size, IPPD_TAG_INTEGER, "x-dimension", 21000);
	ippd_group_add_integer(size, IPPD_TAG_INTEGER, "y-dimension", 29700);
	ippd_attr_t *hold = ippd_group_add_string_lang(job, IPPD_TAG_NAME_LANG, "job-hold-until", "after-lunch", "en");
	assert_non_null(hold);
	ippd_group_add_string(job, IPPD_TAG_KEYWORD, "x-vendor-unknown", "Anything Goes");
	expect(m, NULL, IPPD_STATUS_SUCCESSFUL_OK, NULL, NULL);
	ippd_msg_free(m);
}

static void test_version(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_msg_set_version(m, 3, 0);
	expect(m, NULL, IPPD_STATUS_SERVER_ERROR_VERSION_NOT_SUPPORTED, "3.0 is not supported", NULL);
	ippd_msg_set_version(m, 1, 0);
	expect(m, NULL, IPPD_STATUS_SUCCESSFUL_OK, NULL, NULL);
	ippd_validate_opts_t only2 = {.versions = IPPD_VERSION_2_0 | IPPD_VERSION_2_1 | IPPD_VERSION_2_2};
	expect(m, &only2, IPPD_STATUS_SERVER_ERROR_VERSION_NOT_SUPPORTED, "1.0", NULL);
	/* The version is checked before anything else. */
	ippd_msg_set_request_id(m, 0);
	expect(m, &only2, IPPD_STATUS_SERVER_ERROR_VERSION_NOT_SUPPORTED, NULL, NULL);
	ippd_msg_free(m);
}

static void test_request_id(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_msg_set_request_id(m, 0);
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "request-id", NULL);
	ippd_msg_set_request_id(m, -5);
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "not -5", NULL);
	ippd_msg_free(m);
}

static void test_operation_group_shape(void **state)
{
	(void)state;
	ippd_msg_t *m;

	/* No groups at all. */
	m = ippd_msg_new();
	ippd_msg_set_request_id(m, 1);
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "start with the operation attributes group", NULL);
	/* A job group first. */
	ippd_group_add_integer(ippd_msg_add_group(m, IPPD_TAG_JOB), IPPD_TAG_INTEGER, "copies", 1);
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "start with the operation attributes group", NULL);
	ippd_msg_free(m);

	/* Language before charset. */
	m = ippd_msg_new();
	ippd_msg_set_request_id(m, 1);
	ippd_group_t *op = ippd_msg_add_group(m, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_LANGUAGE, "attributes-natural-language", "en");
	ippd_group_add_string(op, IPPD_TAG_CHARSET, "attributes-charset", "utf-8");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "attributes-charset must be the first", NULL);
	ippd_msg_free(m);

	/* Charset only. */
	m = ippd_msg_new();
	ippd_msg_set_request_id(m, 1);
	op = ippd_msg_add_group(m, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_CHARSET, "attributes-charset", "utf-8");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "attributes-natural-language must be the second", NULL);
	/* Wrong syntax for the language. */
	ippd_group_add_string(op, IPPD_TAG_KEYWORD, "attributes-natural-language", "en");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "one naturalLanguage value", NULL);
	ippd_msg_free(m);

	/* Two charset values. */
	m = ippd_msg_new();
	ippd_msg_set_request_id(m, 1);
	op = ippd_msg_add_group(m, IPPD_TAG_OPERATION);
	const char *two[] = {"utf-8", "us-ascii"};
	ippd_group_add_strings(op, IPPD_TAG_CHARSET, "attributes-charset", 2, two);
	ippd_group_add_string(op, IPPD_TAG_LANGUAGE, "attributes-natural-language", "en");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "one charset value", NULL);
	ippd_msg_free(m);

	/* Two operation groups. */
	m = print_job();
	ippd_msg_add_group(m, IPPD_TAG_OPERATION);
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "more than one operation attributes group", NULL);
	ippd_msg_free(m);
}

static void test_charset(void **state)
{
	(void)state;
	ippd_msg_t *m = ippd_msg_new();
	ippd_msg_set_request_id(m, 1);
	ippd_group_t *op = ippd_msg_add_group(m, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_CHARSET, "attributes-charset", "iso-8859-1");
	ippd_group_add_string(op, IPPD_TAG_LANGUAGE, "attributes-natural-language", "en");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_CHARSET_NOT_SUPPORTED, "'iso-8859-1'", NULL);
	const char *latin[] = {"iso-8859-1", NULL};
	ippd_validate_opts_t opts = {.charsets = latin};
	expect(m, &opts, IPPD_STATUS_SUCCESSFUL_OK, NULL, NULL);
	ippd_msg_free(m);
	/* Charset names are case-insensitive. */
	m = ippd_msg_new();
	ippd_msg_set_request_id(m, 1);
	op = ippd_msg_add_group(m, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_CHARSET, "attributes-charset", "UTF-8");
	ippd_group_add_string(op, IPPD_TAG_LANGUAGE, "attributes-natural-language", "en");
	expect(m, NULL, IPPD_STATUS_SUCCESSFUL_OK, NULL, NULL);
	ippd_msg_free(m);
}

static void test_wrong_syntax(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_group_add_string(job_group(m), IPPD_TAG_KEYWORD, "copies", "two");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED, "'copies' has a value of syntax keyword",
	       "copies");
	ippd_msg_free(m);
}

static void test_out_of_range(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_group_add_integer(job_group(m), IPPD_TAG_INTEGER, "copies", 0);
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED, "'copies' is 0", "copies");
	ippd_msg_free(m);

	m = print_job();
	ippd_attr_t *pr = ippd_group_add_range(job_group(m), "page-ranges", 5, 2);
	assert_non_null(pr);
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED, "5-2", "page-ranges");
	ippd_msg_free(m);
}

static void test_single_valued(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_group_add_integers(job_group(m), IPPD_TAG_INTEGER, "copies", 2, (int32_t[]){1, 2});
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED, "takes one value; 2 were sent",
	       "copies");
	ippd_msg_free(m);
}

static void test_unknown_enum(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_group_add_integer(job_group(m), IPPD_TAG_ENUM, "orientation-requested", 99);
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED, "unknown enum value 99",
	       "orientation-requested");
	ippd_msg_free(m);
}

static void test_malformed_keyword(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_group_add_string(ippd_msg_find_group(m, IPPD_TAG_OPERATION), IPPD_TAG_KEYWORD, "requested-attributes",
	                      "Job Name");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED, "malformed keyword",
	       "requested-attributes");
	ippd_msg_free(m);
	assert_true(ippd_keyword_valid("iso_a4_210x297mm", 16));
	assert_false(ippd_keyword_valid("9up", 3));
	assert_false(ippd_keyword_valid("", 0));
}

static void test_too_long(void **state)
{
	(void)state;
	char name[300];
	memset(name, 'n', sizeof(name));
	name[256] = '\0';
	ippd_msg_t *m = print_job();
	ippd_group_add_string(ippd_msg_find_group(m, IPPD_TAG_OPERATION), IPPD_TAG_NAME, "job-name", name);
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_REQUEST_VALUE_TOO_LONG, "256 octets long; at most 255", "job-name");
	/* A worse problem wins the status, and the message follows it. */
	ippd_group_add_integer(job_group(m), IPPD_TAG_INTEGER, "copies", 0);
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_REQUEST_VALUE_TOO_LONG, "job-name", "copies");
	ippd_msg_free(m);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_group_add_string(ippd_msg_find_group(m, IPPD_TAG_OPERATION), IPPD_TAG_NAME, "job-name", "bad \xc0\xaf name");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "not valid UTF-8", "job-name");
	ippd_msg_free(m);
	assert_true(ippd_utf8_valid("\xe2\x82\xac \xf0\x9f\x96\xa8", 8));
	assert_false(ippd_utf8_valid("\xed\xa0\x80", 3)); /* a surrogate */
	assert_false(ippd_utf8_valid("\xf4\x90\x80\x80", 4)); /* past U+10FFFF */
	assert_false(ippd_utf8_valid("\xe2\x82", 2));         /* cut short */
}

static void test_unprintable_names(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_group_add_string(job_group(m), IPPD_TAG_KEYWORD, "x-\x1b[31m\n", "v");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "not printable US-ASCII", NULL);
	ippd_msg_free(m);
	/* A collection member named with a C1 control (U+009B). */
	m = print_job();
	ippd_group_t *mc = ippd_group_add_collection(job_group(m), "x-vendor-col");
	ippd_group_add_integer(mc, IPPD_TAG_INTEGER, "a\xc2\x9b", 1);
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "not printable US-ASCII", NULL);
	ippd_msg_free(m);
	/* A name twice in one group: ambiguous. */
	m = print_job();
	ippd_group_add_string(ippd_msg_find_group(m, IPPD_TAG_OPERATION), IPPD_TAG_MIME_TYPE, "document-format",
	                      "image/jpeg");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "'document-format' appears twice", NULL);
	ippd_msg_free(m);
	/* Vendor names with capitals stay acceptable. */
	m = print_job();
	ippd_group_add_string(job_group(m), IPPD_TAG_KEYWORD, "com.example.PrintQuality", "v");
	expect(m, NULL, IPPD_STATUS_SUCCESSFUL_OK, NULL, NULL);
	ippd_msg_free(m);
}

static void test_collection_members(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_group_t *mc = ippd_group_add_collection(job_group(m), "media-col");
	ippd_group_t *size = ippd_group_add_collection(mc, "media-size");
	ippd_group_add_string(size, IPPD_TAG_KEYWORD, "x-dimension", "wide");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED, "'media-col.media-size.x-dimension'",
	       "media-col");
	ippd_msg_free(m);
}

static void test_out_of_band(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_group_add_out_of_band(job_group(m), IPPD_TAG_DELETE_ATTRIBUTE, "job-hold-until");
	expect(m, NULL, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED, "delete-attribute", "job-hold-until");
	ippd_validate_opts_t set = {.allow_out_of_band = true};
	expect(m, &set, IPPD_STATUS_SUCCESSFUL_OK, NULL, NULL);
	ippd_msg_free(m);
}

static void test_no_response_needed(void **state)
{
	(void)state;
	ippd_msg_t *m = print_job();
	ippd_group_add_integer(job_group(m), IPPD_TAG_INTEGER, "copies", 0);
	assert_int_equal(ippd_request_validate(m, NULL, NULL, NULL, 0),
	                 IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED);
	assert_int_equal(ippd_request_validate(NULL, NULL, NULL, NULL, 0), IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST);
	ippd_msg_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_request),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_request_id),
		cmocka_unit_test(test_operation_group_shape),
		cmocka_unit_test(test_charset),
		cmocka_unit_test(test_wrong_syntax),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_single_valued),
		cmocka_unit_test(test_unknown_enum),
		cmocka_unit_test(test_malformed_keyword),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_unprintable_names),
		cmocka_unit_test(test_collection_members),
		cmocka_unit_test(test_out_of_band),
		cmocka_unit_test(test_no_response_needed),
	};
	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
