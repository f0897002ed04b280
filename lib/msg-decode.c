/* The RFC 8010 push decoder: bytes in any chunking in, a message (or a located, worded error) out. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ippd/codec.h>

#include "msg-private.h"

/* IPP status codes the errors map to (RFC 8011 §4.1.6; kept local so the codec needs no registry). */
enum {
	ST_BAD_REQUEST = 0x0400,
	ST_ENTITY_TOO_LARGE = 0x0408,
	ST_VALUE_TOO_LONG = 0x0409,
};

/* The deepest nesting a caller may configure; the stack is allocated once, up front. */
enum { MAX_DEPTH_CEILING = 64 };

typedef enum {
	S_HEADER,
	S_TAG,
	S_NAME_LEN,
	S_NAME,
	S_VALUE_LEN,
	S_VALUE,
	S_DONE,
	S_ERROR,
} dec_state;

/* Where values go at one nesting level: a group at depth 0, a collection below. */
typedef struct {
	ippd_group_t *container;
	ippd_attr_t *attr; /* the attribute additional values belong to */
	bool need_value;   /* a memberAttrName was read and its first value has not come */
} dec_level;

struct ippd_decoder {
	ippd_limits_t lim;
	dec_state state;
	size_t offset;    /* bytes of this message consumed */
	size_t field_off; /* where the field being read began */
	size_t item_off;  /* where the current item's value tag was */
	size_t have;      /* bytes of the current field already read */

	ippd_msg_t *msg;
	size_t n_attrs;
	size_t depth;

	/* the item (tag, name, value) being read */
	uint8_t tag;
	uint16_t name_len;
	uint16_t value_len;
	char *name;
	uint8_t *value; /* arena memory for string-like values, else `scratch` */
	uint8_t scratch[16];

	ippd_error_t err;
	dec_level stack[];
};

void ippd_limits_request(ippd_limits_t *limits)
{
	*limits = (ippd_limits_t){
		.max_size = 1024 * 1024,
		.max_attrs = 4096,
		.max_values = 1024,
		.max_depth = 8,
		.max_groups = 64,
		.strict_lengths = true,
	};
}

void ippd_limits_response(ippd_limits_t *limits)
{
	*limits = (ippd_limits_t){
		.max_size = 64 * 1024 * 1024,
		.max_attrs = 1000000,
		.max_values = 65536,
		.max_depth = 16,
		.max_groups = 1000000,
		.strict_lengths = false,
	};
}

ippd_decoder_t *ippd_decoder_new(const ippd_limits_t *limits)
{
	ippd_limits_t lim;
	if (limits)
		lim = *limits;
	else
		ippd_limits_request(&lim);
	if (lim.max_depth > MAX_DEPTH_CEILING)
		lim.max_depth = MAX_DEPTH_CEILING;
	ippd_decoder_t *dec = calloc(1, sizeof(*dec) + (lim.max_depth + 1) * sizeof(dec_level));
	if (!dec)
		return NULL;
	dec->lim = lim;
	return dec;
}

void ippd_decoder_free(ippd_decoder_t *dec)
{
	if (!dec)
		return;
	ippd_msg_free(dec->msg);
	free(dec);
}

void ippd_decoder_reset(ippd_decoder_t *dec)
{
	if (!dec)
		return;
	ippd_msg_free(dec->msg);
	dec->msg = NULL;
	dec->state = S_HEADER;
	dec->offset = 0;
	dec->field_off = 0;
	dec->have = 0;
	dec->n_attrs = 0;
	dec->depth = 0;
	memset(&dec->err, 0, sizeof(dec->err));
}

size_t ippd_decoder_offset(const ippd_decoder_t *dec)
{
	return dec ? dec->offset : 0;
}

const ippd_msg_t *ippd_decoder_peek(const ippd_decoder_t *dec)
{
	return dec ? dec->msg : NULL;
}

