/* The Print-URI policy: which schemes, hosts and folder a document-uri may name, checked before any fetch. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <curl/curl.h>

#include <ippd/registry.h>

#include "uri-policy.h"

void uri_policy_init(uri_policy_t *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->timeout = 60;
}

/* Splits `value` at white space, calling `each` per word; stops at the first failure. */
static int each_word(uri_policy_t *pol, const char *value, int (*each)(uri_policy_t *, const char *, char *, size_t),
                     char *err, size_t errsize)
{
	char copy[1024];
	if (strlen(value) >= sizeof(copy)) {
		snprintf(err, errsize, "the value is longer than %zu characters", sizeof(copy) - 1);
		return -1;
	}
	snprintf(copy, sizeof(copy), "%s", value);
	char *save = NULL;
	for (char *w = strtok_r(copy, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save))
		if (each(pol, w, err, errsize) != 0)
			return -1;
	return 0;
}

static int add_scheme(uri_policy_t *pol, const char *w, char *err, size_t errsize)
{
	if (strcmp(w, "http") == 0)
		pol->http = true;
	else if (strcmp(w, "https") == 0)
		pol->https = true;
	else if (strcmp(w, "file") == 0)
		pol->file = true;
	else {
		snprintf(err, errsize, "print-uri-schemes: '%s' is not one of http, https, file", w);
		return -1;
	}
	return 0;
}

static int add_host(uri_policy_t *pol, const char *w, char *err, size_t errsize)
{
	if (pol->n_hosts == URI_POLICY_HOSTS || strlen(w) >= sizeof(pol->hosts[0])) {
		snprintf(err, errsize, "print-uri-hosts: at most %d names of up to 255 characters", URI_POLICY_HOSTS);
		return -1;
	}
	char *h = pol->hosts[pol->n_hosts++];
	for (size_t i = 0; w[i]; i++)
		h[i] = (char)tolower((unsigned char)w[i]);
	h[strlen(w)] = '\0';
	return 0;
}

int uri_policy_set(uri_policy_t *pol, const char *key, const char *value, char *err, size_t errsize)
{
	if (strcmp(key, "print-uri-schemes") == 0) {
		pol->http = pol->https = pol->file = false;
		return each_word(pol, value, add_scheme, err, errsize) == 0 ? 1 : -1;
	}
	if (strcmp(key, "print-uri-hosts") == 0) {
		pol->n_hosts = 0;
		return each_word(pol, value, add_host, err, errsize) == 0 ? 1 : -1;
	}
	if (strcmp(key, "print-uri-folder") == 0) {
		/* Canonical once, here: every check compares against the folder with its links resolved. */
		char real[PATH_MAX];
		struct stat st;
		if (value[0] != '/' || !realpath(value, real) || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
			snprintf(err, errsize, "print-uri-folder: '%s' is not an existing folder given by its absolute path",
			         value);
			return -1;
		}
		snprintf(pol->folder, sizeof(pol->folder), "%s", real);
		return 1;
	}
	if (strcmp(key, "print-uri-timeout") == 0) {
		char *end;
		long t = strtol(value, &end, 10);
		if (!*value || *end || t < 1 || t > 3600) {
			snprintf(err, errsize, "print-uri-timeout: '%s' is not a number of seconds from 1 to 3600", value);
			return -1;
		}
		pol->timeout = (int)t;
		return 1;
	}
	return 0;
}

bool uri_policy_complete(const uri_policy_t *pol, char *err, size_t errsize)
{
	if ((pol->http || pol->https) && pol->n_hosts == 0) {
		snprintf(err, errsize, "print-uri-schemes names http or https but print-uri-hosts lists no host");
		return false;
	}
	if (pol->file && !pol->folder[0]) {
		snprintf(err, errsize, "print-uri-schemes names file but print-uri-folder is not set");
		return false;
	}
	return true;
}

size_t uri_policy_schemes(const uri_policy_t *pol, const char *out[3])
{
	size_t n = 0;
	if (pol->http)
		out[n++] = "http";
	if (pol->https)
		out[n++] = "https";
	if (pol->file)
		out[n++] = "file";
	return n;
}

bool uri_policy_inside(const char *folder, const char *path)
{
	size_t n = strlen(folder);
	if (n == 0 || path[0] != '/')
		return false;
	/* The root folder holds everything but itself. */
	if (strcmp(folder, "/") == 0)
		return path[1] != '\0';
	return strncmp(path, folder, n) == 0 && path[n] == '/' && path[n + 1] != '\0';
}

/* The scheme of `uri` in lower case (RFC 3986 §3.1), or false when it has none. */
static bool scheme_of(const char *uri, char *scheme, size_t size)
{
	size_t i = 0;
	if (!isalpha((unsigned char)uri[0]))
		return false;
	while (uri[i] && uri[i] != ':') {
		char c = uri[i];
		if (!isalnum((unsigned char)c) && c != '+' && c != '-' && c != '.')
			return false;
		if (i + 1 >= size)
			return false;
		scheme[i] = (char)tolower((unsigned char)c);
		i++;
	}
	scheme[i] = '\0';
	return uri[i] == ':' && i > 0;
}

static bool host_listed(const uri_policy_t *pol, const char *host)
{
	for (size_t i = 0; i < pol->n_hosts; i++)
		if (strcasecmp(pol->hosts[i], host) == 0)
			return true;
	return false;
}

/* The URI parsed by libcurl, with the part asked for (URL-decoded when `decode`). */
static bool uri_part(CURLU *u, CURLUPart part, bool decode, char *buf, size_t size)
{
	char *v = NULL;
	if (curl_url_get(u, part, &v, decode ? CURLU_URLDECODE : 0) != CURLUE_OK || !v)
		return false;
	bool fits = strlen(v) < size;
	if (fits)
		snprintf(buf, size, "%s", v);
	curl_free(v);
	return fits;
}

