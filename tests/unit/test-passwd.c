/* Unit tests for the password file, the Basic header parser and credential verification. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <crypt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth.h"
#include "passwd.h"

#define TEST(fn, title) ((struct CMUnitTest){.name = (title), .test_func = (fn)})
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A real yescrypt hash of "alice-pw" and a bcrypt one of "bob-pw" (made with libxcrypt). */
static char alice_hash[256], bob_hash[256];

static int make_hashes(void **state)
{
	(void)state;
	char err[200];
	if (!passwd_hash("alice-pw", alice_hash, sizeof(alice_hash), err, sizeof(err)))
		return -1;
	/* bcrypt, cost 4 (the lowest): accepted when made elsewhere. */
	const char *h = crypt("bob-pw", "$2b$04$abcdefghijklmnopqrstuu");
	if (!h || strncmp(h, "$2b$", 4) != 0)
		return -1;
	snprintf(bob_hash, sizeof(bob_hash), "%s", h);
	return 0;
}

static void parse_good(void **state)
{
	(void)state;
	char text[1200], err[300] = "";
	snprintf(text, sizeof(text), "# comment\n\nalice:%s:\r\nbob:%s:operator,staff\nlocked:!%s\n", alice_hash,
	         bob_hash, alice_hash);
	passwd_file_t pf;
	assert_true(passwd_parse(&pf, text, strlen(text), err, sizeof(err)));
	assert_int_equal(pf.n, 3);
	const passwd_entry_t *a = passwd_find(&pf, "alice");
	assert_non_null(a);
	assert_string_equal(a->groups, "");
	assert_true(passwd_verify(a, "alice-pw"));
	assert_false(passwd_verify(a, "alice-pw "));
	assert_false(passwd_verify(a, ""));
	const passwd_entry_t *b = passwd_find(&pf, "bob");
	assert_true(passwd_in_group(b, "operator"));
	assert_true(passwd_in_group(b, "staff"));
	assert_false(passwd_in_group(b, "admin"));
	assert_false(passwd_in_group(b, "staf"));
	assert_true(passwd_verify(b, "bob-pw"));
	assert_false(passwd_verify(passwd_find(&pf, "locked"), "alice-pw"));
	assert_null(passwd_find(&pf, "carol"));
	passwd_free(&pf);
}

static void parse_bad(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *why;
	} cases[] = {
		{"alice", "line 1: expected user:hash"},
		{":$y$abc:", "line 1: the user name"},
		{"al ice:$y$abc:", "line 1: the user name"},
		{"alice:$1$md5hash:", "not a yescrypt"},
		{"alice:abcDEShash:", "not a yescrypt"},
		{"alice::", "not a yescrypt"},
		{"alice:$y$abc:oper ator", "groups must be"},
		{"alice:$y$abc:,admin", "groups must be"},
		{"alice:$y$abc:admin,", "groups must be"},
		{"alice:$y$abc:admin:extra", "groups must be"},
		{"# ok\nalice:$y$abc:\nalice:$y$def:", "line 3: user alice is listed twice"},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		passwd_file_t pf;
		char err[300] = "";
		assert_false(passwd_parse(&pf, cases[i].text, strlen(cases[i].text), err, sizeof(err)));
		assert_non_null(strstr(err, cases[i].why));
		assert_int_equal(pf.n, 0);
	}
	/* A NUL byte, and a line longer than the limit. */
	passwd_file_t pf;
	char err[300];
	assert_false(passwd_parse(&pf, "alice:$y$a\0bc:\n", 15, err, sizeof(err)));
	assert_non_null(strstr(err, "NUL"));
	char *long_line = malloc(PASSWD_MAX_LINE + 10);
	memset(long_line, 'a', PASSWD_MAX_LINE + 9);
	long_line[PASSWD_MAX_LINE + 9] = '\0';
	assert_false(passwd_parse(&pf, long_line, strlen(long_line), err, sizeof(err)));
	assert_non_null(strstr(err, "longer than"));
	free(long_line);
}

