/* Request validation: version, request-id, the operation group's first attributes, and syntaxes per the registry. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ippd/registry.h>
#include <ippd/validate.h>

#include "msg-private.h"

size_t Ippd_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	unsigned cp = c & (0x3fu >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

bool ippd_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!s)
		return n == 0;
	for (size_t i = 0; i < n;) {
		size_t k = Ippd_utf8_seq(p + i, n - i);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

bool ippd_keyword_valid(const char *s, size_t n)
{
	if (!s || n == 0 || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 1; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* What step 5 found, worst first: the order decides the status. */
typedef enum {
	V_OK = 0,
	V_UNSUPPORTED, /* client-error-attributes-or-values-not-supported */
	V_TOO_LONG,    /* client-error-request-value-too-long */
	V_BAD,         /* client-error-bad-request */
} verdict_t;

typedef struct {
	const ippd_validate_opts_t *opts;
	verdict_t worst;
	char *message;
	size_t message_size;
	verdict_t message_verdict; /* the message describes the first problem of the worst kind */
} checker_t;

/* Notes a problem; the message follows the most serious one seen, and the first of those. */
__attribute__((format(printf, 3, 4))) static verdict_t note(checker_t *ck, verdict_t v, const char *fmt, ...)
{
	if (v > ck->message_verdict && ck->message && ck->message_size) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ck->message, ck->message_size, fmt, ap);
		va_end(ap);
		ck->message_verdict = v;
	}
	if (v > ck->worst)
		ck->worst = v;
	return v;
}

/* The alternative of `def` that admits `tag` (name admits nameWithLanguage, text textWithLanguage). */
static const ippd_syntax_t *match_syntax(const ippd_attr_def_t *def, unsigned tag)
{
	for (size_t i = 0; i < def->n_syntax; i++) {
		unsigned t = def->syntax[i].tag;
		if (t == tag || (t == IPPD_TAG_NAME && tag == IPPD_TAG_NAME_LANG) ||
		    (t == IPPD_TAG_TEXT && tag == IPPD_TAG_TEXT_LANG))
			return &def->syntax[i];
	}
	return NULL;
}

static verdict_t check_attr(checker_t *ck, const ippd_attr_t *a, const ippd_attr_def_t *def, const char *path);

/* Checks one value against the alternative its tag matched. */
static verdict_t check_value(checker_t *ck, const ippd_attr_t *a, const Ippd_value *v, const ippd_attr_def_t *def,
                             const char *path)
{
	const ippd_syntax_t *syn = match_syntax(def, v->tag);
	if (!syn) {
		if (IPPD_TAG_IS_OUT_OF_BAND(v->tag) && ck->opts->allow_out_of_band)
			return V_OK;
		const char *got = ippd_tag_name(v->tag);
		const char *want = ippd_tag_name(def->syntax[0].tag);
		return note(ck, V_UNSUPPORTED, "'%s' has a value of syntax %s; it takes %s%s", path, got ? got : "unknown",
		            want ? want : "another syntax", def->n_syntax > 1 ? " or another listed syntax" : "");
	}
	switch (v->tag) {
	case IPPD_TAG_INTEGER:
		if (v->u.i < syn->min || v->u.i > syn->max)
			return note(ck, V_UNSUPPORTED, "'%s' is %d, outside %d to %d", path, (int)v->u.i, (int)syn->min,
			            (int)syn->max);
		return V_OK;
	case IPPD_TAG_RANGE:
		if (v->u.range.lower > v->u.range.upper || v->u.range.lower < syn->min || v->u.range.upper > syn->max)
			return note(ck, V_UNSUPPORTED, "'%s' has the range %d-%d; ranges must rise within %d to %d", path,
			            (int)v->u.range.lower, (int)v->u.range.upper, (int)syn->min, (int)syn->max);
		return V_OK;
	case IPPD_TAG_ENUM:
		if (ippd_enum_count(a->name) && !ippd_enum_name(a->name, v->u.i))
			return note(ck, V_UNSUPPORTED, "'%s' has the unknown enum value %d", path, (int)v->u.i);
		return V_OK;
	case IPPD_TAG_BEGIN_COLLECTION: {
		verdict_t worst = V_OK;
		for (const ippd_attr_t *m = v->u.coll->first; m; m = m->next) {
			const ippd_attr_def_t *md = ippd_registry_find_member(def, m->name);
			char sub[300];
			snprintf(sub, sizeof(sub), "%s.%s", path, m->name);
			verdict_t r = md ? check_attr(ck, m, md, sub) : V_OK;
			worst = r > worst ? r : worst;
		}
		return worst;
	}
	}
	if (!Ippd_tag_is_stringlike(v->tag) || IPPD_TAG_IS_OUT_OF_BAND(v->tag))
		return V_OK;
	bool textual = v->tag == IPPD_TAG_TEXT || v->tag == IPPD_TAG_NAME || v->tag == IPPD_TAG_TEXT_LANG ||
	               v->tag == IPPD_TAG_NAME_LANG;
	if (textual && !ippd_utf8_valid(v->u.str.s, v->len))
		return note(ck, V_BAD, "'%s' is not valid UTF-8", path);
	if (syn->max > 0 && v->len > (uint32_t)syn->max)
		return note(ck, V_TOO_LONG, "'%s' is %u octets long; at most %d are allowed", path, (unsigned)v->len,
		            (int)syn->max);
	if (v->tag == IPPD_TAG_KEYWORD && !ippd_keyword_valid(v->u.str.s, v->len))
		return note(ck, V_UNSUPPORTED, "'%s' has a malformed keyword value", path);
	return V_OK;
}

