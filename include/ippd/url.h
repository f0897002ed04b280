/* ipp:// and ipps:// URLs: parse, check, format, compare and map to http/https (RFC 3510, RFC 7472). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_URL_H
#define IPPD_URL_H

#include <stdbool.h>
#include <stddef.h>

#include <ippd/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Nothing here allocates: an ippd_url_t is a plain struct the caller owns
 * (on the stack is fine), and text goes into caller buffers.  Every call is
 * thread-safe.  docs/internals/URL.md lists what is accepted and rejected.
 */

enum {
	/* RFC 3510 §4.5 and RFC 7472: a URL is at most 1023 octets. */
	IPPD_URL_MAX = 1023,
	/* RFC 3510 §4.2 and RFC 7472: the port of ipp and of ipps alike. */
	IPPD_URL_DEFAULT_PORT = 631,
	/* Big enough for any ippd_url_format() or ippd_url_to_http() result. */
	IPPD_URL_BUFSIZE = 1040,
};

/*
 * Warnings: ippd_url_parse() and ippd_url_build() return a positive OR of
 * these when the URL is valid and `url` is filled, but a standard advises
 * against it.  Callers that do not care test `< 0` for failure.
 */
enum {
	/* The host is a literal IPv4 or IPv6 address (RFC 3510 §4.6: SHOULD NOT). */
	IPPD_URL_WARN_ADDRESS = 1 << 0,
	/* Longer than 255 octets, which some old clients mishandle (RFC 3510 §4.5). */
	IPPD_URL_WARN_LONG = 1 << 1,
};

/*
 * A parsed URL.  Fields hold the text as written (validated, percent-
 * encoding kept), except where noted; ippd_url_format() gives the canonical
 * form.
 */
typedef struct ippd_url {
	char scheme[8];   /* "ipp" or "ipps", always lower case */
	char host[256];   /* reg-name or IPv4 as written; IPv6 without brackets, zone as "%eth0" */
	bool is_ipv6;     /* host came from an [IPv6] literal */
	bool port_given;  /* digits followed the ":" ("ipp://h:/" leaves this false) */
	int port;         /* 1-65535; 631 when not given or empty */
	char path[1024];  /* abs_path, starting with "/"; "/" when the URL had none */
	bool has_query;   /* a "?" followed the path, even with nothing after it */
	char query[1024]; /* the text after "?", without the "?" */
} ippd_url_t;

/*
 * Parses the NUL-terminated `s` into `url`.
 * Returns 0, or a positive OR of IPPD_URL_WARN_* (url filled), or:
 *   IPPD_ERR_ARG      s or url is NULL;
 *   IPPD_ERR_TOO_LONG s is longer than IPPD_URL_MAX octets, or the host
 *                     is too long (DNS: 63-octet labels, 253-octet names;
 *                     an IPv6 literal must fit `host`);
 *   IPPD_ERR_SYNTAX   anything else; err->offset is the byte at fault.
 * On failure `url` is zeroed.  `err` (may be NULL) gets the code, the
 * offset, an IPP status for a server to answer with, and a sentence such as
 * "ipp URL: bad percent-encoding at offset 12".
 */
ippd_err_t ippd_url_parse(const char *s, ippd_url_t *url, ippd_error_t *err);

/*
 * The same for `len` octets that need not end in NUL, such as an IPP uri
 * value; a NUL octet inside them is a syntax error.
 */
ippd_err_t ippd_url_parse_n(const char *s, size_t len, ippd_url_t *url, ippd_error_t *err);

/*
 * Fills `url` from parts, for servers that make printer-uri-supported and
 * job-uri values.  `scheme` is "ipp" or "ipps"; `host` a host name, IPv4
 * address or IPv6 address without brackets (zone as "fe80::1%eth0"); `port`
 * 1-65535, or 0 for the default (then port_given is false); `path` an
 * already percent-encoded abs_path, optionally followed by "?query", or
 * NULL for "/".  Returns what ippd_url_parse() returns for the assembled
 * URL, or IPPD_ERR_ARG when a part is NULL, out of range, or would change
 * the structure of the URL (a "/" in the host, say).
 */
ippd_err_t ippd_url_build(ippd_url_t *url, const char *scheme, const char *host, int port, const char *path,
                          ippd_error_t *err);

/*
 * Writes the canonical form of `url` into `buf` (`cap` bytes, NUL
 * included): lower-case scheme and host, IPv6 in RFC 5952 form, port left
 * out when it is 631, "/" for an empty path, percent-encoded unreserved
 * characters decoded and other %XX in upper case.  Two URLs are equal
 * (ippd_url_equal) exactly when their canonical forms are the same string.
 * Returns 0; IPPD_ERR_ARG when an argument is NULL or `url` is not a valid
 * URL (each field is checked as ippd_url_parse would); IPPD_ERR_SPACE when
 * `cap` is too small (IPPD_URL_BUFSIZE always suffices); IPPD_ERR_TOO_LONG
 * when the canonical form would pass 1023 octets.  `buf` is "" on failure.
 */
ippd_err_t ippd_url_format(const ippd_url_t *url, char *buf, size_t cap);

/*
 * Writes the HTTP URL that carries `url` (RFC 3510 §5.1, RFC 7472): ipp
 * becomes http and ipps https, the port is always written (":631" too,
 * since http's own default is 80), the rest in canonical form.  Returns as
 * ippd_url_format() does, except that the result may pass 1023 octets.
 */
ippd_err_t ippd_url_to_http(const ippd_url_t *url, char *buf, size_t cap);

/*
 * True when `a` and `b` are both valid ipp/ipps URLs that name the same
 * resource by RFC 3510 §4.7 and RFC 7472 (see ippd_url_format); false when
 * they differ or either is NULL or invalid.  ipp and ipps never match.
 */
bool ippd_url_equal(const char *a, const char *b);

#ifdef __cplusplus
}
#endif

#endif
