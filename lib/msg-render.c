/* Text and JSON renderings of a message, with every string escaped for its destination. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <ippd/registry.h>
#include <ippd/render.h>
#include <ippd/validate.h>

#include "msg-private.h"

ippd_msg_kind_t ippd_msg_guess_kind(const ippd_msg_t *msg)
{
	if (!msg)
		return IPPD_KIND_RESPONSE;
	unsigned code = msg->code;
	if (code == 0 || code == 1 || (code >= 0x0400 && code <= 0x06ff))
		return IPPD_KIND_RESPONSE;
	if (code >= 0x0008)
		return IPPD_KIND_REQUEST;
	/* 0x0002-0x0007 are both operations and successful-ok-* statuses: a request names its target. */
	static const char *const targets[] = {"printer-uri", "job-uri", "system-uri", "job-id"};
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		if (ippd_msg_find(msg, IPPD_TAG_OPERATION, targets[i]))
			return IPPD_KIND_REQUEST;
	return IPPD_KIND_RESPONSE;
}

static void put_hex(FILE *out, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%02x", p[i]);
}

static void put_date(FILE *out, const uint8_t d[11])
{
	fprintf(out, "%04u-%02u-%02uT%02u:%02u:%02u%c%02u:%02u", (unsigned)((d[0] << 8) | d[1]), d[2], d[3], d[4],
	        d[5], d[6], d[8] == '-' ? '-' : '+', d[9], d[10]);
}

static const char *syntax_name(unsigned tag)
{
	const char *name = ippd_tag_name(tag);
	return name ? name : "unknown-tag";
}

/* ------------------------------------------------------------------ */
/* Text                                                               */
/* ------------------------------------------------------------------ */

/*
 * Writes a string for a terminal: valid UTF-8 passes, control characters,
 * DEL, backslash, the quote and invalid bytes become escapes.
 */
static void text_string(FILE *out, const char *s, size_t n, bool quote)
{
	const unsigned char *p = (const unsigned char *)s;
	if (quote)
		fputc('"', out);
	for (size_t i = 0; i < n;) {
		size_t k = Ippd_utf8_seq(p + i, n - i);
		if (k > 1) {
			fwrite(p + i, 1, k, out);
			i += k;
			continue;
		}
		unsigned c = p[i++];
		if (k == 1 && c >= 0x20 && c != 0x7f && c != '\\' && !(quote && c == '"'))
			fputc((int)c, out);
		else if (c == '\\' || c == '"')
			fprintf(out, "\\%c", c);
		else
			fprintf(out, "\\x%02x", c);
	}
	if (quote)
		fputc('"', out);
}

/* True when an octetString is printable text worth showing as such. */
static bool printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

static void text_collection(FILE *out, const ippd_group_t *c);

static void text_value(FILE *out, const ippd_attr_t *a, const Ippd_value *v)
{
	switch (v->tag) {
	case IPPD_TAG_INTEGER:
		fprintf(out, "%" PRId32, v->u.i);
		return;
	case IPPD_TAG_ENUM: {
		const char *kw = ippd_enum_name(a->name, v->u.i);
		if (kw)
			fprintf(out, "%s(%" PRId32 ")", kw, v->u.i);
		else
			fprintf(out, "%" PRId32, v->u.i);
		return;
	}
	case IPPD_TAG_BOOLEAN:
		fputs(v->u.i ? "true" : "false", out);
		return;
	case IPPD_TAG_DATE_TIME:
		put_date(out, v->u.date);
		return;
	case IPPD_TAG_RESOLUTION:
		fprintf(out, "%" PRId32 "x%" PRId32 "%s", v->u.res.x, v->u.res.y,
		        v->units == IPPD_RES_PER_INCH ? "dpi" : v->units == IPPD_RES_PER_CM ? "dpcm" : "?units");
		return;
	case IPPD_TAG_RANGE:
		fprintf(out, "%" PRId32 "-%" PRId32, v->u.range.lower, v->u.range.upper);
		return;
	case IPPD_TAG_BEGIN_COLLECTION:
		text_collection(out, v->u.coll);
		return;
	case IPPD_TAG_TEXT_LANG:
	case IPPD_TAG_NAME_LANG:
		text_string(out, v->u.str.s, v->len, true);
		fputs(" [", out);
		text_string(out, v->u.str.lang, v->lang_len, false);
		fputc(']', out);
		return;
	case IPPD_TAG_TEXT:
	case IPPD_TAG_NAME:
		text_string(out, v->u.str.s, v->len, true);
		return;
	case IPPD_TAG_OCTET_STRING:
		if (printable(v->u.str.s, v->len)) {
			text_string(out, v->u.str.s, v->len, true);
		} else {
			fputc('<', out);
			put_hex(out, v->u.str.s, v->len);
			fputc('>', out);
		}
		return;
	}
	if (IPPD_TAG_IS_OUT_OF_BAND(v->tag)) {
		fputs(syntax_name(v->tag), out);
	} else if (IPPD_TAG_IS_STRING(v->tag) && ippd_tag_name(v->tag)) {
		text_string(out, v->u.str.s, v->len, false);
	} else {
		fprintf(out, "tag 0x%02x <", v->tag);
		put_hex(out, v->u.str.s, v->len);
		fputc('>', out);
	}
}

