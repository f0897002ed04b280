/* The password file: one "user:hash:groups" line per user, crypt(3) hashes, rewritten atomically. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_PASSWD_H
#define IPPD_SERVER_PASSWD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The format (docs/SECURITY.md):
 *
 *   # comment
 *   alice:$y$j9T$...:                 a user with no group
 *   olga:$y$j9T$...:operator          an operator
 *   root:$2b$12$...:admin,staff       an administrator, also in the group "staff"
 *
 * A user name is 1-255 bytes of UTF-8 without ':', control characters or
 * spaces.  A hash is a crypt(3) string: yescrypt ($y$, $gy$, $7$), bcrypt
 * ($2b$, $2a$, $2y$) or SHA-crypt ($6$, $5$); a hash starting with '!' is
 * a locked account that never verifies.  Groups are names of letters,
 * digits, '-' and '_', comma-separated; "operator" and "admin" are roles.
 */
enum {
	PASSWD_MAX_USER = 255,
	PASSWD_MAX_HASH = 255,
	PASSWD_MAX_GROUPS = 255,
	PASSWD_MAX_LINE = 1024,
	PASSWD_MAX_FILE = 4 * 1024 * 1024,
	PASSWD_MAX_PASSWORD = 1023,
};

typedef struct passwd_entry {
	char user[PASSWD_MAX_USER + 1];
	char hash[PASSWD_MAX_HASH + 1];
	char groups[PASSWD_MAX_GROUPS + 1]; /* comma-separated, "" for none */
} passwd_entry_t;

typedef struct passwd_file {
	passwd_entry_t *entries;
	size_t n;
	size_t cap;
} passwd_file_t;

/* True for a name that may appear in the file (and in a Basic user-id). */
bool passwd_valid_user(const char *user);

/* True for a comma-separated group list of valid group names ("" too). */
bool passwd_valid_groups(const char *groups);

/*
 * Parses the text of a password file into `pf` (which it initialises).
 * False with "line N: what is wrong" in `err`; `pf` is then empty.
 * Free with passwd_free().
 */
bool passwd_parse(passwd_file_t *pf, const char *text, size_t len, char *err, size_t errsize);

/* Reads `path`; a file that does not exist is an empty file.  False with the reason in `err`. */
bool passwd_load(passwd_file_t *pf, const char *path, char *err, size_t errsize);

/*
 * Writes `pf` to `path` atomically: a temporary file beside it (mode 0600),
 * fsync, rename, fsync of the folder.  False with the reason in `err`.
 */
bool passwd_save(const passwd_file_t *pf, const char *path, char *err, size_t errsize);

/* The entry of `user`, or NULL. */
const passwd_entry_t *passwd_find(const passwd_file_t *pf, const char *user);

/* Adds or replaces `user`.  `hash` NULL keeps the current hash; `groups` NULL keeps the groups.  False when out of memory. */
bool passwd_set(passwd_file_t *pf, const char *user, const char *hash, const char *groups);

/* Removes `user`; false when there was no such user. */
bool passwd_delete(passwd_file_t *pf, const char *user);

/* True when the entry lists `group` ("operator", "admin", "staff"...). */
bool passwd_in_group(const passwd_entry_t *e, const char *group);

void passwd_free(passwd_file_t *pf);

/* A new yescrypt hash of `password` with a random salt.  False with the reason in `err`. */
bool passwd_hash(const char *password, char *out, size_t outsize, char *err, size_t errsize);

/* True when `password` matches the entry's hash (compared in constant time). */
bool passwd_verify(const passwd_entry_t *e, const char *password);

#endif
