/* Unit tests for job privacy: which attributes are hidden from whom, for each job-privacy-attributes and -scope. */
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

#include "access.h"
#include "privacy.h"

#define TEST(fn, title) ((struct CMUnitTest){.name = (title), .test_func = (fn)})

/* The default printer with the given privacy settings, and a job of alice's on it. */
static printer_t printer = {.is_default = true, .name = "ippd"};
static job_t job = {.printer = &printer, .owner = "alice"};

static void set_policy(const char *auth, const char *attrs, const char *scope)
{
	access_policy_t pol;
	memset(&pol, 0, sizeof(pol));
	char err[300];
	assert_int_equal(access_config_key(&pol, "auth", auth, err, sizeof(err)), 1);
	if (attrs)
		assert_int_equal(access_config_key(&pol, "job-privacy-attributes", attrs, err, sizeof(err)), 1);
	if (scope)
		assert_int_equal(access_config_key(&pol, "job-privacy-scope", scope, err, sizeof(err)), 1);
	assert_true(access_apply(&pol, NULL, NULL, 0, true));
}

static bool hides(const char *viewer, unsigned roles, const char *attr)
{
	return privacy_hides_locked(&job, viewer, roles, attr);
}

static void defaults_follow_auth(void **state)
{
	(void)state;
	/* auth = none: nothing is private. */
	set_policy("none", NULL, NULL);
	assert_false(hides("bob", 0, "job-name"));
	/* auth = basic: default attributes, owner scope. */
	set_policy("basic", NULL, NULL);
	assert_true(hides("bob", 0, "job-name"));
	assert_true(hides("bob", 0, "job-originating-user-name"));
	assert_true(hides(NULL, 0, "document-name"));
	assert_false(hides("bob", 0, "job-state"));
	assert_false(hides("bob", 0, "copies"));
	assert_false(hides("alice", 0, "job-name"));
	assert_false(hides("olga", ROLE_OPERATOR, "job-name"));
	assert_false(hides("root", ROLE_ADMIN | ROLE_OPERATOR, "job-name"));
}

static void scopes(void **state)
{
	(void)state;
	set_policy("basic", "job-name", "all");
	assert_false(hides("bob", 0, "job-name"));
	set_policy("basic", "job-name", "none");
	assert_true(hides("alice", 0, "job-name"));
	assert_true(hides("bob", 0, "job-name"));
	assert_false(hides("olga", ROLE_OPERATOR, "job-name"));
	set_policy("basic", "job-name", "default");
	assert_false(hides("alice", 0, "job-name"));
	assert_true(hides("bob", 0, "job-name"));
}

static void attribute_sets(void **state)
{
	(void)state;
	set_policy("basic", "all", "owner");
	assert_true(hides("bob", 0, "copies"));
	assert_true(hides("bob", 0, "job-k-octets"));
	/* Never private: a user must be able to follow the queue. */
	assert_false(hides("bob", 0, "job-id"));
	assert_false(hides("bob", 0, "job-uri"));
	assert_false(hides("bob", 0, "job-state-reasons"));
	set_policy("basic", "job-template", "owner");
	assert_true(hides("bob", 0, "copies"));
	assert_true(hides("bob", 0, "media"));
	assert_false(hides("bob", 0, "job-name"));
	set_policy("basic", "job-description", "owner");
	assert_true(hides("bob", 0, "job-name"));
	assert_true(hides("bob", 0, "job-k-octets"));
	assert_false(hides("bob", 0, "copies"));
	set_policy("basic", "job-name, media", "owner");
	assert_true(hides("bob", 0, "media"));
	assert_false(hides("bob", 0, "copies"));
	set_policy("basic", "none", "none");
	assert_false(hides("bob", 0, "job-name"));
	/* Set-Printer-Attributes changes them at run time. */
	access_privacy_set(&printer, "job-name", "owner");
	assert_true(hides("bob", 0, "job-name"));
	char attrs[ACCESS_LIST_MAX], scope[16];
	access_privacy_get(&printer, attrs, sizeof(attrs), scope, sizeof(scope));
	assert_string_equal(attrs, "job-name");
	assert_string_equal(scope, "owner");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(defaults_follow_auth, "privacy_hides_locked(defaults: none without auth, default/owner with basic)"),
		TEST(scopes, "privacy_hides_locked(job-privacy-scope all, none, default)"),
		TEST(attribute_sets, "privacy_hides_locked(all, job-template, job-description, names, none; set at run time)"),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
