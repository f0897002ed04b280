/* Allocation-failure tests: fail the Nth allocation, for every N, and check nothing crashes or leaks. */
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

#include <ippd/codec.h>
#include <ippd/validate.h>

/* Linked with -Wl,--wrap=malloc,--wrap=calloc: every allocation in libippd comes through here. */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);

static long countdown = -1; /* allocations left before one fails; -1: never fail */
static long seen;

static bool should_fail(void)
{
	seen++;
	if (countdown < 0)
		return false;
	return countdown-- == 0;
}

void *__wrap_malloc(size_t n)
{
	return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	return should_fail() ? NULL : __real_calloc(n, m);
}

static unsigned char *read_fixture(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static unsigned char buf[1 << 16];
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

/* Decodes, validates, copies and encodes one message; returns whether it all worked. */
static bool exercise(const unsigned char *data, size_t len)
{
	ippd_error_t err;
	ippd_msg_t *m = ippd_msg_decode(data, len, NULL, NULL, &err);
	if (!m) {
		assert_int_equal(err.code, IPPD_ERR_NOMEM);
		return false;
	}
	bool ok = true;
	ippd_msg_t *resp = ippd_msg_new_response(m, 0);
	if (resp) {
		ippd_request_validate(m, NULL, resp, NULL, 0);
		ippd_group_t *g = ippd_msg_add_group(resp, IPPD_TAG_PRINTER);
		for (ippd_group_t *src = ippd_msg_first_group(m); g && src; src = ippd_group_next(src))
			for (ippd_attr_t *a = ippd_group_first(src); a; a = ippd_attr_next(a))
				ok &= ippd_group_copy_attr(g, a, NULL) != NULL;
		uint8_t *out = NULL;
		size_t out_len = 0;
		ippd_err_t e = ippd_msg_encode_alloc(resp, &out, &out_len);
		ok &= e == IPPD_OK;
		if (e != IPPD_OK)
			assert_int_equal(e, IPPD_ERR_NOMEM);
		free(out);
	} else {
		ok = false;
	}
	ippd_msg_free(resp);
	ippd_msg_free(m);
	return ok;
}

static void fail_each_allocation(const char *fixture)
{
	size_t len;
	const unsigned char *data = read_fixture(fixture, &len);
	countdown = -1;
	seen = 0;
	assert_true(exercise(data, len));
	long total = seen;
	assert_true(total > 0);
	for (long n = 0; n < total; n++) {
		countdown = n;
		exercise(data, len);
	}
	countdown = -1;
	print_message("%s: each of %ld allocations failed once\n", fixture, total);
}

static void test_alloc_failures_request(void **state)
{
	(void)state;
	fail_each_allocation("ipptool-print-job-media-col-request.bin");
}

static void test_alloc_failures_response(void **state)
{
	(void)state;
	fail_each_allocation("ippeveprinter-gpa-all-media-col-database.bin");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_failures_request),
		cmocka_unit_test(test_alloc_failures_response),
	};
	return cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
}