static verdict_t check_attr(checker_t *ck, const ippd_attr_t *a, const ippd_attr_def_t *def, const char *path)
{
	if (a->count > 1 && !def->set_of)
		return note(ck, V_UNSUPPORTED, "'%s' takes one value; %u were sent", path, (unsigned)a->count);
	verdict_t worst = V_OK;
	for (uint32_t i = 0; i < a->count; i++) {
		verdict_t r = check_value(ck, a, &a->values[i], def, path);
		worst = r > worst ? r : worst;
	}
	return worst;
}

/*
 * Names are keywords (RFC 8011 section 5.1.4: US-ASCII); vendor names
 * with capitals exist, so only printable US-ASCII is required.  A name
 * with control characters or other bytes would otherwise be echoed into
 * status-message and logs.  Collection members are checked too.
 */
static bool names_printable(const ippd_attr_t *a)
{
	for (const unsigned char *p = (const unsigned char *)a->name; *p; p++)
		if (*p < 0x21 || *p > 0x7e)
			return false;
	for (uint32_t i = 0; i < a->count; i++) {
		if (a->values[i].tag != IPPD_TAG_BEGIN_COLLECTION)
			continue;
		for (const ippd_attr_t *m = a->values[i].u.coll->first; m; m = m->next)
			if (!names_printable(m))
				return false;
	}
	return true;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A name appears once per group: more values are additional values of the
 * same attribute (RFC 8010).  A repeated one is ambiguous: one part of a
 * server could read the first and another the last.  Sorted, so 4,096
 * attributes cost n log n comparisons; the name found repeated goes to `dup`.
 */
static bool names_unique(const ippd_group_t *g, const char **dup)
{
	const char *stack[64];
	size_t n = 0;
	for (const ippd_attr_t *a = g->first; a; a = a->next)
		n++;
	const char **names = n <= 64 ? stack : malloc(n * sizeof(*names));
	if (!names)
		return true; /* out of memory: the operation still reads the first */
	n = 0;
	for (const ippd_attr_t *a = g->first; a; a = a->next)
		names[n++] = a->name;
	qsort(names, n, sizeof(*names), compare_names);
	*dup = NULL;
	for (size_t i = 1; i < n && !*dup; i++)
		if (strcmp(names[i - 1], names[i]) == 0)
			*dup = names[i];
	if (names != stack)
		free(names);
	return *dup == NULL;
}

/* Step 3: the operation group opens the message and starts with charset then language. */
static bool operation_group_ok(const ippd_msg_t *req, char *message, size_t size)
{
	const ippd_group_t *op = req->first;
	const char *problem = NULL;
	if (!op || op->tag != IPPD_TAG_OPERATION)
		problem = "the request must start with the operation attributes group";
	for (const ippd_group_t *g = op ? op->next : NULL; g && !problem; g = g->next)
		if (g->tag == IPPD_TAG_OPERATION)
			problem = "the request has more than one operation attributes group";
	const ippd_attr_t *cs = op ? op->first : NULL;
	const ippd_attr_t *nl = cs ? cs->next : NULL;
	if (!problem && (!cs || strcmp(cs->name, "attributes-charset") != 0))
		problem = "attributes-charset must be the first operation attribute";
	else if (!problem && (cs->count != 1 || cs->values[0].tag != IPPD_TAG_CHARSET))
		problem = "attributes-charset must be one charset value";
	else if (!problem && (!nl || strcmp(nl->name, "attributes-natural-language") != 0))
		problem = "attributes-natural-language must be the second operation attribute";
	else if (!problem && (nl->count != 1 || nl->values[0].tag != IPPD_TAG_LANGUAGE))
		problem = "attributes-natural-language must be one naturalLanguage value";
	if (problem && message && size)
		snprintf(message, size, "%s", problem);
	return problem == NULL;
}

static bool version_ok(const ippd_msg_t *req, unsigned versions)
{
	static const struct {
		uint8_t major, minor;
		unsigned bit;
	} known[] = {
		{1, 0, IPPD_VERSION_1_0}, {1, 1, IPPD_VERSION_1_1}, {2, 0, IPPD_VERSION_2_0},
		{2, 1, IPPD_VERSION_2_1}, {2, 2, IPPD_VERSION_2_2},
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (req->major == known[i].major && req->minor == known[i].minor)
			return (versions & known[i].bit) != 0;
	return false;
}

static bool charset_ok(const ippd_msg_t *req, const char *const *charsets)
{
	static const char *const defaults[] = {"utf-8", "us-ascii", NULL};
	const char *cs = req->first->first->values[0].u.str.s;
	for (const char *const *c = charsets ? charsets : defaults; *c; c++)
		if (strcasecmp(cs, *c) == 0)
			return true;
	return false;
}

uint16_t ippd_request_validate(const ippd_msg_t *req, const ippd_validate_opts_t *opts, ippd_msg_t *resp,
                               char *message, size_t message_size)
{
	ippd_validate_opts_t defaults = {0};
	if (!opts)
		opts = &defaults;
	if (message && message_size)
		message[0] = '\0';
	if (!req) {
		if (message && message_size)
			snprintf(message, message_size, "no request");
		return IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST;
	}
	if (!version_ok(req, opts->versions ? opts->versions : IPPD_VERSION_ALL)) {
		if (message && message_size)
			snprintf(message, message_size, "IPP version %u.%u is not supported", req->major, req->minor);
		return IPPD_STATUS_SERVER_ERROR_VERSION_NOT_SUPPORTED;
	}
	if (req->request_id <= 0) {
		if (message && message_size)
			snprintf(message, message_size, "request-id must be between 1 and 2147483647, not %d",
			         (int)req->request_id);
		return IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST;
	}
	if (!operation_group_ok(req, message, message_size))
		return IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST;
	if (!charset_ok(req, opts->charsets)) {
		if (message && message_size)
			snprintf(message, message_size, "the charset '%s' is not supported",
			         req->first->first->values[0].u.str.s);
		return IPPD_STATUS_CLIENT_ERROR_CHARSET_NOT_SUPPORTED;
	}

	checker_t ck = {.opts = opts, .message = message, .message_size = message_size};
	ippd_group_t *unsupported = NULL;
	for (const ippd_group_t *g = req->first; g; g = g->next) {
		if (g->tag == IPPD_TAG_UNSUPPORTED_GROUP)
			continue;
		const char *dup = NULL;
		if (!names_unique(g, &dup)) {
			bool printable = strspn(dup, "abcdefghijklmnopqrstuvwxyz0123456789-_.") == strlen(dup);
			note(&ck, V_BAD, "'%s' appears twice in one group", printable ? dup : "an attribute");
		}
		for (const ippd_attr_t *a = g->first; a; a = a->next) {
			if (!names_printable(a)) {
				note(&ck, V_BAD, "an attribute name holds a byte that is not printable US-ASCII");
				continue;
			}
			const ippd_attr_def_t *def = ippd_registry_find(a->name);
			if (!def || check_attr(&ck, a, def, a->name) == V_OK || !resp)
				continue;
			if (!unsupported)
				unsupported = ippd_msg_get_group(resp, IPPD_TAG_UNSUPPORTED_GROUP);
			if (unsupported)
				ippd_group_copy_attr(unsupported, a, NULL);
		}
	}
	switch (ck.worst) {
	case V_BAD:
		return IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST;
	case V_TOO_LONG:
		return IPPD_STATUS_CLIENT_ERROR_REQUEST_VALUE_TOO_LONG;
	case V_UNSUPPORTED:
		return IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED;
	case V_OK:
		break;
	}
	return IPPD_STATUS_SUCCESSFUL_OK;
}
