/* The RFC 8010 encoder: a message to bytes in one pass, sized first only when that pass cannot finish. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdlib.h>
#include <string.h>

#include <ippd/codec.h>

#include "msg-private.h"

/*
 * Sizing, a walk that writes nothing: ippd_msg_encoded_size(), and the
 * careful path that finds out why the one-pass writer below gave up.
 * The value field's length for one value; -1 when it cannot be encoded.
 */
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

/* Big-endian fields as one byte-swapped store each rather than a store per byte. */
static inline uint8_t *put16(uint8_t *p, size_t v)
{
	uint16_t be = (uint16_t)v;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	be = __builtin_bswap16(be);
#endif
	memcpy(p, &be, sizeof(be));
	return p + 2;
}

static inline uint8_t *put32(uint8_t *p, int32_t v)
{
	uint32_t be = (uint32_t)v;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	be = __builtin_bswap32(be);
#endif
	memcpy(p, &be, sizeof(be));
	return p + 4;
}

/*
 * Copies `n` bytes.  Most names and keywords are under 32 octets; two
 * overlapping fixed-size moves of the first and last bytes copy them in a
 * few instructions, where a call to memcpy() costs several times that.
 * Neither side is touched outside its `n` bytes.
 */
static inline uint8_t *put_bytes(uint8_t *p, const void *src, size_t n)
{
	const uint8_t *s = src;
	if (n > 32)
		memcpy(p, s, n);
	else if (n >= 16) {
		memcpy(p, s, 16);
		memcpy(p + n - 16, s + n - 16, 16);
	} else if (n >= 8) {
		memcpy(p, s, 8);
		memcpy(p + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(p, s, 4);
		memcpy(p + n - 4, s + n - 4, 4);
	} else if (n > 0) {
		p[0] = s[0];
		p[n / 2] = s[n / 2];
		p[n - 1] = s[n - 1];
	}
	return p + n;
}

/* An item up to its value: tag, name-length, name (an attribute's first value only), value-length. */
static inline uint8_t *put_head(uint8_t *p, uint8_t tag, const char *name, size_t name_len, size_t value_len)
{
	*p = tag;
	p = put16(p + 1, name_len);
	p = put_bytes(p, name, name_len);
	return put16(p, value_len);
}

static uint8_t *put_attrs(uint8_t *p, const uint8_t *end, const ippd_group_t *g);

/*
 * Writes one item, checking that it fits before `end` and can be encoded;
 * NULL when it does not or cannot, so that the caller can tell why on the
 * careful path.  `name_len` is at most IPPD_MAX_WIRE_LENGTH.  The checks
 * are exact, so a message fails here only where msg_size() fails or
 * exceeds the space.
 */
static inline uint8_t *put_value(uint8_t *p, const uint8_t *end, const Ippd_value *v, const char *name,
                                 size_t name_len)
{
	size_t room = (size_t)(end - p);
	size_t head = 1 + 2 + name_len + 2;
	size_t n;
	switch (v->tag) {
	case IPPD_TAG_INTEGER:
	case IPPD_TAG_ENUM:
		if (room < head + 4)
			return NULL;
		p = put_head(p, v->tag, name, name_len, 4);
		return put32(p, v->u.i);
	case IPPD_TAG_BOOLEAN:
		if (room < head + 1)
			return NULL;
		p = put_head(p, v->tag, name, name_len, 1);
		*p = v->u.i ? 1 : 0;
		return p + 1;
	case IPPD_TAG_DATE_TIME:
		if (room < head + 11)
			return NULL;
		p = put_head(p, v->tag, name, name_len, 11);
		memcpy(p, v->u.date, 11);
		return p + 11;
	case IPPD_TAG_RESOLUTION:
		if (room < head + 9)
			return NULL;
		p = put_head(p, v->tag, name, name_len, 9);
		p = put32(p, v->u.res.x);
		p = put32(p, v->u.res.y);
		*p = v->units;
		return p + 1;
	case IPPD_TAG_RANGE:
		if (room < head + 8)
			return NULL;
		p = put_head(p, v->tag, name, name_len, 8);
		p = put32(p, v->u.range.lower);
		return put32(p, v->u.range.upper);
	case IPPD_TAG_BEGIN_COLLECTION:
		/* begCollection has value-length 0; the members and endCollection (5 octets) follow. */
		if (room < head)
			return NULL;
		p = put_head(p, v->tag, name, name_len, 0);
		p = put_attrs(p, end, v->u.coll);
		if (!p || end - p < 5)
			return NULL;
		*p = IPPD_TAG_END_COLLECTION;
		memset(p + 1, 0, 4);
		return p + 5;
	case IPPD_TAG_TEXT_LANG:
	case IPPD_TAG_NAME_LANG:
		/* Language and text, each with its own 16-bit length, inside one value. */
		n = 4 + (size_t)v->lang_len + v->len;
		if (n > IPPD_MAX_WIRE_LENGTH || room < head + n)
			return NULL;
		p = put_head(p, v->tag, name, name_len, n);
		p = put16(p, v->lang_len);
		p = put_bytes(p, v->u.str.lang, v->lang_len);
		p = put16(p, v->len);
		return put_bytes(p, v->u.str.s, v->len);
	default:
		/* Strings, out-of-band values and raw values of other tags: the bytes as stored. */
		n = v->len;
		if (n > IPPD_MAX_WIRE_LENGTH || room < head + n)
			return NULL;
		p = put_head(p, v->tag, name, name_len, n);
		return put_bytes(p, v->u.str.s, n);
	}
}

/*
 * The attributes of a group, or the members of a collection: each member
 * is introduced by memberAttrName, whose value is its name, and its values
 * carry no name.  NULL as for put_value().
 */
static uint8_t *put_attrs(uint8_t *p, const uint8_t *end, const ippd_group_t *g)
{
	bool member = g->tag == IPPD_TAG_BEGIN_COLLECTION;
	for (const ippd_attr_t *a = g->first; a; a = a->next) {
		size_t name_len = a->name_len;
		if (a->count == 0 || name_len > IPPD_MAX_WIRE_LENGTH)
			return NULL;
		uint32_t i = 0;
		if (member) {
			if ((size_t)(end - p) < 5 + name_len)
				return NULL;
			p = put_head(p, IPPD_TAG_MEMBER_NAME, NULL, 0, name_len);
			p = put_bytes(p, a->name, name_len);
		} else {
			p = put_value(p, end, &a->values[0], a->name, name_len);
			i = 1;
		}
		/* Every other value has no name: the constant lets the compiler drop the name copy. */
		for (; p && i < a->count; i++)
			p = put_value(p, end, &a->values[i], NULL, 0);
		if (!p)
			return NULL;
	}
	return p;
}

/* The whole message into `cap` bytes at `buf`: its length, or 0 when it does not fit or cannot be encoded. */
static size_t put_msg(const ippd_msg_t *msg, uint8_t *buf, size_t cap)
{
	if (cap < 8 + 1)
		return 0;
	/* The last byte is kept for end-of-attributes, so nothing else checks for it. */
	const uint8_t *end = buf + cap - 1;
	uint8_t *p = buf;
	p[0] = msg->major;
	p[1] = msg->minor;
	put16(p + 2, msg->code);
	p = put32(p + 4, msg->request_id);
	for (const ippd_group_t *g = msg->first; g; g = g->next) {
		if (p == end)
			return 0;
		*p++ = g->tag;
		p = put_attrs(p, end, g);
		if (!p)
			return 0;
	}
	*p++ = IPPD_TAG_END;
	return (size_t)(p - buf);
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

/*
 * The careful path, after put_msg() gave up: sizes the whole message to
 * tell "cannot be encoded" (IPPD_ERR_ARG before IPPD_ERR_TOO_LONG) from
 * "needs *size bytes" (IPPD_ERR_SPACE).
 */
static ippd_err_t why_not_written(const ippd_msg_t *msg, size_t *size)
{
	long n = msg_size(msg);
	*size = n < 0 ? 0 : (size_t)n;
	if (n >= 0)
		return IPPD_ERR_SPACE;
	for (const ippd_group_t *g = msg->first; g; g = g->next) {
		if (why_unencodable(g) == IPPD_ERR_ARG)
			return IPPD_ERR_ARG;
	}
	return IPPD_ERR_TOO_LONG;
}

ippd_err_t ippd_msg_encode(const ippd_msg_t *msg, uint8_t *buf, size_t cap, size_t *written)
{
	if (written)
		*written = 0;
	if (!msg || (!buf && cap))
		return IPPD_ERR_ARG;
	size_t n = put_msg(msg, buf, cap);
	if (n == 0) {
		size_t size;
		return why_not_written(msg, &size);
	}
	if (written)
		*written = n;
	return IPPD_OK;
}

/*
 * A buffer size the encoding fits in: each item is held in arena memory at
 * least as large as its wire form (an attribute's struct alone outweighs
 * its tag and two lengths), so the arena's used bytes plus the header and
 * end-of-attributes bound it.  Only a guess all the same: a message that
 * does not fit is sized exactly and written again.
 */
static size_t size_hint(const ippd_msg_t *msg)
{
	size_t n = 8 + 1;
	for (const Ippd_chunk *c = msg->arena.head; c; c = c->next)
		n += c->used;
	return n;
}

/* Messages whose hint is at most this many bytes are written on the stack first. */
enum { SMALL_MSG = 4096 };

/*
 * Writes into a malloc()ed buffer of the hinted size, trimmed afterwards.
 * When the hint falls short the exact size is the ceiling: one more
 * allocation, never a series of them.
 */
static ippd_err_t encode_heap(const ippd_msg_t *msg, size_t cap, uint8_t **buf, size_t *len)
{
	uint8_t *b = malloc(cap);
	if (!b)
		return IPPD_ERR_NOMEM;
	size_t n = put_msg(msg, b, cap);
	if (n == 0) {
		free(b);
		ippd_err_t err = why_not_written(msg, &cap);
		if (err != IPPD_ERR_SPACE)
			return err;
		b = malloc(cap);
		if (!b)
			return IPPD_ERR_NOMEM;
		n = put_msg(msg, b, cap);
		if (n == 0) {
			free(b);
			return IPPD_ERR_SPACE;
		}
	}
	if (n < cap) {
		uint8_t *trimmed = realloc(b, n);
		if (trimmed)
			b = trimmed;
	}
	*buf = b;
	if (len)
		*len = n;
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

	/*
	 * A small message costs one malloc() of its exact size and a copy,
	 * cheaper than trimming a bigger buffer; anything the stack cannot
	 * take (or that cannot be encoded) goes the general way.
	 */
	size_t cap = size_hint(msg);
	if (cap <= SMALL_MSG) {
		uint8_t tmp[SMALL_MSG];
		size_t n = put_msg(msg, tmp, sizeof(tmp));
		if (n > 0) {
			uint8_t *b = malloc(n);
			if (!b)
				return IPPD_ERR_NOMEM;
			memcpy(b, tmp, n);
			*buf = b;
			if (len)
				*len = n;
			return IPPD_OK;
		}
	}
	return encode_heap(msg, cap, buf, len);
}