static void set_delete_save_load(void **state)
{
	(void)state;
	char dir[] = "/tmp/test-passwd.XXXXXX", path[300], err[400] = "";
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/passwd", dir);
	passwd_file_t pf;
	/* A missing file is an empty one. */
	assert_true(passwd_load(&pf, path, err, sizeof(err)));
	assert_int_equal(pf.n, 0);
	assert_true(passwd_set(&pf, "alice", alice_hash, ""));
	assert_true(passwd_set(&pf, "bob", bob_hash, "operator"));
	assert_true(passwd_set(&pf, "bob", NULL, "admin"));
	assert_string_equal(passwd_find(&pf, "bob")->hash, bob_hash);
	assert_true(passwd_delete(&pf, "alice"));
	assert_false(passwd_delete(&pf, "alice"));
	assert_true(passwd_set(&pf, "carol", alice_hash, NULL));
	umask(022);
	assert_true(passwd_save(&pf, path, err, sizeof(err)));
	passwd_free(&pf);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(passwd_load(&pf, path, err, sizeof(err)));
	assert_int_equal(pf.n, 2);
	assert_string_equal(pf.entries[0].user, "bob");
	assert_string_equal(pf.entries[0].groups, "admin");
	assert_true(passwd_verify(passwd_find(&pf, "carol"), "alice-pw"));
	passwd_free(&pf);
	/* A file ippd cannot parse is an error, with its path and line. */
	FILE *f = fopen(path, "w");
	fputs("bad line\n", f);
	fclose(f);
	assert_false(passwd_load(&pf, path, err, sizeof(err)));
	assert_non_null(strstr(err, "line 1"));
	unlink(path);
	rmdir(dir);
}

static void names(void **state)
{
	(void)state;
	assert_true(passwd_valid_user("alice"));
	assert_true(passwd_valid_user("J\xc3\xb6rg@example.com"));
	assert_false(passwd_valid_user(""));
	assert_false(passwd_valid_user("a:b"));
	assert_false(passwd_valid_user("a b"));
	assert_false(passwd_valid_user("a\tb"));
	assert_false(passwd_valid_user("a\x7f"));
	char big[300];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_false(passwd_valid_user(big));
	assert_true(passwd_valid_groups(""));
	assert_true(passwd_valid_groups("admin,staff-2,a_b"));
	assert_false(passwd_valid_groups("admin,,staff"));
	assert_false(passwd_valid_groups("adm in"));
}

static void basic_header(void **state)
{
	(void)state;
	char user[256], pass[1024];
	/* "alice:alice-pw" */
	assert_true(auth_parse_basic("Basic YWxpY2U6YWxpY2UtcHc=", user, sizeof(user), pass, sizeof(pass)));
	assert_string_equal(user, "alice");
	assert_string_equal(pass, "alice-pw");
	/* Scheme in any case, extra spaces, no padding. */
	assert_true(auth_parse_basic("bAsIc   YWxpY2U6YWxpY2UtcHc  ", user, sizeof(user), pass, sizeof(pass)));
	assert_string_equal(pass, "alice-pw");
	/* "alice:a:b": the password may hold colons. */
	assert_true(auth_parse_basic("Basic YWxpY2U6YTpi", user, sizeof(user), pass, sizeof(pass)));
	assert_string_equal(pass, "a:b");
	/* "alice:" — an empty password parses (it never verifies). */
	assert_true(auth_parse_basic("Basic YWxpY2U6", user, sizeof(user), pass, sizeof(pass)));
	assert_string_equal(pass, "");
	static const char *const bad[] = {
		NULL,
		"",
		"Basic",
		"Basic ",
		"Bearer YWxpY2U6YWxpY2UtcHc=",
		"BasicYWxpY2U6YWxpY2UtcHc=",
		"Basic YWxpY2U=",                 /* "alice": no colon */
		"Basic OmFsaWNlLXB3",             /* ":alice-pw": empty user */
		"Basic YWxpY2U6YWxpY2UtcHc= junk", /* two tokens */
		"Basic YWxp!2U6YWxpY2UtcHc=",     /* not base64 */
		"Basic YWxpY2U6YWxpY2UtcHc=====", /* too much padding */
		"Basic Y",                        /* a length base64 cannot have */
		"Basic YSBiOmM=",                 /* "a b:c": a space in the user */
		"Basic YQBiOmM=",                 /* "a\0b:c": a NUL */
	};
	for (size_t i = 0; i < COUNT(bad); i++) {
		assert_false(auth_parse_basic(bad[i], user, sizeof(user), pass, sizeof(pass)));
		assert_string_equal(user, "");
	}
	/* Too small a buffer refuses rather than cutting. */
	char small[4];
	assert_false(auth_parse_basic("Basic YWxpY2U6YWxpY2UtcHc=", small, sizeof(small), pass, sizeof(pass)));
}

