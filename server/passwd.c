/* The password file: parsing, atomic rewriting, and crypt(3) hashing and verification (libxcrypt). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "passwd.h"

bool passwd_valid_user(const char *user)
{
	size_t n = strlen(user);
	if (n == 0 || n > PASSWD_MAX_USER)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)user[i];
		if (ch <= ' ' || ch == ':' || ch == 0x7f)
			return false;
	}
	return true;
}

static bool group_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
	       ch == '_';
}

bool passwd_valid_groups(const char *groups)
{
	size_t n = strlen(groups);
	if (n > PASSWD_MAX_GROUPS)
		return false;
	/* Names separated by single commas: no empty name, no leading or trailing comma. */
	bool need_name = true;
	for (size_t i = 0; i < n; i++) {
		if (groups[i] == ',') {
			if (need_name)
				return false;
			need_name = true;
		} else if (group_char(groups[i])) {
			need_name = false;
		} else {
			return false;
		}
	}
	return n == 0 || !need_name;
}

/* The hash methods accepted: strong ones only (DES and MD5 crypt are refused). */
static bool valid_hash(const char *hash)
{
	static const char *const prefixes[] = {"$y$", "$gy$", "$7$", "$2b$", "$2a$", "$2y$", "$6$", "$5$"};
	size_t n = strlen(hash);
	if (n == 0 || n > PASSWD_MAX_HASH)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)hash[i];
		if (ch <= ' ' || ch == ':' || ch >= 0x7f)
			return false;
	}
	/* A locked account: '!' before whatever hash it had. */
	if (hash[0] == '!')
		return true;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(hash, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

static bool grow(passwd_file_t *pf)
{
	if (pf->n < pf->cap)
		return true;
	size_t cap = pf->cap ? pf->cap * 2 : 8;
	passwd_entry_t *e = realloc(pf->entries, cap * sizeof(*e));
	if (!e)
		return false;
	pf->entries = e;
	pf->cap = cap;
	return true;
}

/* One non-comment line "user:hash[:groups]" into a new entry.  False with the reason in `err`. */
static bool parse_line(passwd_file_t *pf, char *line, char *err, size_t errsize)
{
	char *c1 = strchr(line, ':');
	if (!c1) {
		snprintf(err, errsize, "expected user:hash[:groups]");
		return false;
	}
	*c1 = '\0';
	char *hash = c1 + 1;
	char *groups = "";
	char *c2 = strchr(hash, ':');
	if (c2) {
		*c2 = '\0';
		groups = c2 + 1;
	}
	if (!passwd_valid_user(line)) {
		snprintf(err, errsize, "the user name is empty, too long, or has a space, ':' or control character");
		return false;
	}
	if (!valid_hash(hash)) {
		snprintf(err, errsize, "user %s: the hash is not a yescrypt, bcrypt or SHA-crypt hash", line);
		return false;
	}
	if (!passwd_valid_groups(groups)) {
		snprintf(err, errsize, "user %s: groups must be names of letters, digits, - and _, comma-separated", line);
		return false;
	}
	if (passwd_find(pf, line)) {
		snprintf(err, errsize, "user %s is listed twice", line);
		return false;
	}
	if (!grow(pf)) {
		snprintf(err, errsize, "out of memory");
		return false;
	}
	passwd_entry_t *e = &pf->entries[pf->n++];
	snprintf(e->user, sizeof(e->user), "%s", line);
	snprintf(e->hash, sizeof(e->hash), "%s", hash);
	snprintf(e->groups, sizeof(e->groups), "%s", groups);
	return true;
}

bool passwd_parse(passwd_file_t *pf, const char *text, size_t len, char *err, size_t errsize)
{
	memset(pf, 0, sizeof(*pf));
	char line[PASSWD_MAX_LINE + 1];
	int lineno = 0;
	size_t pos = 0;
	while (pos < len) {
		lineno++;
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		if (n > PASSWD_MAX_LINE) {
			snprintf(err, errsize, "line %d: longer than %d bytes", lineno, PASSWD_MAX_LINE);
			goto fail;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += (nl ? (size_t)(nl - (text + pos)) + 1 : len - pos);
		if (strlen(line) != n) {
			snprintf(err, errsize, "line %d: has a NUL byte", lineno);
			goto fail;
		}
		if (line[0] == '\0' || line[0] == '#')
			continue;
		char why[300];
		if (!parse_line(pf, line, why, sizeof(why))) {
			snprintf(err, errsize, "line %d: %s", lineno, why);
			goto fail;
		}
	}
	return true;
fail:
	passwd_free(pf);
	return false;
}

bool passwd_load(passwd_file_t *pf, const char *path, char *err, size_t errsize)
{
	memset(pf, 0, sizeof(*pf));
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return true;
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return false;
	}
	char *text = malloc(PASSWD_MAX_FILE + 1);
	size_t len = text ? fread(text, 1, PASSWD_MAX_FILE + 1, f) : 0;
	bool bad_read = ferror(f);
	fclose(f);
	if (!text || bad_read || len > PASSWD_MAX_FILE) {
		snprintf(err, errsize, "%s: %s", path,
		         !text ? "out of memory" : bad_read ? "cannot read it" : "larger than 4 MiB");
		free(text);
		return false;
	}
	char why[400];
	bool ok = passwd_parse(pf, text, len, why, sizeof(why));
	free(text);
	if (!ok)
		snprintf(err, errsize, "%s: %s", path, why);
	return ok;
}

bool passwd_save(const passwd_file_t *pf, const char *path, char *err, size_t errsize)
{
	char tmp[PATH_MAX];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= sizeof(tmp)) {
		snprintf(err, errsize, "%s: the path is too long", path);
		return false;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errsize, "cannot create %s: %s", tmp, strerror(errno));
		return false;
	}
	/*
	 * Exactly 0600 whatever the umask: the hashes are for ippd's eyes only.
	 * Written by root (`ippd passwd` run by an administrator), the file goes
	 * to the owner of its folder: the account ippd runs as once it has
	 * dropped root (privilege.h), which must still be able to read it.
	 */
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%s", path);
	struct stat dst;
	bool chown_ok = geteuid() != 0 || stat(dirname(parent), &dst) != 0 || fchown(fd, dst.st_uid, dst.st_gid) == 0;
	FILE *f = chown_ok && fchmod(fd, 0600) == 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		snprintf(err, errsize, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return false;
	}
	fputs("# ippd password file: user:crypt(3) hash:groups (operator, admin, ...); see ippd(8)\n", f);
	for (size_t i = 0; i < pf->n; i++)
		fprintf(f, "%s:%s:%s\n", pf->entries[i].user, pf->entries[i].hash, pf->entries[i].groups);
	bool ok = fflush(f) == 0 && fsync(fd) == 0;
	ok = (fclose(f) == 0) && ok;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return false;
	}
	/* The rename is durable once the folder is synced. */
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return true;
}