ippd_msg_t *ippd_decoder_take(ippd_decoder_t *dec)
{
	if (!dec || dec->state != S_DONE)
		return NULL;
	ippd_msg_t *msg = dec->msg;
	dec->msg = NULL;
	ippd_decoder_reset(dec);
	return msg;
}

const ippd_error_t *ippd_decoder_error(const ippd_decoder_t *dec)
{
	return dec && dec->state == S_ERROR ? &dec->err : NULL;
}

/* Records an error at byte `off`; returns false so callers can `return fail(...)`. */
__attribute__((format(printf, 5, 6))) static bool fail(ippd_decoder_t *dec, ippd_err_t code, uint16_t status,
                                                      size_t off, const char *fmt, ...)
{
	dec->state = S_ERROR;
	dec->err.code = code;
	dec->err.offset = off;
	dec->err.ipp_status = status;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dec->err.text, sizeof(dec->err.text), fmt, ap);
	va_end(ap);
	return false;
}

/* The name of the attribute the current item belongs to, for error messages. */
static const char *item_name(const ippd_decoder_t *dec)
{
	if (dec->name_len && dec->name)
		return dec->name;
	const ippd_attr_t *a = dec->stack[dec->depth].attr;
	return a ? a->name : "(unnamed)";
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static int32_t be32(const uint8_t *p)
{
	return (int32_t)(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3]);
}

/*
 * Gathers a field of `n` bytes into `buf`.  A small fixed field bound for
 * the scratch buffer is read in place when the input holds all of it;
 * names and strings are always copied, into the arena memory `buf` points
 * at.  NULL while more bytes are needed.
 */
static const uint8_t *gather(ippd_decoder_t *dec, const uint8_t **pp, const uint8_t *end, uint8_t *buf, size_t n)
{
	const uint8_t *p = *pp;
	if (dec->have == 0)
		dec->field_off = dec->offset;
	if (dec->have == 0 && buf == dec->scratch && (size_t)(end - p) >= n) {
		*pp = p + n;
		dec->offset += n;
		return p;
	}
	size_t take = n - dec->have;
	if (take > (size_t)(end - p))
		take = (size_t)(end - p);
	if (take)
		memcpy(buf + dec->have, p, take);
	dec->have += take;
	dec->offset += take;
	*pp = p + take;
	if (dec->have < n)
		return NULL;
	dec->have = 0;
	return buf;
}

/* RFC 8011 §5.1 maximum lengths, by value tag, for strict decoding. */
static size_t strict_max(uint8_t tag)
{
	switch (tag) {
	case IPPD_TAG_TEXT:
	case IPPD_TAG_URI:
	case IPPD_TAG_OCTET_STRING:
		return 1023;
	case IPPD_TAG_NAME:
	case IPPD_TAG_KEYWORD:
	case IPPD_TAG_MIME_TYPE:
	case IPPD_TAG_MEMBER_NAME:
		return 255;
	case IPPD_TAG_URI_SCHEME:
	case IPPD_TAG_CHARSET:
	case IPPD_TAG_LANGUAGE:
		return 63;
	case IPPD_TAG_TEXT_LANG:
		return 4 + 63 + 1023;
	case IPPD_TAG_NAME_LANG:
		return 4 + 63 + 255;
	default:
		return IPPD_MAX_WIRE_LENGTH;
	}
}

/* The exact value-length of fixed-size syntaxes; -1 for variable ones. */
static int fixed_length(uint8_t tag)
{
	switch (tag) {
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
	case IPPD_TAG_END_COLLECTION:
		return 0;
	default:
		return -1;
	}
}

