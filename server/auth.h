/* HTTP Basic authentication against the password file, with a small cache of verified credentials. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_AUTH_H
#define IPPD_SERVER_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "passwd.h"

/*
 * Splits an Authorization header value "Basic BASE64" (RFC 7617) into its
 * user-id and password.  False when the scheme is not Basic, the token is
 * not strict base64, the decoded text has no ':', or the user-id is not a
 * valid user name (passwd_valid_user) or either part does not fit.
 */
bool auth_parse_basic(const char *header, char *user, size_t usize, char *pass, size_t psize);

/* Sets the password file that auth_verify reads (re-read when it changes). */
void auth_set_passwd_path(const char *path);

typedef enum auth_result {
	AUTH_OK,          /* `user` and `groups` are set */
	AUTH_MALFORMED,   /* not a Basic header we can read */
	AUTH_REJECTED,    /* unknown user or wrong password */
	AUTH_UNAVAILABLE, /* the password file cannot be read: nobody is let in */
} auth_result_t;

/*
 * Checks an Authorization header value against the password file.  A
 * header verified before (while the file has not changed since) is
 * answered from a cache keyed by its SHA-256, without running crypt again.
 */
auth_result_t auth_verify(const char *header, char *user, size_t usize, char *groups, size_t gsize);

/*
 * Checks passwords with PAM service `service` ("" : with the password
 * file, the default), read from `confdir` ("" : the system's /etc/pam.d).
 * The password file still gives the groups and roles of the users it lists.
 */
void auth_set_pam(const char *service, const char *confdir);

/* The groups the password file lists for `user` (false when the user is not in it). */
bool auth_user_groups(const char *user, char *groups, size_t gsize);

/* Forgets the cache and the loaded file (tests, shutdown). */
void auth_reset(void);

#endif