static void text_values(FILE *out, const ippd_attr_t *a)
{
	for (uint32_t i = 0; i < a->count; i++) {
		if (i)
			fputs(", ", out);
		text_value(out, a, &a->values[i]);
	}
}

static void text_collection(FILE *out, const ippd_group_t *c)
{
	fputc('{', out);
	for (const ippd_attr_t *m = c->first; m; m = m->next) {
		if (m != c->first)
			fputc(' ', out);
		text_string(out, m->name, m->name_len, false);
		fputc('=', out);
		text_values(out, m);
	}
	fputc('}', out);
}

/* "keyword", "1setOf keyword", or "1setOf (integer | rangeOfInteger)" for mixed values. */
static void text_syntax(FILE *out, const ippd_attr_t *a)
{
	bool mixed = false;
	for (uint32_t i = 1; i < a->count; i++)
		mixed |= a->values[i].tag != a->values[0].tag;
	if (a->count > 1)
		fputs("1setOf ", out);
	if (!mixed) {
		fputs(syntax_name(a->values[0].tag), out);
		return;
	}
	fputc('(', out);
	for (uint32_t i = 0; i < a->count; i++) {
		bool seen = false;
		for (uint32_t j = 0; j < i; j++)
			seen |= a->values[j].tag == a->values[i].tag;
		if (!seen)
			fprintf(out, "%s%s", i ? " | " : "", syntax_name(a->values[i].tag));
	}
	fputc(')', out);
}

static void text_attr(FILE *out, const ippd_attr_t *a)
{
	fputs("  ", out);
	text_string(out, a->name, a->name_len, false);
	fputs(" (", out);
	if (a->count)
		text_syntax(out, a);
	fputs(") =", out);
	/* Several collections read better one per line. */
	if (a->count > 1 && a->values[0].tag == IPPD_TAG_BEGIN_COLLECTION) {
		for (uint32_t i = 0; i < a->count; i++) {
			fprintf(out, "\n    [%" PRIu32 "] ", i + 1);
			text_value(out, a, &a->values[i]);
		}
	} else {
		fputc(' ', out);
		text_values(out, a);
	}
	fputc('\n', out);
}