/* A delimiter tag: a new group, or the end of the attributes. */
static bool on_delimiter(ippd_decoder_t *dec, uint8_t tag)
{
	if (dec->depth > 0)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
		            "delimiter tag 0x%02x inside collection '%s', which was never closed with endCollection",
		            tag, dec->stack[0].attr ? dec->stack[0].attr->name : "?");
	if (tag == IPPD_TAG_END) {
		dec->state = S_DONE;
		return true;
	}
	if (tag == IPPD_TAG_ZERO || tag > IPPD_TAG_SYSTEM)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
		            "reserved delimiter tag 0x%02x", tag);
	if (dec->msg->n_groups >= dec->lim.max_groups)
		return fail(dec, IPPD_ERR_LIMIT, ST_ENTITY_TOO_LARGE, dec->field_off,
		            "more than %zu attribute groups", dec->lim.max_groups);
	ippd_group_t *g = ippd_msg_add_group(dec->msg, (ippd_tag_t)tag);
	if (!g)
		return fail(dec, IPPD_ERR_NOMEM, 0, dec->field_off, "out of memory");
	dec->stack[0] = (dec_level){.container = g};
	return true;
}

/* A value tag: checks that a value may start here at all. */
static bool on_value_tag(ippd_decoder_t *dec, uint8_t tag)
{
	if (!dec->stack[0].container)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
		            "value tag 0x%02x before any attribute group tag", tag);
	if (dec->depth == 0 && (tag == IPPD_TAG_MEMBER_NAME || tag == IPPD_TAG_END_COLLECTION))
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off, "%s outside a collection",
		            tag == IPPD_TAG_MEMBER_NAME ? "memberAttrName" : "endCollection");
	dec->tag = tag;
	dec->state = S_NAME_LEN;
	return true;
}

static bool on_name_len(ippd_decoder_t *dec, uint16_t n)
{
	if (n > IPPD_MAX_WIRE_LENGTH)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off, "negative name-length (0x%04x)", n);
	if (n > 0 && dec->depth > 0)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
		            "attribute with a name (name-length %u) inside a collection; members start with memberAttrName",
		            n);
	if (n == 0 && dec->depth == 0 && !dec->stack[0].attr)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
		            "additional value (name-length 0) with no attribute before it in its group");
	if (n > 0 && dec->lim.strict_lengths && n > 255)
		return fail(dec, IPPD_ERR_TOO_LONG, ST_VALUE_TOO_LONG, dec->field_off,
		            "attribute name of %u octets; a keyword has at most 255", n);
	dec->name_len = n;
	dec->name = NULL;
	if (n == 0) {
		dec->state = S_VALUE_LEN;
		return true;
	}
	dec->name = Ippd_arena_alloc(&dec->msg->arena, (size_t)n + 1);
	if (!dec->name)
		return fail(dec, IPPD_ERR_NOMEM, 0, dec->field_off, "out of memory");
	dec->name[n] = '\0';
	dec->state = S_NAME;
	return true;
}

static bool on_value_len(ippd_decoder_t *dec, uint16_t n)
{
	uint8_t tag = dec->tag;
	if (n > IPPD_MAX_WIRE_LENGTH)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
		            "negative value-length (0x%04x) in '%s'", n, item_name(dec));
	int fixed = fixed_length(tag);
	if (fixed >= 0 && n != fixed)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
		            "value-length %u in '%s' where tag 0x%02x needs exactly %d", n, item_name(dec),
		            tag, fixed);
	if ((tag == IPPD_TAG_TEXT_LANG || tag == IPPD_TAG_NAME_LANG || tag == IPPD_TAG_EXTENSION) && n < 4)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
		            "value-length %u in '%s' is too short for tag 0x%02x", n, item_name(dec), tag);
	if (tag == IPPD_TAG_MEMBER_NAME && n == 0)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
		            "empty memberAttrName in collection '%s'", dec->stack[dec->depth - 1].attr->name);
	if (dec->lim.strict_lengths) {
		if (IPPD_TAG_IS_OUT_OF_BAND(tag) && n != 0)
			return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
			            "out-of-band value in '%s' with value-length %u; it must be 0",
			            item_name(dec), n);
		if (n > strict_max(tag))
			return fail(dec, IPPD_ERR_TOO_LONG, ST_VALUE_TOO_LONG, dec->field_off,
			            "value of '%s' (tag 0x%02x) is %u octets; at most %zu are allowed",
			            item_name(dec), tag, n, strict_max(tag));
	}
	dec->value_len = n;
	if (Ippd_tag_is_stringlike(tag)) {
		dec->value = Ippd_arena_alloc(&dec->msg->arena, (size_t)n + 1);
		if (!dec->value)
			return fail(dec, IPPD_ERR_NOMEM, 0, dec->field_off, "out of memory");
		dec->value[n] = '\0';
	} else {
		dec->value = dec->scratch;
	}
	dec->state = S_VALUE;
	return true;
}

