/* Attribute values: appending them with their tags and reading them back. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <string.h>
#include <time.h>

#include "msg-private.h"

/* ------------------------------------------------------------------ */
/* Appending                                                          */
/* ------------------------------------------------------------------ */

ippd_err_t ippd_attr_add_integer(ippd_attr_t *attr, ippd_tag_t tag, int32_t value)
{
	if (!attr || (tag != IPPD_TAG_INTEGER && tag != IPPD_TAG_ENUM))
		return IPPD_ERR_ARG;
	Ippd_value *v = Ippd_attr_push(attr, (uint8_t)tag);
	if (!v)
		return IPPD_ERR_NOMEM;
	v->u.i = value;
	return IPPD_OK;
}

ippd_err_t ippd_attr_add_boolean(ippd_attr_t *attr, bool value)
{
	if (!attr)
		return IPPD_ERR_ARG;
	Ippd_value *v = Ippd_attr_push(attr, IPPD_TAG_BOOLEAN);
	if (!v)
		return IPPD_ERR_NOMEM;
	v->u.i = value ? 1 : 0;
	return IPPD_OK;
}

/* Stores `len` bytes as a NUL-terminated string value with `tag`. */
static ippd_err_t push_bytes(ippd_attr_t *attr, uint8_t tag, const void *data, size_t len)
{
	if (len > UINT32_MAX)
		return IPPD_ERR_ARG;
	const char *copy = ippd_msg_strdup(attr->msg, data ? data : "", data ? len : 0);
	if (!copy)
		return IPPD_ERR_NOMEM;
	Ippd_value *v = Ippd_attr_push(attr, tag);
	if (!v)
		return IPPD_ERR_NOMEM;
	v->u.str.s = copy;
	v->len = (uint32_t)(data ? len : 0);
	return IPPD_OK;
}

ippd_err_t ippd_attr_add_string(ippd_attr_t *attr, ippd_tag_t tag, const char *value, size_t len)
{
	bool ok = tag == IPPD_TAG_OCTET_STRING || IPPD_TAG_IS_STRING(tag);
	if (!attr || !value || !ok)
		return IPPD_ERR_ARG;
	return push_bytes(attr, (uint8_t)tag, value, len == (size_t)-1 ? strlen(value) : len);
}

ippd_err_t ippd_attr_add_string_lang(ippd_attr_t *attr, ippd_tag_t tag, const char *value, const char *language)
{
	if (!attr || !value || !language || (tag != IPPD_TAG_TEXT_LANG && tag != IPPD_TAG_NAME_LANG))
		return IPPD_ERR_ARG;
	size_t lang_len = strlen(language);
	if (lang_len > UINT16_MAX)
		return IPPD_ERR_ARG;
	const char *lang = ippd_msg_strdup(attr->msg, language, lang_len);
	if (!lang)
		return IPPD_ERR_NOMEM;
	ippd_err_t err = push_bytes(attr, (uint8_t)tag, value, strlen(value));
	if (err == IPPD_OK) {
		Ippd_value *v = &attr->values[attr->count - 1];
		v->u.str.lang = lang;
		v->lang_len = (uint16_t)lang_len;
	}
	return err;
}

ippd_err_t ippd_attr_add_octets(ippd_attr_t *attr, const void *data, size_t len)
{
	if (!attr || (!data && len))
		return IPPD_ERR_ARG;
	return push_bytes(attr, IPPD_TAG_OCTET_STRING, data ? data : "", len);
}

ippd_err_t ippd_attr_add_range(ippd_attr_t *attr, int32_t lower, int32_t upper)
{
	if (!attr)
		return IPPD_ERR_ARG;
	Ippd_value *v = Ippd_attr_push(attr, IPPD_TAG_RANGE);
	if (!v)
		return IPPD_ERR_NOMEM;
	v->u.range.lower = lower;
	v->u.range.upper = upper;
	return IPPD_OK;
}