ippd_err_t ippd_msg_render_text(const ippd_msg_t *msg, ippd_msg_kind_t kind, FILE *out)
{
	if (!msg || !out)
		return IPPD_ERR_ARG;
	if (kind == IPPD_KIND_AUTO)
		kind = ippd_msg_guess_kind(msg);
	const char *code = kind == IPPD_KIND_REQUEST ? ippd_op_name(msg->code) : ippd_status_name(msg->code);
	fprintf(out, "IPP/%u.%u %s (0x%04x) request-id %" PRId32 "\n", msg->major, msg->minor,
	        code ? code : (kind == IPPD_KIND_REQUEST ? "unknown-operation" : "unknown-status"), msg->code,
	        msg->request_id);
	for (const ippd_group_t *g = msg->first; g; g = g->next) {
		fprintf(out, "%s\n", ippd_tag_name(g->tag) ? ippd_tag_name(g->tag) : "unknown-group-tag");
		for (const ippd_attr_t *a = g->first; a; a = a->next)
			text_attr(out, a);
	}
	fputs("end-of-attributes-tag\n", out);
	return ferror(out) ? IPPD_ERR_IO : IPPD_OK;
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

/* A JSON string; invalid UTF-8 bytes become U+FFFD so the output stays valid JSON. */
static void json_string(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	fputc('"', out);
	for (size_t i = 0; i < n;) {
		size_t k = Ippd_utf8_seq(p + i, n - i);
		if (k == 0) {
			fputs("\\ufffd", out);
			i++;
		} else if (k > 1) {
			fwrite(p + i, 1, k, out);
			i += k;
		} else {
			unsigned c = p[i++];
			if (c == '"' || c == '\\')
				fprintf(out, "\\%c", c);
			else if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				fputc((int)c, out);
		}
	}
	fputc('"', out);
}

static void json_cstr(FILE *out, const char *s)
{
	json_string(out, s, strlen(s));
}

static void json_attrs(FILE *out, const ippd_attr_t *first);

static void json_value(FILE *out, const Ippd_value *v)
{
	switch (v->tag) {
	case IPPD_TAG_INTEGER:
	case IPPD_TAG_ENUM:
		fprintf(out, "%" PRId32, v->u.i);
		return;
	case IPPD_TAG_BOOLEAN:
		fputs(v->u.i ? "true" : "false", out);
		return;
	case IPPD_TAG_DATE_TIME:
		fputc('"', out);
		put_date(out, v->u.date);
		fputc('"', out);
		return;
	case IPPD_TAG_RESOLUTION:
		fprintf(out, "{\"x\":%" PRId32 ",\"y\":%" PRId32 ",\"units\":\"%s\"}", v->u.res.x, v->u.res.y,
		        v->units == IPPD_RES_PER_INCH ? "dpi" : v->units == IPPD_RES_PER_CM ? "dpcm" : "unknown");
		return;
	case IPPD_TAG_RANGE:
		fprintf(out, "{\"lower\":%" PRId32 ",\"upper\":%" PRId32 "}", v->u.range.lower, v->u.range.upper);
		return;
	case IPPD_TAG_BEGIN_COLLECTION:
		json_attrs(out, v->u.coll->first);
		return;
	case IPPD_TAG_TEXT_LANG:
	case IPPD_TAG_NAME_LANG:
		fputs("{\"text\":", out);
		json_string(out, v->u.str.s, v->len);
		fputs(",\"language\":", out);
		json_string(out, v->u.str.lang, v->lang_len);
		fputc('}', out);
		return;
	case IPPD_TAG_OCTET_STRING:
		if (ippd_utf8_valid(v->u.str.s, v->len)) {
			json_string(out, v->u.str.s, v->len);
		} else {
			fputs("{\"hex\":\"", out);
			put_hex(out, v->u.str.s, v->len);
			fputs("\"}", out);
		}
		return;
	}
	if (IPPD_TAG_IS_OUT_OF_BAND(v->tag)) {
		fputs("null", out);
	} else if (IPPD_TAG_IS_STRING(v->tag) && ippd_tag_name(v->tag)) {
		json_string(out, v->u.str.s, v->len);
	} else {
		fprintf(out, "{\"tag\":%u,\"hex\":\"", v->tag);
		put_hex(out, v->u.str.s, v->len);
		fputs("\"}", out);
	}
}

static void json_attr(FILE *out, const ippd_attr_t *a)
{
	fputs("{\"name\":", out);
	json_string(out, a->name, a->name_len);
	fputs(",\"syntax\":", out);
	json_cstr(out, a->count ? syntax_name(a->values[0].tag) : "none");
	bool mixed = false;
	for (uint32_t i = 1; i < a->count; i++)
		mixed |= a->values[i].tag != a->values[0].tag;
	if (mixed) {
		fputs(",\"syntaxes\":[", out);
		for (uint32_t i = 0; i < a->count; i++) {
			fputs(i ? "," : "", out);
			json_cstr(out, syntax_name(a->values[i].tag));
		}
		fputc(']', out);
	}
	fputs(",\"values\":[", out);
	for (uint32_t i = 0; i < a->count; i++) {
		fputs(i ? "," : "", out);
		json_value(out, &a->values[i]);
	}
	fputc(']', out);
	/* Enum keywords beside the numbers, when the registry knows every one. */
	bool all_enum = a->count > 0;
	for (uint32_t i = 0; i < a->count && all_enum; i++)
		all_enum = a->values[i].tag == IPPD_TAG_ENUM && ippd_enum_name(a->name, a->values[i].u.i);
	if (all_enum) {
		fputs(",\"keywords\":[", out);
		for (uint32_t i = 0; i < a->count; i++) {
			fputs(i ? "," : "", out);
			json_cstr(out, ippd_enum_name(a->name, a->values[i].u.i));
		}
		fputc(']', out);
	}
	fputc('}', out);
}

static void json_attrs(FILE *out, const ippd_attr_t *first)
{
	fputc('[', out);
	for (const ippd_attr_t *a = first; a; a = a->next) {
		fputs(a != first ? "," : "", out);
		json_attr(out, a);
	}
	fputc(']', out);
}

ippd_err_t ippd_msg_render_json(const ippd_msg_t *msg, ippd_msg_kind_t kind, FILE *out)
{
	if (!msg || !out)
		return IPPD_ERR_ARG;
	if (kind == IPPD_KIND_AUTO)
		kind = ippd_msg_guess_kind(msg);
	bool req = kind == IPPD_KIND_REQUEST;
	const char *code = req ? ippd_op_name(msg->code) : ippd_status_name(msg->code);
	fprintf(out, "{\"version\":\"%u.%u\",\"kind\":\"%s\",\"%s\":%u", msg->major, msg->minor,
	        req ? "request" : "response", req ? "operation-id" : "status-code", msg->code);
	if (code) {
		fprintf(out, ",\"%s\":", req ? "operation" : "status");
		json_cstr(out, code);
	}
	fprintf(out, ",\"request-id\":%" PRId32 ",\"groups\":[", msg->request_id);
	for (const ippd_group_t *g = msg->first; g; g = g->next) {
		fputs(g != msg->first ? "," : "", out);
		fputs("{\"tag\":", out);
		json_cstr(out, ippd_tag_name(g->tag) ? ippd_tag_name(g->tag) : "unknown-group-tag");
		fputs(",\"attributes\":", out);
		json_attrs(out, g->first);
		fputc('}', out);
	}
	fputs("]}\n", out);
	return ferror(out) ? IPPD_ERR_IO : IPPD_OK;
}