static bool has_part(CURLU *u, CURLUPart part)
{
	char *v = NULL;
	bool has = curl_url_get(u, part, &v, 0) == CURLUE_OK && v && v[0];
	curl_free(v);
	return has;
}

/* The http(s) checks shared by the request and each redirect: a listed host, no credentials. */
static uint16_t check_remote(const uri_policy_t *pol, CURLU *u, char *why, size_t whysize)
{
	char host[300];
	if (!uri_part(u, CURLUPART_HOST, false, host, sizeof(host))) {
		snprintf(why, whysize, "document-uri names no host.");
		return IPPD_STATUS_CLIENT_ERROR_DOCUMENT_ACCESS_ERROR;
	}
	if (has_part(u, CURLUPART_USER) || has_part(u, CURLUPART_PASSWORD)) {
		snprintf(why, whysize, "document-uri must not carry a user name or password.");
		return IPPD_STATUS_CLIENT_ERROR_DOCUMENT_ACCESS_ERROR;
	}
	if (!host_listed(pol, host)) {
		snprintf(why, whysize, "This printer does not fetch documents from host '%.200s'.", host);
		return IPPD_STATUS_CLIENT_ERROR_DOCUMENT_ACCESS_ERROR;
	}
	return IPPD_STATUS_SUCCESSFUL_OK;
}

/* file: the path, decoded and resolved, must be a regular file inside the folder. */
static uint16_t check_file(const uri_policy_t *pol, CURLU *u, char *path, size_t pathsize, char *why, size_t whysize)
{
	char host[300] = "", raw[PATH_MAX], real[PATH_MAX];
	if (uri_part(u, CURLUPART_HOST, false, host, sizeof(host)) && host[0] && strcasecmp(host, "localhost") != 0) {
		snprintf(why, whysize, "A file: document-uri must name this host, not '%.200s'.", host);
		return IPPD_STATUS_CLIENT_ERROR_DOCUMENT_ACCESS_ERROR;
	}
	/* URL-decoding refuses %00, so the path has no hidden NUL. */
	if (!uri_part(u, CURLUPART_PATH, true, raw, sizeof(raw)) || raw[0] != '/') {
		snprintf(why, whysize, "document-uri has no usable file path.");
		return IPPD_STATUS_CLIENT_ERROR_DOCUMENT_ACCESS_ERROR;
	}
	if (!realpath(raw, real)) {
		snprintf(why, whysize, "document-uri names a file that cannot be read: %s.", strerror(errno));
		return IPPD_STATUS_CLIENT_ERROR_DOCUMENT_ACCESS_ERROR;
	}
	struct stat st;
	if (!uri_policy_inside(pol->folder, real) || stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, whysize, "document-uri must name a file inside the folder this printer prints from.");
		return IPPD_STATUS_CLIENT_ERROR_DOCUMENT_ACCESS_ERROR;
	}
	if (strlen(real) >= pathsize) {
		snprintf(why, whysize, "document-uri names a path that is too long.");
		return IPPD_STATUS_CLIENT_ERROR_DOCUMENT_ACCESS_ERROR;
	}
	snprintf(path, pathsize, "%s", real);
	return IPPD_STATUS_SUCCESSFUL_OK;
}

uint16_t uri_policy_check(const uri_policy_t *pol, const char *uri, char *path, size_t pathsize, char *why,
                          size_t whysize)
{
	char scheme[32], dummy[8];
	if (!why) {
		why = dummy;
		whysize = sizeof(dummy);
	}
	why[0] = '\0';
	if (pathsize)
		path[0] = '\0';
	if (!uri || !scheme_of(uri, scheme, sizeof(scheme))) {
		snprintf(why, whysize, "document-uri is not a URI.");
		return IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST;
	}
	bool remote = (strcmp(scheme, "http") == 0 && pol->http) || (strcmp(scheme, "https") == 0 && pol->https);
	bool local = strcmp(scheme, "file") == 0 && pol->file;
	if (!remote && !local) {
		snprintf(why, whysize, "This printer does not fetch '%s:' URIs.", scheme);
		return IPPD_STATUS_CLIENT_ERROR_URI_SCHEME_NOT_SUPPORTED;
	}
	CURLU *u = curl_url();
	if (!u) {
		snprintf(why, whysize, "Out of memory.");
		return IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR;
	}
	uint16_t st;
	if (curl_url_set(u, CURLUPART_URL, uri, 0) != CURLUE_OK) {
		snprintf(why, whysize, "document-uri is not a valid %s URI.", scheme);
		st = IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST;
	} else if (remote) {
		st = check_remote(pol, u, why, whysize);
	} else {
		st = check_file(pol, u, path, pathsize, why, whysize);
	}
	curl_url_cleanup(u);
	return st;
}

bool uri_policy_allows_remote(const uri_policy_t *pol, const char *uri)
{
	char scheme[32], why[256];
	if (!uri || !scheme_of(uri, scheme, sizeof(scheme)))
		return false;
	if (!((strcmp(scheme, "http") == 0 && pol->http) || (strcmp(scheme, "https") == 0 && pol->https)))
		return false;
	CURLU *u = curl_url();
	bool ok = u && curl_url_set(u, CURLUPART_URL, uri, 0) == CURLUE_OK &&
	          check_remote(pol, u, why, sizeof(why)) == IPPD_STATUS_SUCCESSFUL_OK;
	curl_url_cleanup(u);
	return ok;
}
