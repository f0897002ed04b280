/* HTTP Basic authentication against the password file, with a small cache of verified credentials. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "auth-pam.h"
#include "auth.h"
#include "log.h"

/* ------------------------------------------------------------------ */
/* The Authorization header                                           */
/* ------------------------------------------------------------------ */

static int b64_value(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+')
		return 62;
	if (ch == '/')
		return 63;
	return -1;
}

/* Strict base64 (RFC 4648 §4), padding optional; false on any other byte or a bad length. */
static bool b64_decode(const char *in, size_t len, char *out, size_t outsize, size_t *outlen)
{
	while (len > 0 && in[len - 1] == '=' && len % 4 != 1)
		len--;
	if (len % 4 == 1)
		return false;
	size_t n = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		int v = b64_value(in[i]);
		if (v < 0)
			return false;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n + 1 >= outsize)
				return false;
			out[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[n] = '\0';
	*outlen = n;
	return true;
}

bool auth_parse_basic(const char *header, char *user, size_t usize, char *pass, size_t psize)
{
	if (usize)
		user[0] = '\0';
	if (psize)
		pass[0] = '\0';
	if (!header || strncasecmp(header, "Basic", 5) != 0 || (header[5] != ' ' && header[5] != '\t'))
		return false;
	const char *tok = header + 5;
	tok += strspn(tok, " \t");
	size_t len = strcspn(tok, " \t");
	if (len == 0 || tok[len + strspn(tok + len, " \t")] != '\0' || len > 4 * (PASSWD_MAX_USER + PASSWD_MAX_PASSWORD))
		return false;
	char plain[3 * (PASSWD_MAX_USER + PASSWD_MAX_PASSWORD) + 4];
	size_t n = 0;
	if (!b64_decode(tok, len, plain, sizeof(plain), &n))
		return false;
	bool ok = false;
	char *colon = memchr(plain, ':', n);
	/* A NUL inside either part would cut it short: refused. */
	if (colon && strlen(plain) == n) {
		*colon = '\0';
		const char *pw = colon + 1;
		ok = passwd_valid_user(plain) && strlen(plain) < usize && strlen(pw) < psize &&
		     strlen(pw) <= PASSWD_MAX_PASSWORD;
		if (ok) {
			snprintf(user, usize, "%s", plain);
			snprintf(pass, psize, "%s", pw);
		}
	}
	explicit_bzero(plain, sizeof(plain));
	return ok;
}

/* ------------------------------------------------------------------ */
/* The password file, re-read when it changes                         */
/* ------------------------------------------------------------------ */

/* PAM gives no sign of a changed password: its answers are kept for a minute only. */
enum { CACHE_SIZE = 64, CACHE_TTL = 600, PAM_CACHE_TTL = 60 };

typedef struct cache_entry {
	uint8_t key[32];       /* SHA-256 of the whole header value */
	uint64_t generation;   /* of the password file it was checked against */
	time_t when;
	char user[PASSWD_MAX_USER + 1];
} cache_entry_t;

static struct {
	pthread_mutex_t lock;
	char path[4096];
	passwd_file_t file;
	bool loaded;              /* `file` reflects `path` as it was when `st` was taken */
	bool usable;              /* the last read succeeded */
	uint64_t generation;      /* bumped on every (re)read */
	struct stat st;           /* what it looked like then */
	char pam_service[128];    /* "" when the password file checks passwords */
	char pam_confdir[4096];
	cache_entry_t cache[CACHE_SIZE];
} g = {.lock = PTHREAD_MUTEX_INITIALIZER};

void auth_set_passwd_path(const char *path)
{
	pthread_mutex_lock(&g.lock);
	if (strcmp(g.path, path) != 0) {
		snprintf(g.path, sizeof(g.path), "%s", path);
		g.loaded = false;
		g.usable = false;
		g.generation++;
	}
	pthread_mutex_unlock(&g.lock);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/*
 * Re-reads the file when it changed (one stat() per check, so that
 * `ippd passwd` takes effect at once, without a restart).  A file that
 * cannot be read or parsed lets nobody in until it is fixed.  Caller holds g.lock.
 */
static void refresh_locked(void)
{
	struct stat st;
	memset(&st, 0, sizeof(st));
	bool exists = stat(g.path, &st) == 0;
	/* Unchanged: still there and the same, or still missing. */
	if (g.loaded && g.usable && (exists ? same_file(&st, &g.st) : g.st.st_ino == 0))
		return;
	passwd_free(&g.file);
	char err[600];
	g.usable = passwd_load(&g.file, g.path, err, sizeof(err));
	if (!g.usable)
		log_msg(LOG_ERROR, "password file: %s; nobody can authenticate until it is fixed", err);
	else if (exists && (st.st_mode & 077))
		log_msg(LOG_WARN, "password file %s is readable by others (mode %03o); it should be 0600", g.path,
		        (unsigned)(st.st_mode & 0777));
	g.st = exists ? st : (struct stat){0};
	g.loaded = true;
	g.generation++;
	memset(g.cache, 0, sizeof(g.cache));
}

void auth_set_pam(const char *service, const char *confdir)
{
	pthread_mutex_lock(&g.lock);
	if (strcmp(g.pam_service, service) != 0 || strcmp(g.pam_confdir, confdir) != 0) {
		snprintf(g.pam_service, sizeof(g.pam_service), "%s", service);
		snprintf(g.pam_confdir, sizeof(g.pam_confdir), "%s", confdir);
		g.generation++;
	}
	pthread_mutex_unlock(&g.lock);
}

bool auth_user_groups(const char *user, char *groups, size_t gsize)
{
	pthread_mutex_lock(&g.lock);
	refresh_locked();
	const passwd_entry_t *e = g.usable ? passwd_find(&g.file, user) : NULL;
	if (e)
		snprintf(groups, gsize, "%s", e->groups);
	pthread_mutex_unlock(&g.lock);
	return e != NULL;
}

/* ------------------------------------------------------------------ */
/* Verification                                                       */
/* ------------------------------------------------------------------ */

/* A throwaway hash: an unknown user costs as much crypt time as a wrong password. */
static passwd_entry_t dummy_entry;

static void make_dummy(void)
{
	/* Not a secret: only its cost matters. */
	char err[200];
	if (!passwd_hash("ippd-dummy", dummy_entry.hash, sizeof(dummy_entry.hash), err, sizeof(err)))
		dummy_entry.hash[0] = '\0';
}

static void waste_equal_time(const char *password)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_dummy);
	passwd_verify(&dummy_entry, password);
}