/* Splits a ...WithLanguage value into its language and text, each NUL-terminated in the arena. */
static bool set_string_lang(ippd_decoder_t *dec, Ippd_value *v, const uint8_t *p, size_t n)
{
	size_t lang_len = be16(p);
	if (lang_len > n - 4 || be16(p + 2 + lang_len) != n - 4 - lang_len)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
		            "the lengths inside the %s value of '%s' do not add up to its value-length %zu",
		            v->tag == IPPD_TAG_TEXT_LANG ? "textWithLanguage" : "nameWithLanguage", item_name(dec), n);
	size_t text_len = n - 4 - lang_len;
	size_t text_max = v->tag == IPPD_TAG_TEXT_LANG ? 1023 : 255;
	if (dec->lim.strict_lengths && (lang_len > 63 || text_len > text_max))
		return fail(dec, IPPD_ERR_TOO_LONG, ST_VALUE_TOO_LONG, dec->field_off,
		            "value of '%s' has a %zu-octet language and %zu-octet text; at most 63 and %zu are allowed",
		            item_name(dec), lang_len, text_len, text_max);
	v->u.str.lang = ippd_msg_strdup(dec->msg, (const char *)p + 2, lang_len);
	v->u.str.s = ippd_msg_strdup(dec->msg, (const char *)p + 4 + lang_len, text_len);
	if (!v->u.str.lang || !v->u.str.s)
		return fail(dec, IPPD_ERR_NOMEM, 0, dec->field_off, "out of memory");
	v->lang_len = (uint16_t)lang_len;
	v->len = (uint32_t)text_len;
	return true;
}

/* Fills value `v` from its `n` wire bytes at `p`. */
static bool set_value(ippd_decoder_t *dec, Ippd_value *v, const uint8_t *p, size_t n)
{
	switch (v->tag) {
	case IPPD_TAG_INTEGER:
	case IPPD_TAG_ENUM:
		v->u.i = be32(p);
		return true;
	case IPPD_TAG_BOOLEAN:
		if (p[0] > 1)
			return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
			            "boolean value 0x%02x in '%s'; it must be 0 or 1", p[0], item_name(dec));
		v->u.i = p[0];
		return true;
	case IPPD_TAG_DATE_TIME:
		memcpy(v->u.date, p, 11);
		return true;
	case IPPD_TAG_RESOLUTION:
		v->u.res.x = be32(p);
		v->u.res.y = be32(p + 4);
		v->units = p[8];
		return true;
	case IPPD_TAG_RANGE:
		v->u.range.lower = be32(p);
		v->u.range.upper = be32(p + 4);
		return true;
	case IPPD_TAG_TEXT_LANG:
	case IPPD_TAG_NAME_LANG:
		return set_string_lang(dec, v, p, n);
	case IPPD_TAG_EXTENSION:
		if (p[0] & 0x80)
			return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
			            "extension tag in '%s' names a negative type 0x%02x%02x%02x%02x", item_name(dec), p[0],
			            p[1], p[2], p[3]);
		break;
	}
	/* Everything else is kept as the bytes that came, already NUL-terminated in the arena. */
	v->u.str.s = (const char *)p;
	v->len = (uint32_t)n;
	return true;
}