const passwd_entry_t *passwd_find(const passwd_file_t *pf, const char *user)
{
	for (size_t i = 0; i < pf->n; i++)
		if (strcmp(pf->entries[i].user, user) == 0)
			return &pf->entries[i];
	return NULL;
}

bool passwd_set(passwd_file_t *pf, const char *user, const char *hash, const char *groups)
{
	passwd_entry_t *e = (passwd_entry_t *)passwd_find(pf, user);
	if (!e) {
		if (!grow(pf))
			return false;
		e = &pf->entries[pf->n++];
		memset(e, 0, sizeof(*e));
		snprintf(e->user, sizeof(e->user), "%s", user);
		snprintf(e->hash, sizeof(e->hash), "!");
	}
	if (hash)
		snprintf(e->hash, sizeof(e->hash), "%s", hash);
	if (groups)
		snprintf(e->groups, sizeof(e->groups), "%s", groups);
	return true;
}

bool passwd_delete(passwd_file_t *pf, const char *user)
{
	passwd_entry_t *e = (passwd_entry_t *)passwd_find(pf, user);
	if (!e)
		return false;
	size_t i = (size_t)(e - pf->entries);
	memmove(e, e + 1, (pf->n - i - 1) * sizeof(*e));
	pf->n--;
	return true;
}

bool passwd_in_group(const passwd_entry_t *e, const char *group)
{
	size_t n = strlen(group);
	for (const char *s = e->groups; *s;) {
		size_t len = strcspn(s, ",");
		if (len == n && strncmp(s, group, n) == 0)
			return true;
		s += len;
		if (*s == ',')
			s++;
	}
	return false;
}

void passwd_free(passwd_file_t *pf)
{
	free(pf->entries);
	memset(pf, 0, sizeof(*pf));
}

bool passwd_hash(const char *password, char *out, size_t outsize, char *err, size_t errsize)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	/* rbytes NULL: libxcrypt takes the salt from the kernel's random source; count 0: its default cost. */
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt))) {
		snprintf(err, errsize, "crypt_gensalt: %s", strerror(errno));
		return false;
	}
	struct crypt_data *data = calloc(1, sizeof(*data));
	const char *h = data ? crypt_rn(password, salt, data, sizeof(*data)) : NULL;
	bool ok = h && h[0] == '$' && strlen(h) < outsize;
	if (ok)
		snprintf(out, outsize, "%s", h);
	else
		snprintf(err, errsize, "crypt: %s", data ? strerror(errno) : "out of memory");
	free(data);
	return ok;
}

bool passwd_verify(const passwd_entry_t *e, const char *password)
{
	if (e->hash[0] != '$' || strlen(password) > PASSWD_MAX_PASSWORD)
		return false;
	struct crypt_data *data = calloc(1, sizeof(*data));
	if (!data)
		return false;
	const char *h = crypt_rn(password, e->hash, data, sizeof(*data));
	bool ok = false;
	/* crypt_rn fails with NULL or a string starting with '*'; equal lengths, then every byte compared. */
	if (h && h[0] == '$' && strlen(h) == strlen(e->hash)) {
		unsigned char diff = 0;
		for (size_t i = 0; h[i]; i++)
			diff |= (unsigned char)(h[i] ^ e->hash[i]);
		ok = diff == 0;
	}
	explicit_bzero(data, sizeof(*data));
	free(data);
	return ok;
}
