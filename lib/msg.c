/* Messages, groups and attributes: creating, finding, walking and copying them. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdlib.h>
#include <string.h>

#include <ippd/codec.h>

#include "msg-private.h"

/* Room for a typical request and its response headers without a second malloc. */
enum { MSG_EMBEDDED_ARENA = 2048 };

ippd_msg_t *ippd_msg_new_sized(size_t arena_bytes)
{
	if (arena_bytes > 1024 * 1024)
		arena_bytes = 1024 * 1024;
	arena_bytes = (arena_bytes + 7) & ~(size_t)7;
	ippd_msg_t *msg = malloc(sizeof(*msg) + sizeof(Ippd_chunk) + arena_bytes);
	if (!msg)
		return NULL;
	memset(msg, 0, sizeof(*msg));
	Ippd_arena_init(&msg->arena, (Ippd_chunk *)(void *)(msg + 1), arena_bytes);
	msg->arena.total = sizeof(*msg) + sizeof(Ippd_chunk) + arena_bytes;
	msg->major = 2;
	msg->minor = 0;
	return msg;
}

ippd_msg_t *ippd_msg_new(void)
{
	return ippd_msg_new_sized(MSG_EMBEDDED_ARENA);
}

/* attributes-charset then attributes-natural-language, first in the operation group (RFC 8011 §4.1.4). */
static bool add_charset_language(ippd_msg_t *msg, const char *language)
{
	ippd_group_t *op = ippd_msg_add_group(msg, IPPD_TAG_OPERATION);
	return op && ippd_group_add_string(op, IPPD_TAG_CHARSET, "attributes-charset", "utf-8") &&
	       ippd_group_add_string(op, IPPD_TAG_LANGUAGE, "attributes-natural-language", language);
}

ippd_msg_t *ippd_msg_new_request(uint16_t operation_id, int32_t request_id)
{
	ippd_msg_t *msg = ippd_msg_new();
	if (!msg)
		return NULL;
	msg->code = operation_id;
	msg->request_id = request_id;
	if (!add_charset_language(msg, "en"))
		goto err;
	return msg;
err:
	ippd_msg_free(msg);
	return NULL;
}

ippd_msg_t *ippd_msg_new_response(const ippd_msg_t *request, uint16_t status_code)
{
	ippd_msg_t *msg = ippd_msg_new();
	if (!msg)
		return NULL;
	msg->code = status_code;
	const char *language = "en";
	if (request) {
		msg->major = request->major;
		msg->minor = request->minor;
		msg->request_id = request->request_id;
		ippd_attr_t *lang = ippd_msg_find(request, IPPD_TAG_OPERATION, "attributes-natural-language");
		if (ippd_attr_get_tag(lang, 0) == IPPD_TAG_LANGUAGE)
			language = ippd_attr_get_string(lang, 0, NULL);
	}
	if (!add_charset_language(msg, language))
		goto err;
	return msg;
err:
	ippd_msg_free(msg);
	return NULL;
}

void ippd_msg_free(ippd_msg_t *msg)
{
	if (!msg)
		return;
	Ippd_arena_release(&msg->arena);
	free(msg);
}

void ippd_msg_set_version(ippd_msg_t *msg, uint8_t major, uint8_t minor)
{
	if (msg) {
		msg->major = major;
		msg->minor = minor;
	}
}

uint8_t ippd_msg_get_major(const ippd_msg_t *msg)
{
	return msg ? msg->major : 0;
}

uint8_t ippd_msg_get_minor(const ippd_msg_t *msg)
{
	return msg ? msg->minor : 0;
}

void ippd_msg_set_code(ippd_msg_t *msg, uint16_t code)
{
	if (msg)
		msg->code = code;
}

uint16_t ippd_msg_get_code(const ippd_msg_t *msg)
{
	return msg ? msg->code : 0;
}

void ippd_msg_set_request_id(ippd_msg_t *msg, int32_t request_id)
{
	if (msg)
		msg->request_id = request_id;
}

int32_t ippd_msg_get_request_id(const ippd_msg_t *msg)
{
	return msg ? msg->request_id : 0;
}