/* A complete item: attaches the value to the right attribute at the right depth. */
static bool on_value(ippd_decoder_t *dec, const uint8_t *p)
{
	dec_level *lv = &dec->stack[dec->depth];
	uint8_t tag = dec->tag;
	size_t n = dec->value_len;

	if (dec->depth > 0 && tag == IPPD_TAG_MEMBER_NAME) {
		if (lv->need_value)
			return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
			            "collection member '%s' has no value", lv->attr->name);
		if (++dec->n_attrs > dec->lim.max_attrs)
			return fail(dec, IPPD_ERR_LIMIT, ST_ENTITY_TOO_LARGE, dec->item_off,
			            "more than %zu attributes", dec->lim.max_attrs);
		lv->attr = Ippd_group_append(lv->container, (const char *)p, n);
		if (!lv->attr)
			return fail(dec, IPPD_ERR_NOMEM, 0, dec->field_off, "out of memory");
		lv->need_value = true;
		return true;
	}
	if (dec->depth > 0 && tag == IPPD_TAG_END_COLLECTION) {
		if (lv->need_value)
			return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
			            "collection member '%s' has no value", lv->attr->name);
		dec->depth--;
		return true;
	}
	if (dec->depth > 0 && !lv->attr)
		return fail(dec, IPPD_ERR_MALFORMED, ST_BAD_REQUEST, dec->field_off,
		            "value in collection '%s' before any memberAttrName", dec->stack[dec->depth - 1].attr->name);

	if (dec->name_len > 0) {
		if (++dec->n_attrs > dec->lim.max_attrs)
			return fail(dec, IPPD_ERR_LIMIT, ST_ENTITY_TOO_LARGE, dec->item_off,
			            "more than %zu attributes", dec->lim.max_attrs);
		lv->attr = Ippd_group_append(lv->container, dec->name, dec->name_len);
		if (!lv->attr)
			return fail(dec, IPPD_ERR_NOMEM, 0, dec->field_off, "out of memory");
	}
	ippd_attr_t *attr = lv->attr;
	lv->need_value = false;
	if (attr->count >= dec->lim.max_values)
		return fail(dec, IPPD_ERR_LIMIT, ST_ENTITY_TOO_LARGE, dec->item_off,
		            "more than %zu values in '%s'", dec->lim.max_values, attr->name);
	Ippd_value *v = Ippd_attr_push(attr, tag);
	if (!v)
		return fail(dec, IPPD_ERR_NOMEM, 0, dec->field_off, "out of memory");
	if (tag != IPPD_TAG_BEGIN_COLLECTION)
		return set_value(dec, v, p, n);

	if (dec->depth + 1 > dec->lim.max_depth)
		return fail(dec, IPPD_ERR_LIMIT, ST_BAD_REQUEST, dec->item_off,
		            "collections nested deeper than %zu in '%s'", dec->lim.max_depth, attr->name);
	v->u.coll = Ippd_collection_new(dec->msg);
	if (!v->u.coll)
		return fail(dec, IPPD_ERR_NOMEM, 0, dec->field_off, "out of memory");
	dec->depth++;
	dec->stack[dec->depth] = (dec_level){.container = v->u.coll};
	return true;
}