static void verify_and_cache(void **state)
{
	(void)state;
	char dir[] = "/tmp/test-auth.XXXXXX", path[300], err[400] = "";
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/passwd", dir);
	passwd_file_t pf = {0};
	assert_true(passwd_set(&pf, "alice", alice_hash, "staff"));
	assert_true(passwd_save(&pf, path, err, sizeof(err)));
	auth_set_passwd_path(path);
	char user[256], groups[256];
	assert_int_equal(auth_verify("Basic YWxpY2U6YWxpY2UtcHc=", user, sizeof(user), groups, sizeof(groups)), AUTH_OK);
	assert_string_equal(user, "alice");
	assert_string_equal(groups, "staff");
	/* The second time comes from the cache: same answer. */
	assert_int_equal(auth_verify("Basic YWxpY2U6YWxpY2UtcHc=", user, sizeof(user), groups, sizeof(groups)), AUTH_OK);
	/* "alice:wrong", "mallory:alice-pw", and garbage. */
	assert_int_equal(auth_verify("Basic YWxpY2U6d3Jvbmc=", user, sizeof(user), groups, sizeof(groups)), AUTH_REJECTED);
	assert_int_equal(auth_verify("Basic bWFsbG9yeTphbGljZS1wdw==", user, sizeof(user), groups, sizeof(groups)),
	                 AUTH_REJECTED);
	assert_int_equal(auth_verify("Basic ???", user, sizeof(user), groups, sizeof(groups)), AUTH_MALFORMED);
	/* A change to the file empties the cache: the deleted user is refused at once. */
	assert_true(passwd_delete(&pf, "alice"));
	assert_true(passwd_set(&pf, "bob", bob_hash, ""));
	assert_true(passwd_save(&pf, path, err, sizeof(err)));
	assert_int_equal(auth_verify("Basic YWxpY2U6YWxpY2UtcHc=", user, sizeof(user), groups, sizeof(groups)),
	                 AUTH_REJECTED);
	/* "bob:bob-pw" (bcrypt) */
	assert_int_equal(auth_verify("Basic Ym9iOmJvYi1wdw==", user, sizeof(user), groups, sizeof(groups)), AUTH_OK);
	/* A broken file lets nobody in. */
	FILE *f = fopen(path, "w");
	fputs("bob:notahash:\n", f);
	fclose(f);
	assert_int_equal(auth_verify("Basic Ym9iOmJvYi1wdw==", user, sizeof(user), groups, sizeof(groups)),
	                 AUTH_UNAVAILABLE);
	passwd_free(&pf);
	auth_reset();
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(parse_good, "passwd_parse(comments, CRLF, groups, bcrypt, locked account)"),
		TEST(parse_bad, "passwd_parse(each malformed line: its line number and reason)"),
		TEST(set_delete_save_load, "passwd_set/delete/save/load(round trip, mode 0600 under umask 022)"),
		TEST(names, "passwd_valid_user/groups()"),
		TEST(basic_header, "auth_parse_basic(good and malformed Authorization headers)"),
		TEST(verify_and_cache, "auth_verify(ok, wrong, unknown, cached, file changed, file broken)"),
	};
	return cmocka_run_group_tests(tests, make_hashes, NULL);
}
