/* Which document-uri values Print-URI and Send-URI may name: schemes, hosts and a folder, checked before any fetch. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_URI_POLICY_H
#define IPPD_SERVER_URI_POLICY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A printer's Print-URI policy, from its configuration section:
 *
 *   print-uri-schemes = http https file    (default: none, Print-URI is off)
 *   print-uri-hosts   = 127.0.0.1 docs.example.com
 *   print-uri-folder  = /srv/print
 *   print-uri-timeout = 60                 (seconds for one fetch)
 *
 * http and https need at least one host, file needs the folder: a scheme
 * without them names nothing and is refused at load time.  Plain data: a
 * copy is a snapshot.
 */
enum { URI_POLICY_HOSTS = 16 };

typedef struct uri_policy {
	bool http, https, file;                  /* the schemes allowed */
	size_t n_hosts;
	char hosts[URI_POLICY_HOSTS][256];       /* lower case; IPv6 literals in brackets, as in a URI */
	char folder[PATH_MAX];                   /* realpath() of print-uri-folder, "" when unset */
	int timeout;                             /* seconds for one whole fetch */
} uri_policy_t;

/* Print-URI/Send-URI are offered when any scheme is allowed. */
static inline bool uri_policy_enabled(const uri_policy_t *pol)
{
	return pol->http || pol->https || pol->file;
}

/* Empties `pol` (Print-URI off, timeout 60 s). */
void uri_policy_init(uri_policy_t *pol);

/*
 * Sets one configuration key ("print-uri-schemes", "-hosts", "-folder",
 * "-timeout").  Returns 1 when set, 0 when `key` is not a policy key, -1
 * with a sentence in `err` for a bad value (unknown scheme, a folder that
 * does not exist, too many hosts).
 */
int uri_policy_set(uri_policy_t *pol, const char *key, const char *value, char *err, size_t errsize);

/* After every key is set: the schemes have what they need.  False with a sentence in `err`. */
bool uri_policy_complete(const uri_policy_t *pol, char *err, size_t errsize);

/* The schemes of reference-uri-schemes-supported, in `out` (room for 3); the count. */
size_t uri_policy_schemes(const uri_policy_t *pol, const char *out[3]);

/*
 * Checks a document-uri against the policy before anything is fetched.
 * Returns the IPP status to answer with:
 *  - successful-ok: allowed; for file: `path` holds the resolved file
 *    (realpath, inside the folder), for http(s) `path` is "";
 *  - client-error-uri-scheme-not-supported: a scheme the printer does not fetch;
 *  - client-error-document-access-error: a host not listed, a file outside
 *    the folder (symbolic links resolved), a file that does not exist;
 *  - client-error-bad-request: not a URI at all.
 * `why` (may be NULL) receives a sentence that names the problem.
 */
uint16_t uri_policy_check(const uri_policy_t *pol, const char *uri, char *path, size_t pathsize, char *why,
                          size_t whysize);

/*
 * True when `uri` (a redirect's Location, say) is an http or https URI the
 * policy allows: scheme and host.  file: is never reachable by redirect.
 */
bool uri_policy_allows_remote(const uri_policy_t *pol, const char *uri);

/* True when the absolute path `path` lies strictly inside `folder` (both canonical). */
bool uri_policy_inside(const char *folder, const char *path);

#endif