/* Runs the state machine over [p, end); returns where it stopped. */
static const uint8_t *run(ippd_decoder_t *dec, const uint8_t *p, const uint8_t *end)
{
	const uint8_t *f;
	while (p < end && dec->state != S_DONE && dec->state != S_ERROR) {
		switch (dec->state) {
		case S_HEADER:
			f = gather(dec, &p, end, dec->scratch, 8);
			if (!f)
				break;
			dec->msg = ippd_msg_new();
			if (!dec->msg) {
				fail(dec, IPPD_ERR_NOMEM, 0, 0, "out of memory");
				break;
			}
			dec->msg->major = f[0];
			dec->msg->minor = f[1];
			dec->msg->code = be16(f + 2);
			dec->msg->request_id = be32(f + 4);
			dec->state = S_TAG;
			break;
		case S_TAG:
			dec->field_off = dec->offset;
			dec->item_off = dec->offset;
			dec->offset++;
			if (IPPD_TAG_IS_DELIMITER(*p) || *p == IPPD_TAG_ZERO)
				on_delimiter(dec, *p);
			else
				on_value_tag(dec, *p);
			p++;
			break;
		case S_NAME_LEN:
			f = gather(dec, &p, end, dec->scratch, 2);
			if (f)
				on_name_len(dec, be16(f));
			break;
		case S_NAME:
			if (gather(dec, &p, end, (uint8_t *)dec->name, dec->name_len))
				dec->state = S_VALUE_LEN;
			break;
		case S_VALUE_LEN:
			f = gather(dec, &p, end, dec->scratch, 2);
			if (f)
				on_value_len(dec, be16(f));
			if (f && dec->state == S_VALUE && dec->value_len == 0 && on_value(dec, dec->value))
				dec->state = S_TAG;
			break;
		case S_VALUE:
			f = gather(dec, &p, end, dec->value, dec->value_len);
			if (f && on_value(dec, f))
				dec->state = S_TAG;
			break;
		case S_DONE:
		case S_ERROR:
			break;
		}
	}
	return p;
}

ippd_decode_status_t ippd_decoder_feed(ippd_decoder_t *dec, const void *data, size_t len, size_t *consumed)
{
	if (consumed)
		*consumed = 0;
	if (!dec || (!data && len))
		return IPPD_DECODE_ERROR;
	if (dec->state == S_DONE)
		return IPPD_DECODE_DONE;
	if (dec->state == S_ERROR)
		return IPPD_DECODE_ERROR;

	/* Never look at more than max_size bytes of message, whatever the chunk holds. */
	const uint8_t *start = data;
	size_t room = dec->lim.max_size > dec->offset ? dec->lim.max_size - dec->offset : 0;
	const uint8_t *end = start + (len < room ? len : room);
	const uint8_t *p = run(dec, start, end);
	if (consumed)
		*consumed = (size_t)(p - start);

	if (dec->state == S_DONE)
		return IPPD_DECODE_DONE;
	if (dec->state == S_ERROR)
		return IPPD_DECODE_ERROR;
	if (len > room) {
		fail(dec, IPPD_ERR_LIMIT, ST_ENTITY_TOO_LARGE, dec->offset,
		     "the attributes exceed %zu bytes without end-of-attributes", dec->lim.max_size);
		return IPPD_DECODE_ERROR;
	}
	return IPPD_DECODE_NEED_MORE;
}

ippd_msg_t *ippd_msg_decode(const void *data, size_t len, const ippd_limits_t *limits, size_t *used,
                            ippd_error_t *err)
{
	if (used)
		*used = 0;
	if (err)
		memset(err, 0, sizeof(*err));
	ippd_decoder_t *dec = ippd_decoder_new(limits);
	if (!dec) {
		if (err) {
			err->code = IPPD_ERR_NOMEM;
			snprintf(err->text, sizeof(err->text), "out of memory");
		}
		return NULL;
	}
	size_t n = 0;
	ippd_decode_status_t st = ippd_decoder_feed(dec, data, len, &n);
	ippd_msg_t *msg = NULL;
	if (st == IPPD_DECODE_DONE) {
		msg = ippd_decoder_take(dec);
		if (used)
			*used = n;
	} else if (st == IPPD_DECODE_NEED_MORE) {
		if (err) {
			err->code = IPPD_ERR_TRUNCATED;
			err->offset = len;
			err->ipp_status = ST_BAD_REQUEST;
			snprintf(err->text, sizeof(err->text),
			         "the message ends after %zu bytes, before end-of-attributes", len);
		}
	} else if (err) {
		*err = *ippd_decoder_error(dec);
	}
	ippd_decoder_free(dec);
	return msg;
}
