/* The RFC 8010 encoder: a message to bytes, sized first and then written in one pass. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdlib.h>
#include <string.h>

#include <ippd/codec.h>

#include "msg-private.h"

/* The value field's length for one value; -1 when it cannot be encoded. */
static long value_length(const Ippd_value *v)
{
	switch (v->tag) {
	case IPPD_TAG_INTEGER:
	case IPPD_TAG_ENUM:
		return 4;
	case IPPD_TAG_BOOLEAN:
		return 1;
	case IPPD_TAG_DATE_TIME:
		return 11;
	case IPPD_TAG_RESOLUTION:
		return 9;
	case IPPD_TAG_RANGE:
		return 8;
	case IPPD_TAG_BEGIN_COLLECTION:
		return 0;
	case IPPD_TAG_TEXT_LANG:
	case IPPD_TAG_NAME_LANG: {
		long n = 4L + v->lang_len + (long)v->len;
		return n > IPPD_MAX_WIRE_LENGTH ? -1 : n;
	}
	default:
		return v->len > IPPD_MAX_WIRE_LENGTH ? -1 : (long)v->len;
	}
}

static long attrs_size(const ippd_group_t *g);

/*
 * Bytes for the values of one attribute, the first carrying `name_len`
 * octets of name (0 inside collections): tag, name-length, name,
 * value-length, value; a collection adds its members and endCollection.
 */
static long values_size(const ippd_attr_t *a, size_t name_len)
{
	if (a->count == 0 || name_len > IPPD_MAX_WIRE_LENGTH)
		return -1;
	long total = 0;
	for (uint32_t i = 0; i < a->count; i++) {
		const Ippd_value *v = &a->values[i];
		long n = value_length(v);
		if (n < 0)
			return -1;
		total += 1 + 2 + (i == 0 ? (long)name_len : 0) + 2 + n;
		if (v->tag == IPPD_TAG_BEGIN_COLLECTION) {
			long m = attrs_size(v->u.coll);
			if (m < 0)
				return -1;
			total += m + 1 + 2 + 2;
		}
	}
	return total;
}

/* Bytes for the attributes of a group (top level) or the members of a collection. */
static long attrs_size(const ippd_group_t *g)
{
	bool member = g->tag == IPPD_TAG_BEGIN_COLLECTION;
	long total = 0;
	for (const ippd_attr_t *a = g->first; a; a = a->next) {
		long n = values_size(a, member ? 0 : a->name_len);
		if (n < 0 || (member && a->name_len > IPPD_MAX_WIRE_LENGTH))
			return -1;
		/* A member is introduced by memberAttrName whose value is its name. */
		total += n + (member ? 1 + 2 + 2 + (long)a->name_len : 0);
	}
	return total;
}

static long msg_size(const ippd_msg_t *msg)
{
	long total = 8 + 1;
	for (const ippd_group_t *g = msg->first; g; g = g->next) {
		long n = attrs_size(g);
		if (n < 0)
			return -1;
		total += 1 + n;
	}
	return total;
}

size_t ippd_msg_encoded_size(const ippd_msg_t *msg)
{
	long n = msg ? msg_size(msg) : -1;
	return n < 0 ? 0 : (size_t)n;
}

static uint8_t *put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *put32(uint8_t *p, int32_t v)
{
	uint32_t u = (uint32_t)v;
	p[0] = (uint8_t)(u >> 24);
	p[1] = (uint8_t)(u >> 16);
	p[2] = (uint8_t)(u >> 8);
	p[3] = (uint8_t)u;
	return p + 4;
}

static uint8_t *put_bytes(uint8_t *p, const void *s, size_t n)
{
	if (n)
		memcpy(p, s, n);
	return p + n;
}

static uint8_t *write_attrs(uint8_t *p, const ippd_group_t *g);