ippd_err_t ippd_attr_add_resolution(ippd_attr_t *attr, int32_t xres, int32_t yres, uint8_t units)
{
	if (!attr)
		return IPPD_ERR_ARG;
	Ippd_value *v = Ippd_attr_push(attr, IPPD_TAG_RESOLUTION);
	if (!v)
		return IPPD_ERR_NOMEM;
	v->u.res.x = xres;
	v->u.res.y = yres;
	v->units = units;
	return IPPD_OK;
}

ippd_err_t ippd_attr_add_date(ippd_attr_t *attr, const uint8_t date[11])
{
	if (!attr || !date)
		return IPPD_ERR_ARG;
	Ippd_value *v = Ippd_attr_push(attr, IPPD_TAG_DATE_TIME);
	if (!v)
		return IPPD_ERR_NOMEM;
	memcpy(v->u.date, date, 11);
	return IPPD_OK;
}

ippd_err_t ippd_attr_add_out_of_band(ippd_attr_t *attr, ippd_tag_t tag)
{
	if (!attr || !IPPD_TAG_IS_OUT_OF_BAND(tag))
		return IPPD_ERR_ARG;
	return push_bytes(attr, (uint8_t)tag, "", 0);
}

ippd_group_t *ippd_attr_add_collection(ippd_attr_t *attr)
{
	if (!attr)
		return NULL;
	ippd_group_t *c = Ippd_collection_new(attr->msg);
	Ippd_value *v = c ? Ippd_attr_push(attr, IPPD_TAG_BEGIN_COLLECTION) : NULL;
	if (!v)
		return NULL;
	v->u.coll = c;
	return c;
}

ippd_err_t ippd_attr_add_raw(ippd_attr_t *attr, uint8_t tag, const void *data, size_t len)
{
	if (!attr || (!data && len) || !Ippd_tag_is_stringlike(tag) || IPPD_TAG_IS_DELIMITER(tag) ||
	    tag == IPPD_TAG_ZERO || tag == IPPD_TAG_END_COLLECTION || tag == IPPD_TAG_MEMBER_NAME ||
	    tag == IPPD_TAG_TEXT_LANG || tag == IPPD_TAG_NAME_LANG)
		return IPPD_ERR_ARG;
	return push_bytes(attr, tag, data, len);
}

/* ------------------------------------------------------------------ */
/* Reading                                                            */
/* ------------------------------------------------------------------ */

const char *ippd_attr_get_name(const ippd_attr_t *attr)
{
	return attr ? attr->name : NULL;
}

size_t ippd_attr_count(const ippd_attr_t *attr)
{
	return attr ? attr->count : 0;
}

ippd_tag_t ippd_attr_get_tag(const ippd_attr_t *attr, size_t i)
{
	const Ippd_value *v = Ippd_attr_value(attr, i);
	return v ? (ippd_tag_t)v->tag : IPPD_TAG_ZERO;
}

int32_t ippd_attr_get_integer(const ippd_attr_t *attr, size_t i)
{
	const Ippd_value *v = Ippd_attr_value(attr, i);
	return v && (v->tag == IPPD_TAG_INTEGER || v->tag == IPPD_TAG_ENUM) ? v->u.i : 0;
}

bool ippd_attr_get_boolean(const ippd_attr_t *attr, size_t i)
{
	const Ippd_value *v = Ippd_attr_value(attr, i);
	return v && v->tag == IPPD_TAG_BOOLEAN && v->u.i != 0;
}

const char *ippd_attr_get_string(const ippd_attr_t *attr, size_t i, size_t *len)
{
	const Ippd_value *v = Ippd_attr_value(attr, i);
	bool ok = v && (v->tag == IPPD_TAG_OCTET_STRING || v->tag == IPPD_TAG_TEXT_LANG ||
	                v->tag == IPPD_TAG_NAME_LANG || IPPD_TAG_IS_STRING(v->tag));
	if (len)
		*len = ok ? v->len : 0;
	return ok ? v->u.str.s : NULL;
}

const char *ippd_attr_get_language(const ippd_attr_t *attr, size_t i)
{
	const Ippd_value *v = Ippd_attr_value(attr, i);
	return v && (v->tag == IPPD_TAG_TEXT_LANG || v->tag == IPPD_TAG_NAME_LANG) ? v->u.str.lang : NULL;
}