const char *ippd_msg_strdup(ippd_msg_t *msg, const char *s, size_t len)
{
	if (!msg || !s)
		return NULL;
	if (len == (size_t)-1)
		len = strlen(s);
	char *d = Ippd_arena_alloc(&msg->arena, len + 1);
	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

size_t ippd_msg_memory(const ippd_msg_t *msg)
{
	return msg ? msg->arena.total : 0;
}

/* ------------------------------------------------------------------ */
/* Groups                                                             */
/* ------------------------------------------------------------------ */

static ippd_group_t *group_new(ippd_msg_t *msg, uint8_t tag)
{
	ippd_group_t *g = Ippd_arena_alloc(&msg->arena, sizeof(*g));
	if (!g)
		return NULL;
	memset(g, 0, sizeof(*g));
	g->msg = msg;
	g->tag = tag;
	return g;
}

ippd_group_t *ippd_msg_add_group(ippd_msg_t *msg, ippd_tag_t tag)
{
	if (!msg || !IPPD_TAG_IS_DELIMITER(tag) || tag == IPPD_TAG_END)
		return NULL;
	ippd_group_t *g = group_new(msg, (uint8_t)tag);
	if (!g)
		return NULL;
	if (msg->last)
		msg->last->next = g;
	else
		msg->first = g;
	msg->last = g;
	msg->n_groups++;
	return g;
}

ippd_group_t *Ippd_collection_new(ippd_msg_t *msg)
{
	return group_new(msg, IPPD_TAG_BEGIN_COLLECTION);
}

ippd_group_t *ippd_msg_find_group(const ippd_msg_t *msg, ippd_tag_t tag)
{
	for (ippd_group_t *g = msg ? msg->first : NULL; g; g = g->next)
		if (g->tag == tag)
			return g;
	return NULL;
}

ippd_group_t *ippd_msg_get_group(ippd_msg_t *msg, ippd_tag_t tag)
{
	ippd_group_t *g = ippd_msg_find_group(msg, tag);
	return g ? g : ippd_msg_add_group(msg, tag);
}

ippd_group_t *ippd_msg_first_group(const ippd_msg_t *msg)
{
	return msg ? msg->first : NULL;
}

ippd_group_t *ippd_group_next(const ippd_group_t *group)
{
	return group ? group->next : NULL;
}

size_t ippd_msg_group_count(const ippd_msg_t *msg)
{
	return msg ? msg->n_groups : 0;
}

ippd_tag_t ippd_group_get_tag(const ippd_group_t *group)
{
	return group ? (ippd_tag_t)group->tag : IPPD_TAG_ZERO;
}

size_t ippd_group_count(const ippd_group_t *group)
{
	return group ? group->count : 0;
}

ippd_msg_t *ippd_group_msg(const ippd_group_t *group)
{
	return group ? group->msg : NULL;
}

ippd_attr_t *ippd_msg_find(const ippd_msg_t *msg, ippd_tag_t group_tag, const char *name)
{
	for (ippd_group_t *g = msg ? msg->first : NULL; g; g = g->next) {
		if (group_tag != IPPD_TAG_ZERO && g->tag != group_tag)
			continue;
		ippd_attr_t *a = ippd_group_find(g, name);
		if (a)
			return a;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Attributes                                                         */
/* ------------------------------------------------------------------ */

ippd_attr_t *ippd_group_first(const ippd_group_t *group)
{
	return group ? group->first : NULL;
}

ippd_attr_t *ippd_attr_next(const ippd_attr_t *attr)
{
	return attr ? attr->next : NULL;
}

ippd_attr_t *ippd_group_find(const ippd_group_t *group, const char *name)
{
	if (!group || !name)
		return NULL;
	size_t len = strlen(name);
	for (ippd_attr_t *a = group->first; a; a = a->next)
		if (a->name_len == len && memcmp(a->name, name, len) == 0)
			return a;
	return NULL;
}

ippd_attr_t *Ippd_group_append(ippd_group_t *group, const char *name, size_t name_len)
{
	ippd_attr_t *a = Ippd_arena_alloc(&group->msg->arena, sizeof(*a));
	if (!a)
		return NULL;
	memset(a, 0, sizeof(*a));
	a->msg = group->msg;
	a->name = name;
	a->name_len = (uint32_t)name_len;
	a->values = &a->one;
	a->cap = 1;
	if (group->last)
		group->last->next = a;
	else
		group->first = a;
	group->last = a;
	group->count++;
	return a;
}

ippd_attr_t *ippd_group_add(ippd_group_t *group, const char *name)
{
	if (!group || !name)
		return NULL;
	size_t len = strlen(name);
	const char *copy = ippd_msg_strdup(group->msg, name, len);
	return copy ? Ippd_group_append(group, copy, len) : NULL;
}

void ippd_group_remove(ippd_group_t *group, ippd_attr_t *attr)
{
	if (!group || !attr)
		return;
	ippd_attr_t *prev = NULL;
	for (ippd_attr_t *a = group->first; a; prev = a, a = a->next) {
		if (a != attr)
			continue;
		if (prev)
			prev->next = a->next;
		else
			group->first = a->next;
		if (group->last == a)
			group->last = prev;
		group->count--;
		a->next = NULL;
		return;
	}
}

Ippd_value *Ippd_attr_push(ippd_attr_t *attr, uint8_t tag)
{
	if (attr->count == attr->cap) {
		/* Double the array; the first value lives inline in the attribute. */
		if (attr->cap > UINT32_MAX / 2)
			return NULL;
		uint32_t cap = attr->cap < 4 ? 4 : attr->cap * 2;
		Ippd_value *v;
		if (attr->values == &attr->one) {
			v = Ippd_arena_alloc(&attr->msg->arena, cap * sizeof(*v));
			if (v)
				v[0] = attr->one;
		} else {
			v = Ippd_arena_grow(&attr->msg->arena, attr->values, attr->cap * sizeof(*v), cap * sizeof(*v));
		}
		if (!v)
			return NULL;
		attr->values = v;
		attr->cap = cap;
	}
	Ippd_value *v = &attr->values[attr->count++];
	memset(v, 0, sizeof(*v));
	v->tag = tag;
	return v;
}

static bool copy_values(ippd_attr_t *dst, const ippd_attr_t *src);

/* Deep-copies the members of `src` into the empty collection `dst`. */
static bool copy_collection(ippd_group_t *dst, const ippd_group_t *src)
{
	for (const ippd_attr_t *m = src->first; m; m = m->next) {
		const char *name = ippd_msg_strdup(dst->msg, m->name, m->name_len);
		ippd_attr_t *a = name ? Ippd_group_append(dst, name, m->name_len) : NULL;
		if (!a || !copy_values(a, m))
			return false;
	}
	return true;
}

static bool copy_values(ippd_attr_t *dst, const ippd_attr_t *src)
{
	for (uint32_t i = 0; i < src->count; i++) {
		const Ippd_value *sv = &src->values[i];
		Ippd_value *dv = Ippd_attr_push(dst, sv->tag);
		if (!dv)
			return false;
		*dv = *sv;
		if (sv->tag == IPPD_TAG_BEGIN_COLLECTION) {
			dv->u.coll = Ippd_collection_new(dst->msg);
			if (!dv->u.coll || !copy_collection(dv->u.coll, sv->u.coll))
				return false;
		} else if (Ippd_tag_is_stringlike(sv->tag)) {
			dv->u.str.s = ippd_msg_strdup(dst->msg, sv->u.str.s, sv->len);
			if (!dv->u.str.s)
				return false;
			if (sv->u.str.lang) {
				dv->u.str.lang = ippd_msg_strdup(dst->msg, sv->u.str.lang, sv->lang_len);
				if (!dv->u.str.lang)
					return false;
			}
		}
	}
	return true;
}

ippd_attr_t *ippd_group_copy_attr(ippd_group_t *group, const ippd_attr_t *src, const char *new_name)
{
	if (!group || !src)
		return NULL;
	const char *name = new_name ? ippd_msg_strdup(group->msg, new_name, (size_t)-1)
	                            : ippd_msg_strdup(group->msg, src->name, src->name_len);
	ippd_attr_t *a = name ? Ippd_group_append(group, name, strlen(name)) : NULL;
	if (!a)
		return NULL;
	if (!copy_values(a, src)) {
		ippd_group_remove(group, a);
		return NULL;
	}
	return a;
}

/* ------------------------------------------------------------------ */
/* One-call builders                                                  */
/* ------------------------------------------------------------------ */

/* Each builder adds the attribute, then its values; on failure the half-built attribute is unlinked. */
static ippd_attr_t *built(ippd_group_t *group, ippd_attr_t *a, ippd_err_t err)
{
	if (a && err != IPPD_OK) {
		ippd_group_remove(group, a);
		return NULL;
	}
	return a;
}

ippd_attr_t *ippd_group_add_integer(ippd_group_t *group, ippd_tag_t tag, const char *name, int32_t value)
{
	ippd_attr_t *a = ippd_group_add(group, name);
	return a ? built(group, a, ippd_attr_add_integer(a, tag, value)) : NULL;
}

ippd_attr_t *ippd_group_add_integers(ippd_group_t *group, ippd_tag_t tag, const char *name, size_t count,
                                     const int32_t *values)
{
	ippd_attr_t *a = ippd_group_add(group, name);
	ippd_err_t err = count && values ? IPPD_OK : IPPD_ERR_ARG;
	for (size_t i = 0; a && err == IPPD_OK && i < count; i++)
		err = ippd_attr_add_integer(a, tag, values[i]);
	return a ? built(group, a, err) : NULL;
}

ippd_attr_t *ippd_group_add_boolean(ippd_group_t *group, const char *name, bool value)
{
	ippd_attr_t *a = ippd_group_add(group, name);
	return a ? built(group, a, ippd_attr_add_boolean(a, value)) : NULL;
}

ippd_attr_t *ippd_group_add_string(ippd_group_t *group, ippd_tag_t tag, const char *name, const char *value)
{
	ippd_attr_t *a = ippd_group_add(group, name);
	return a ? built(group, a, ippd_attr_add_string(a, tag, value, (size_t)-1)) : NULL;
}

ippd_attr_t *ippd_group_add_strings(ippd_group_t *group, ippd_tag_t tag, const char *name, size_t count,
                                    const char *const *values)
{
	ippd_attr_t *a = ippd_group_add(group, name);
	ippd_err_t err = count && values ? IPPD_OK : IPPD_ERR_ARG;
	for (size_t i = 0; a && err == IPPD_OK && i < count; i++)
		err = ippd_attr_add_string(a, tag, values[i], (size_t)-1);
	return a ? built(group, a, err) : NULL;
}

ippd_attr_t *ippd_group_add_string_lang(ippd_group_t *group, ippd_tag_t tag, const char *name,
                                        const char *value, const char *language)
{
	ippd_attr_t *a = ippd_group_add(group, name);
	return a ? built(group, a, ippd_attr_add_string_lang(a, tag, value, language)) : NULL;
}

ippd_attr_t *ippd_group_add_octets(ippd_group_t *group, const char *name, const void *data, size_t len)
{
	ippd_attr_t *a = ippd_group_add(group, name);
	return a ? built(group, a, ippd_attr_add_octets(a, data, len)) : NULL;
}

ippd_attr_t *ippd_group_add_range(ippd_group_t *group, const char *name, int32_t lower, int32_t upper)
{
	ippd_attr_t *a = ippd_group_add(group, name);
	return a ? built(group, a, ippd_attr_add_range(a, lower, upper)) : NULL;
}

ippd_attr_t *ippd_group_add_resolution(ippd_group_t *group, const char *name, int32_t xres, int32_t yres,
                                       uint8_t units)
{
	ippd_attr_t *a = ippd_group_add(group, name);
	return a ? built(group, a, ippd_attr_add_resolution(a, xres, yres, units)) : NULL;
}

ippd_attr_t *ippd_group_add_date(ippd_group_t *group, const char *name, time_t when)
{
	uint8_t date[11];
	ippd_date_from_time(when, date);
	ippd_attr_t *a = ippd_group_add(group, name);
	return a ? built(group, a, ippd_attr_add_date(a, date)) : NULL;
}

ippd_attr_t *ippd_group_add_out_of_band(ippd_group_t *group, ippd_tag_t tag, const char *name)
{
	ippd_attr_t *a = ippd_group_add(group, name);
	return a ? built(group, a, ippd_attr_add_out_of_band(a, tag)) : NULL;
}

ippd_group_t *ippd_group_add_collection(ippd_group_t *group, const char *name)
{
	ippd_attr_t *a = ippd_group_add(group, name);
	ippd_group_t *c = a ? ippd_attr_add_collection(a) : NULL;
	if (a && !c)
		ippd_group_remove(group, a);
	return c;
}

/* ------------------------------------------------------------------ */
/* Comparison                                                         */
/* ------------------------------------------------------------------ */

bool ippd_msg_equal(const ippd_msg_t *a, const ippd_msg_t *b)
{
	if (!a || !b)
		return a == b;
	uint8_t *ea = NULL, *eb = NULL;
	size_t la = 0, lb = 0;
	bool same = ippd_msg_encode_alloc(a, &ea, &la) == IPPD_OK && ippd_msg_encode_alloc(b, &eb, &lb) == IPPD_OK &&
	            la == lb && memcmp(ea, eb, la) == 0;
	free(ea);
	free(eb);
	return same;
}