/* Writes one value's tag, name (first value only), length and value; sizes were checked already. */
static uint8_t *write_value(uint8_t *p, const Ippd_value *v, const char *name, size_t name_len)
{
	*p++ = v->tag;
	p = put16(p, (unsigned)name_len);
	p = put_bytes(p, name, name_len);
	p = put16(p, (unsigned)value_length(v));
	switch (v->tag) {
	case IPPD_TAG_INTEGER:
	case IPPD_TAG_ENUM:
		return put32(p, v->u.i);
	case IPPD_TAG_BOOLEAN:
		*p++ = v->u.i ? 1 : 0;
		return p;
	case IPPD_TAG_DATE_TIME:
		return put_bytes(p, v->u.date, 11);
	case IPPD_TAG_RESOLUTION:
		p = put32(p, v->u.res.x);
		p = put32(p, v->u.res.y);
		*p++ = v->units;
		return p;
	case IPPD_TAG_RANGE:
		p = put32(p, v->u.range.lower);
		return put32(p, v->u.range.upper);
	case IPPD_TAG_BEGIN_COLLECTION:
		p = write_attrs(p, v->u.coll);
		*p++ = IPPD_TAG_END_COLLECTION;
		p = put16(p, 0);
		return put16(p, 0);
	case IPPD_TAG_TEXT_LANG:
	case IPPD_TAG_NAME_LANG:
		p = put16(p, v->lang_len);
		p = put_bytes(p, v->u.str.lang, v->lang_len);
		p = put16(p, v->len);
		return put_bytes(p, v->u.str.s, v->len);
	default:
		return put_bytes(p, v->u.str.s, v->len);
	}
}

static uint8_t *write_attrs(uint8_t *p, const ippd_group_t *g)
{
	bool member = g->tag == IPPD_TAG_BEGIN_COLLECTION;
	for (const ippd_attr_t *a = g->first; a; a = a->next) {
		if (member) {
			*p++ = IPPD_TAG_MEMBER_NAME;
			p = put16(p, 0);
			p = put16(p, a->name_len);
			p = put_bytes(p, a->name, a->name_len);
		}
		for (uint32_t i = 0; i < a->count; i++) {
			bool named = i == 0 && !member;
			p = write_value(p, &a->values[i], named ? a->name : NULL, named ? a->name_len : 0);
		}
	}
	return p;
}

/* Tells apart the reasons a message cannot be encoded. */
static ippd_err_t why_unencodable(const ippd_group_t *g)
{
	for (const ippd_attr_t *a = g->first; a; a = a->next) {
		if (a->count == 0)
			return IPPD_ERR_ARG;
		for (uint32_t i = 0; i < a->count; i++) {
			const Ippd_value *v = &a->values[i];
			if (v->tag == IPPD_TAG_BEGIN_COLLECTION) {
				ippd_err_t e = why_unencodable(v->u.coll);
				if (e != IPPD_OK)
					return e;
			}
		}
	}
	return IPPD_ERR_TOO_LONG;
}

ippd_err_t ippd_msg_encode(const ippd_msg_t *msg, uint8_t *buf, size_t cap, size_t *written)
{
	if (written)
		*written = 0;
	if (!msg || (!buf && cap))
		return IPPD_ERR_ARG;
	long size = msg_size(msg);
	if (size < 0) {
		for (const ippd_group_t *g = msg->first; g; g = g->next) {
			ippd_err_t e = why_unencodable(g);
			if (e == IPPD_ERR_ARG)
				return e;
		}
		return IPPD_ERR_TOO_LONG;
	}
	if ((size_t)size > cap)
		return IPPD_ERR_SPACE;

	uint8_t *p = buf;
	*p++ = msg->major;
	*p++ = msg->minor;
	p = put16(p, msg->code);
	p = put32(p, msg->request_id);
	for (const ippd_group_t *g = msg->first; g; g = g->next) {
		*p++ = g->tag;
		p = write_attrs(p, g);
	}
	*p++ = IPPD_TAG_END;
	if (written)
		*written = (size_t)(p - buf);
	return IPPD_OK;
}

ippd_err_t ippd_msg_encode_alloc(const ippd_msg_t *msg, uint8_t **buf, size_t *len)
{
	if (buf)
		*buf = NULL;
	if (len)
		*len = 0;
	if (!msg || !buf)
		return IPPD_ERR_ARG;
	long size = msg_size(msg);
	uint8_t *b = malloc(size > 0 ? (size_t)size : 1);
	if (!b)
		return IPPD_ERR_NOMEM;
	ippd_err_t err = ippd_msg_encode(msg, b, size > 0 ? (size_t)size : 0, len);
	if (err != IPPD_OK) {
		free(b);
		return err;
	}
	*buf = b;
	return IPPD_OK;
}