bool ippd_attr_get_range(const ippd_attr_t *attr, size_t i, int32_t *lower, int32_t *upper)
{
	const Ippd_value *v = Ippd_attr_value(attr, i);
	if (!v || v->tag != IPPD_TAG_RANGE)
		return false;
	if (lower)
		*lower = v->u.range.lower;
	if (upper)
		*upper = v->u.range.upper;
	return true;
}

bool ippd_attr_get_resolution(const ippd_attr_t *attr, size_t i, int32_t *xres, int32_t *yres, uint8_t *units)
{
	const Ippd_value *v = Ippd_attr_value(attr, i);
	if (!v || v->tag != IPPD_TAG_RESOLUTION)
		return false;
	if (xres)
		*xres = v->u.res.x;
	if (yres)
		*yres = v->u.res.y;
	if (units)
		*units = v->units;
	return true;
}

const uint8_t *ippd_attr_get_date(const ippd_attr_t *attr, size_t i)
{
	const Ippd_value *v = Ippd_attr_value(attr, i);
	return v && v->tag == IPPD_TAG_DATE_TIME ? v->u.date : NULL;
}

ippd_group_t *ippd_attr_get_collection(const ippd_attr_t *attr, size_t i)
{
	const Ippd_value *v = Ippd_attr_value(attr, i);
	return v && v->tag == IPPD_TAG_BEGIN_COLLECTION ? v->u.coll : NULL;
}

const uint8_t *ippd_attr_get_raw(const ippd_attr_t *attr, size_t i, size_t *len)
{
	const Ippd_value *v = Ippd_attr_value(attr, i);
	bool ok = v && Ippd_tag_is_stringlike(v->tag);
	if (len)
		*len = ok ? v->len : 0;
	return ok ? (const uint8_t *)v->u.str.s : NULL;
}

bool ippd_attr_contains_string(const ippd_attr_t *attr, const char *s)
{
	if (!attr || !s)
		return false;
	size_t len = strlen(s);
	for (uint32_t i = 0; i < attr->count; i++) {
		const Ippd_value *v = &attr->values[i];
		if (Ippd_tag_is_stringlike(v->tag) && v->len == len && memcmp(v->u.str.s, s, len) == 0)
			return true;
	}
	return false;
}

bool ippd_attr_contains_integer(const ippd_attr_t *attr, int32_t n)
{
	for (uint32_t i = 0; attr && i < attr->count; i++) {
		const Ippd_value *v = &attr->values[i];
		if ((v->tag == IPPD_TAG_INTEGER || v->tag == IPPD_TAG_ENUM) && v->u.i == n)
			return true;
		if (v->tag == IPPD_TAG_RANGE && v->u.range.lower <= n && n <= v->u.range.upper)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* RFC 2579 DateAndTime                                               */
/* ------------------------------------------------------------------ */

void ippd_date_from_time(time_t when, uint8_t date[11])
{
	struct tm tm;
	gmtime_r(&when, &tm);
	int year = tm.tm_year + 1900;
	date[0] = (uint8_t)(year >> 8);
	date[1] = (uint8_t)year;
	date[2] = (uint8_t)(tm.tm_mon + 1);
	date[3] = (uint8_t)tm.tm_mday;
	date[4] = (uint8_t)tm.tm_hour;
	date[5] = (uint8_t)tm.tm_min;
	date[6] = (uint8_t)tm.tm_sec;
	date[7] = 0; /* deci-seconds */
	date[8] = '+';
	date[9] = 0; /* hours from UTC */
	date[10] = 0;
}

time_t ippd_date_to_time(const uint8_t date[11])
{
	if (!date)
		return 0;
	struct tm tm = {
		.tm_year = ((date[0] << 8) | date[1]) - 1900,
		.tm_mon = date[2] - 1,
		.tm_mday = date[3],
		.tm_hour = date[4],
		.tm_min = date[5],
		.tm_sec = date[6],
	};
	time_t t = timegm(&tm);
	/* The fields are local time at the given offset from UTC. */
	long offset = (long)date[9] * 3600 + (long)date[10] * 60;
	return date[8] == '-' ? t + offset : t - offset;
}
