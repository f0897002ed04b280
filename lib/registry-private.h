/* The shapes of the registry tables that tools/gen-registry.py writes and lib/registry.c reads. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_REGISTRY_PRIVATE_H
#define IPPD_REGISTRY_PRIVATE_H

#include <ippd/registry.h>

/* One value of an enum table. */
typedef struct Ippd_enum_value {
	int32_t value;
	const char *keyword;
} Ippd_enum_value_t;

/*
 * An enum table: `by_value` is sorted by value, `by_keyword` holds indexes
 * into it sorted by keyword (case-folded when `nocase`, as for the
 * operation and status names).
 */
typedef struct Ippd_enum_table {
	const char *name;
	bool nocase;
	size_t n;
	const Ippd_enum_value_t *by_value;
	const uint16_t *by_keyword;
} Ippd_enum_table_t;

/* An attribute or member name whose values come from Ippd_enum_tables[table]. */
typedef struct Ippd_enum_binding {
	const char *attr;
	uint16_t table;
} Ippd_enum_binding_t;

/* What a collection admits beyond its listed members. */
typedef enum Ippd_open {
	IPPD_OPEN_NONE,
	IPPD_OPEN_JOB_TEMPLATE, /* any Job Template attribute (overrides) */
	IPPD_OPEN_ANY,
} Ippd_open_t;

/* A member set, shared by every collection attribute that names it. */
typedef struct Ippd_member_set {
	const char *name;
	const ippd_attr_def_t *members; /* sorted by name */
	size_t n;
	Ippd_open_t open;
} Ippd_member_set_t;

/* A tag name or alias, for lookups by name. */
typedef struct Ippd_tag_alias {
	const char *name;
	uint8_t tag;
} Ippd_tag_alias_t;

extern const Ippd_enum_table_t Ippd_enum_tables[];
extern const size_t Ippd_enum_table_count;
extern const size_t Ippd_enum_operations; /* index of the table built from op lines */
extern const size_t Ippd_enum_status;     /* index of the table built from status lines */

extern const Ippd_enum_binding_t Ippd_enum_bindings[]; /* sorted by attr */
extern const size_t Ippd_enum_binding_count;

extern const Ippd_member_set_t Ippd_member_sets[];
extern const size_t Ippd_member_set_count;

extern const ippd_attr_def_t Ippd_attr_defs[]; /* sorted by name */
extern const size_t Ippd_attr_count;

extern const char *const Ippd_tag_names[256];
extern const Ippd_tag_alias_t Ippd_tag_by_name[]; /* sorted by case-folded name */
extern const size_t Ippd_tag_by_name_count;

#endif
