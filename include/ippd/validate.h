/* Validation of a decoded request: the checks every operation shares, turned into an IPP status. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_VALIDATE_H
#define IPPD_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ippd/msg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* IPP versions a server accepts: a bit set. */
enum {
	IPPD_VERSION_1_0 = 1u << 0,
	IPPD_VERSION_1_1 = 1u << 1,
	IPPD_VERSION_2_0 = 1u << 2,
	IPPD_VERSION_2_1 = 1u << 3,
	IPPD_VERSION_2_2 = 1u << 4,
	IPPD_VERSION_ALL = 0x1f,
};

typedef struct ippd_validate_opts {
	unsigned versions;             /* IPPD_VERSION_* bits; 0 means IPPD_VERSION_ALL */
	const char *const *charsets;   /* NULL-terminated; NULL means {"utf-8", "us-ascii"} */
	/*
	 * Out-of-band values (delete-attribute, no-value, ...) are accepted
	 * where the registry lists them as a syntax; this also admits them in
	 * any attribute, as Set-Printer-Attributes and friends need.
	 */
	bool allow_out_of_band;
} ippd_validate_opts_t;

/*
 * Checks `req` as RFC 8011 §4.1 says every operation must be checked, in
 * this order, and returns the first status that applies (0x0000
 * successful-ok when none does):
 *
 *  1. version-number not in opts->versions: server-error-version-not-supported
 *  2. request-id 0 (the range is 1..2^31-1): client-error-bad-request
 *  3. the first group is not the operation group, there is more than one,
 *     or attributes-charset and attributes-natural-language are not its
 *     first and second attributes, single-valued, with their syntaxes:
 *     client-error-bad-request
 *  4. attributes-charset not supported: client-error-charset-not-supported
 *  5. every attribute the registry knows, in every group, against its
 *     syntax: text or name values that are not valid UTF-8 are
 *     client-error-bad-request; values longer than their syntax allows,
 *     client-error-request-value-too-long; a wrong value tag, several values
 *     where one is allowed, an integer out of range, an unknown enum, a
 *     malformed keyword, client-error-attributes-or-values-not-supported.
 *     Collections are checked member by member.  Attributes the registry
 *     does not know are left to the operation, but every attribute and
 *     member name must be printable US-ASCII (else client-error-bad-request;
 *     such a name is neither echoed in `message` nor copied), and no name
 *     may appear twice in one group (client-error-bad-request).
 *
 * Each offending attribute of step 5 is copied into the unsupported group
 * of `resp` (created when needed; `resp` may be NULL).  `message` (may be
 * NULL) receives a sentence for status-message naming the first problem.
 * `opts` may be NULL for the defaults.
 */
uint16_t ippd_request_validate(const ippd_msg_t *req, const ippd_validate_opts_t *opts, ippd_msg_t *resp,
                               char *message, size_t message_size);

/* True when `s` (n bytes) is valid UTF-8 (RFC 3629: no overlongs, surrogates or values past U+10FFFF). */
bool ippd_utf8_valid(const char *s, size_t n);

/* True when `s` is an RFC 8011 §5.1.4 keyword: a lowercase letter, then lowercase letters, digits, '-', '_', '.'. */
bool ippd_keyword_valid(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif
