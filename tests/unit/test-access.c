/* Unit tests for the access policy: configuration keys, privacy values, and the role table against docs/SECURITY.md. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "access.h"
#include "config.h"

#define TEST(fn, title) ((struct CMUnitTest){.name = (title), .test_func = (fn)})
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void config_keys(void **state)
{
	(void)state;
	access_policy_t pol;
	memset(&pol, 0, sizeof(pol));
	char err[300] = "";
	assert_int_equal(access_config_key(&pol, "info", "x", err, sizeof(err)), 0);
	assert_int_equal(access_config_key(&pol, "auth", "basic", err, sizeof(err)), 1);
	assert_int_equal(pol.auth, AUTH_MODE_BASIC);
	assert_true(pol.set & ACCESS_SET_AUTH);
	assert_int_equal(access_config_key(&pol, "auth", "digest", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "none or basic"));
	assert_int_equal(access_config_key(&pol, "print-users", "alice, bob @staff", err, sizeof(err)), 1);
	assert_string_equal(pol.print_users, "alice, bob @staff");
	assert_int_equal(access_config_key(&pol, "operators", "a:b", err, sizeof(err)), -1);
	assert_int_equal(access_config_key(&pol, "admins", "@", err, sizeof(err)), -1);
	assert_int_equal(access_config_key(&pol, "admins", "@bad!group", err, sizeof(err)), -1);
	assert_int_equal(access_config_key(&pol, "job-privacy-attributes", "default, job-template", err, sizeof(err)), 1);
	assert_int_equal(access_config_key(&pol, "job-privacy-attributes", "none, job-name", err, sizeof(err)), -1);
	assert_int_equal(access_config_key(&pol, "job-privacy-attributes", "Job-Name", err, sizeof(err)), -1);
	assert_int_equal(access_config_key(&pol, "job-privacy-scope", "owner", err, sizeof(err)), 1);
	assert_int_equal(access_config_key(&pol, "job-privacy-scope", "group", err, sizeof(err)), -1);
	assert_true(access_valid_privacy_scope("all") && access_valid_privacy_scope("default") &&
	            access_valid_privacy_scope("none") && !access_valid_privacy_scope(""));
	assert_false(access_valid_privacy_attrs(""));
	assert_true(access_valid_privacy_attrs("none"));
	assert_true(access_valid_privacy_attrs("job-name,job-originating-user-name"));
}

/* A configuration file with the access keys, inheritance, and the service-wide ones. */
static void config_file(void **state)
{
	(void)state;
	char path[] = "/tmp/test-access-conf.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("[default]\nauth = basic\noperators = olga\nallow-basic-on-loopback = no\npassword-file = /etc/ippd/passwd\n"
	      "[printer office]\nprint-users = @staff\n",
	      f);
	fclose(f);
	config_t *cfg = calloc(1, sizeof(*cfg));
	char err[600] = "";
	assert_true(config_load(cfg, path, err, sizeof(err)));
	assert_int_equal(cfg->printers[0].policy.auth, AUTH_MODE_BASIC);
	assert_false(cfg->allow_basic_on_loopback);
	assert_string_equal(cfg->password_file, "/etc/ippd/passwd");
	assert_string_equal(cfg->printers[1].policy.print_users, "@staff");
	assert_false(cfg->printers[1].policy.set & ACCESS_SET_AUTH);

	/* A service-wide key in a printer section, and a bad value, name their line. */
	f = fopen(path, "w");
	fputs("[printer office]\nallow-basic-on-loopback = no\n", f);
	fclose(f);
	assert_false(config_load(cfg, path, err, sizeof(err)));
	assert_non_null(strstr(err, ":2: allow-basic-on-loopback is a service-wide key"));
	f = fopen(path, "w");
	fputs("[default]\n\nauth = kerberos\n", f);
	fclose(f);
	assert_false(config_load(cfg, path, err, sizeof(err)));
	assert_non_null(strstr(err, ":3: auth must be none or basic"));
	free(cfg);
	unlink(path);
}

/* Every row of the role table in docs/SECURITY.md is what access_class_of() says. */
static void role_table_matches_doc(void **state)
{
	(void)state;
	FILE *f = fopen(SECURITY_MD, "r");
	assert_non_null(f);
	char line[512];
	int rows = 0;
	while (fgets(line, sizeof(line), f)) {
		char name[128], cls[32];
		unsigned code;
		if (sscanf(line, "| %127[A-Za-z-] | 0x%4x | %31[a-z] |", name, &code, cls) != 3)
			continue;
		if (strcmp(access_class_name(access_class_of((uint16_t)code)), cls) != 0)
			fail_msg("%s (0x%04x): docs/SECURITY.md says %s, access_class_of says %s", name, code, cls,
			         access_class_name(access_class_of((uint16_t)code)));
		rows++;
	}
	fclose(f);
	assert_true(rows >= 60);
	/* An operation no one classified is for administrators only. */
	assert_int_equal(access_class_of(0x7fff), AC_ADMIN);
	assert_int_equal(access_class_of(IPPD_OP_GET_PRINTER_ATTRIBUTES), AC_ANYONE);
}

static void loopback(void **state)
{
	(void)state;
	assert_true(access_peer_is_loopback("127.0.0.1:631"));
	assert_true(access_peer_is_loopback("127.8.9.10:1"));
	assert_true(access_peer_is_loopback("[::1]:631"));
	assert_true(access_peer_is_loopback("[::ffff:127.0.0.1]:631"));
	assert_false(access_peer_is_loopback("10.0.0.1:631"));
	assert_false(access_peer_is_loopback("[::12]:631"));
	assert_false(access_peer_is_loopback("1127.0.0.1:5"));
	assert_false(access_peer_is_loopback("?"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(config_keys, "access_config_key(auth, lists, privacy: good and bad values)"),
		TEST(config_file, "config_load(access keys, service-wide keys, errors with line numbers)"),
		TEST(role_table_matches_doc, "access_class_of(every row of docs/SECURITY.md's role table)"),
		TEST(loopback, "access_peer_is_loopback()"),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