/* A cached verdict for `key`: the user's name and groups.  Caller holds g.lock. */
static bool cache_hit_locked(const uint8_t *key, time_t now, bool pam, char *user, size_t usize, char *groups,
                             size_t gsize)
{
	for (size_t i = 0; i < CACHE_SIZE; i++) {
		cache_entry_t *c = &g.cache[i];
		if (c->generation != g.generation || now - c->when >= (pam ? PAM_CACHE_TTL : CACHE_TTL) ||
		    memcmp(c->key, key, sizeof(c->key)) != 0)
			continue;
		const passwd_entry_t *e = g.usable ? passwd_find(&g.file, c->user) : NULL;
		if (!e && !pam)
			continue;
		snprintf(user, usize, "%s", c->user);
		snprintf(groups, gsize, "%s", e ? e->groups : "");
		return true;
	}
	return false;
}

static void cache_add_locked(const uint8_t *key, time_t now, const char *user)
{
	/* The oldest entry makes room. */
	cache_entry_t *slot = &g.cache[0];
	for (size_t i = 1; i < CACHE_SIZE; i++)
		if (g.cache[i].when < slot->when)
			slot = &g.cache[i];
	memcpy(slot->key, key, sizeof(slot->key));
	slot->generation = g.generation;
	slot->when = now;
	snprintf(slot->user, sizeof(slot->user), "%s", user);
}

/* The slow check, without the lock: crypt against the file's hash, or PAM. */
static bool check_password(bool pam, const char *service, const char *confdir, const passwd_entry_t *e,
                           const char *name, const char *password)
{
	if (pam) {
		char why[300];
		bool ok = auth_pam_check(service, confdir, name, password, why, sizeof(why));
		if (!ok)
			log_msg(LOG_DEBUG, "PAM service %s: %s", service, why);
		return ok;
	}
	if (e)
		return passwd_verify(e, password);
	waste_equal_time(password);
	return false;
}

auth_result_t auth_verify(const char *header, char *user, size_t usize, char *groups, size_t gsize)
{
	char name[PASSWD_MAX_USER + 1], password[PASSWD_MAX_PASSWORD + 1];
	if (!auth_parse_basic(header, name, sizeof(name), password, sizeof(password)))
		return AUTH_MALFORMED;
	uint8_t key[32];
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, header, strlen(header), key) != 0) {
		explicit_bzero(password, sizeof(password));
		return AUTH_UNAVAILABLE;
	}
	time_t now = time(NULL);

	pthread_mutex_lock(&g.lock);
	refresh_locked();
	bool pam = g.pam_service[0] != '\0';
	/* With PAM the file only lends groups: a broken one costs the roles, not the login. */
	if (!g.usable && !pam) {
		pthread_mutex_unlock(&g.lock);
		explicit_bzero(password, sizeof(password));
		return AUTH_UNAVAILABLE;
	}
	if (cache_hit_locked(key, now, pam, user, usize, groups, gsize)) {
		pthread_mutex_unlock(&g.lock);
		explicit_bzero(password, sizeof(password));
		return AUTH_OK;
	}
	const passwd_entry_t *found = g.usable ? passwd_find(&g.file, name) : NULL;
	passwd_entry_t e;
	memset(&e, 0, sizeof(e));
	if (found)
		e = *found;
	char service[sizeof(g.pam_service)], confdir[sizeof(g.pam_confdir)];
	snprintf(service, sizeof(service), "%s", g.pam_service);
	snprintf(confdir, sizeof(confdir), "%s", g.pam_confdir);
	uint64_t generation = g.generation;
	pthread_mutex_unlock(&g.lock);

	/* crypt and PAM are slow on purpose: they run without the lock. */
	bool ok = check_password(pam, service, confdir, found ? &e : NULL, name, password);
	explicit_bzero(password, sizeof(password));
	explicit_bzero(e.hash, sizeof(e.hash));
	if (!ok)
		return AUTH_REJECTED;
	pthread_mutex_lock(&g.lock);
	if (g.generation == generation)
		cache_add_locked(key, now, name);
	pthread_mutex_unlock(&g.lock);
	snprintf(user, usize, "%s", name);
	snprintf(groups, gsize, "%s", found ? e.groups : "");
	return AUTH_OK;
}

void auth_reset(void)
{
	pthread_mutex_lock(&g.lock);
	passwd_free(&g.file);
	memset(g.cache, 0, sizeof(g.cache));
	g.usable = false;
	g.loaded = false;
	g.generation++;
	pthread_mutex_unlock(&g.lock);
}
