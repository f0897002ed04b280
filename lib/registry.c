/* Lookups in the IPP registry: binary searches over the tables tools/gen-registry.py generates. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <string.h>
#include <strings.h>

#include "registry-private.h"

/* The entry of `t` with `value`, or NULL; `by_value` is sorted, so halve it. */
static const Ippd_enum_value_t *enum_find_value(const Ippd_enum_table_t *t, int32_t value)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->by_value[mid].value == value)
			return &t->by_value[mid];
		if (t->by_value[mid].value < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The entry of `t` named `keyword`, or NULL; `by_keyword` is sorted the way `nocase` compares. */
static const Ippd_enum_value_t *enum_find_keyword(const Ippd_enum_table_t *t, const char *keyword)
{
	size_t lo = 0, hi = t->n;

	if (!keyword)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const Ippd_enum_value_t *v = &t->by_value[t->by_keyword[mid]];
		int cmp = t->nocase ? strcasecmp(keyword, v->keyword) : strcmp(keyword, v->keyword);

		if (cmp == 0)
			return v;
		if (cmp > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The enum table an attribute (or collection member) name uses, or NULL. */
static const Ippd_enum_table_t *enum_table_for(const char *attr_name)
{
	size_t lo = 0, hi = Ippd_enum_binding_count;

	if (!attr_name)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(attr_name, Ippd_enum_bindings[mid].attr);

		if (cmp == 0)
			return &Ippd_enum_tables[Ippd_enum_bindings[mid].table];
		if (cmp > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *ippd_op_name(uint16_t operation_id)
{
	const Ippd_enum_value_t *v = enum_find_value(&Ippd_enum_tables[Ippd_enum_operations], operation_id);

	return v ? v->keyword : NULL;
}

int ippd_op_value(const char *name)
{
	const Ippd_enum_value_t *v = enum_find_keyword(&Ippd_enum_tables[Ippd_enum_operations], name);

	return v ? (int)v->value : -1;
}

const char *ippd_status_name(uint16_t status_code)
{
	const Ippd_enum_value_t *v = enum_find_value(&Ippd_enum_tables[Ippd_enum_status], status_code);

	return v ? v->keyword : NULL;
}

int ippd_status_value(const char *name)
{
	const Ippd_enum_value_t *v = enum_find_keyword(&Ippd_enum_tables[Ippd_enum_status], name);

	return v ? (int)v->value : -1;
}

const char *ippd_tag_name(unsigned tag)
{
	return tag < 256 ? Ippd_tag_names[tag] : NULL;
}

/* Tag names compare case-insensitively, like operation names: "mimeMediaType" or "MIMEMEDIATYPE". */
int ippd_tag_value(const char *name)
{
	size_t lo = 0, hi = Ippd_tag_by_name_count;

	if (!name)
		return -1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcasecmp(name, Ippd_tag_by_name[mid].name);

		if (cmp == 0)
			return Ippd_tag_by_name[mid].tag;
		if (cmp > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const char *ippd_enum_name(const char *attr_name, int32_t value)
{
	const Ippd_enum_table_t *t = enum_table_for(attr_name);
	const Ippd_enum_value_t *v = t ? enum_find_value(t, value) : NULL;

	return v ? v->keyword : NULL;
}

int32_t ippd_enum_value(const char *attr_name, const char *keyword)
{
	const Ippd_enum_table_t *t = enum_table_for(attr_name);
	const Ippd_enum_value_t *v = t ? enum_find_keyword(t, keyword) : NULL;

	return v ? v->value : -1;
}

size_t ippd_enum_count(const char *attr_name)
{
	const Ippd_enum_table_t *t = enum_table_for(attr_name);

	return t ? t->n : 0;
}

const char *ippd_enum_at(const char *attr_name, size_t i, int32_t *value)
{
	const Ippd_enum_table_t *t = enum_table_for(attr_name);

	if (value)
		*value = 0;
	if (!t || i >= t->n)
		return NULL;
	if (value)
		*value = t->by_value[i].value;
	return t->by_value[i].keyword;
}

/* Definitions are sorted by name (strcmp order), top level and within each member set alike. */
static const ippd_attr_def_t *def_find(const ippd_attr_def_t *defs, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	if (!name)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(name, defs[mid].name);

		if (cmp == 0)
			return &defs[mid];
		if (cmp > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const ippd_attr_def_t *ippd_registry_find(const char *name)
{
	return def_find(Ippd_attr_defs, Ippd_attr_count, name);
}

/* The member set a collection definition points into; sets are few, and only open ones need this. */
static const Ippd_member_set_t *member_set_of(const ippd_attr_def_t *coll)
{
	if (!coll || !coll->members)
		return NULL;
	for (size_t i = 0; i < Ippd_member_set_count; i++) {
		if (Ippd_member_sets[i].members == coll->members)
			return &Ippd_member_sets[i];
	}
	return NULL;
}

const ippd_attr_def_t *ippd_registry_find_member(const ippd_attr_def_t *coll, const char *name)
{
	const ippd_attr_def_t *def;
	const Ippd_member_set_t *set;

	if (!coll || !name)
		return NULL;
	def = def_find(coll->members, coll->n_members, name);
	if (def)
		return def;

	/* An open collection admits top-level attributes too: Job Template ones, or any. */
	set = member_set_of(coll);
	if (!set || set->open == IPPD_OPEN_NONE)
		return NULL;
	def = ippd_registry_find(name);
	if (def && set->open == IPPD_OPEN_JOB_TEMPLATE && !(def->groups & IPPD_AG_JOB_TEMPLATE))
		return NULL;
	return def;
}

bool ippd_registry_is_open(const ippd_attr_def_t *coll)
{
	const Ippd_member_set_t *set = member_set_of(coll);

	return set && set->open != IPPD_OPEN_NONE;
}

/* name admits nameWithLanguage and text admits textWithLanguage (RFC 8011 sections 5.1.2, 5.1.3). */
bool ippd_registry_tag_allowed(const ippd_attr_def_t *def, unsigned tag)
{
	if (!def)
		return false;
	for (uint8_t i = 0; i < def->n_syntax; i++) {
		unsigned want = def->syntax[i].tag;

		if (tag == want || (want == IPPD_TAG_NAME && tag == IPPD_TAG_NAME_LANG) ||
		    (want == IPPD_TAG_TEXT && tag == IPPD_TAG_TEXT_LANG))
			return true;
	}
	return false;
}

size_t ippd_registry_count(void)
{
	return Ippd_attr_count;
}

const ippd_attr_def_t *ippd_registry_at(size_t i)
{
	return i < Ippd_attr_count ? &Ippd_attr_defs[i] : NULL;
}
