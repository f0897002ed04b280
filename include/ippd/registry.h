/* The IPP registry: names of operations, status codes, tags and enums, and attribute syntaxes. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_REGISTRY_H
#define IPPD_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ippd/registry-ids.h> /* generated: IPPD_OP_*, IPPD_STATUS_*, enum value constants */
#include <ippd/tags.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Everything here comes from one data file, registry/ipp-registry.txt,
 * turned into C tables at build time by tools/gen-registry.py.  All
 * returned pointers are to static, read-only data.
 */

/* "Print-Job" for 0x0002; NULL when unknown. */
const char *ippd_op_name(uint16_t operation_id);
/* 0x0002 for "Print-Job" (case-insensitive); -1 when unknown. */
int ippd_op_value(const char *name);

/* "client-error-not-found" for 0x0406; NULL when unknown. */
const char *ippd_status_name(uint16_t status_code);
int ippd_status_value(const char *name);

/*
 * "keyword" for 0x44, "job-attributes-tag" for 0x02, "no-value" for 0x13;
 * NULL when the tag is reserved.
 */
const char *ippd_tag_name(unsigned tag);
/* The tag for "keyword", "job-attributes-tag", ...; -1 when unknown. */
int ippd_tag_value(const char *name);

/*
 * The keyword of an enum value: ("job-state", 3) -> "pending",
 * ("operations-supported", 2) -> "Print-Job", ("finishings", 4) ->
 * "staple".  Attributes that share an enum (finishings-default,
 * finishings-supported, finishings-col ...; printer-state-supported ...)
 * resolve to the same table.  NULL when unknown.
 */
const char *ippd_enum_name(const char *attr_name, int32_t value);
/* The value of an enum keyword for an attribute; -1 when unknown. */
int32_t ippd_enum_value(const char *attr_name, const char *keyword);

/*
 * The number of values of the enum an attribute uses, 0 when it uses none;
 * and the i-th of them in ascending value order: the keyword is returned
 * and the value stored in `*value` (which may be NULL).  NULL, and
 * `*value` 0, when `i` is out of range.
 */
size_t ippd_enum_count(const char *attr_name);
const char *ippd_enum_at(const char *attr_name, size_t i, int32_t *value);

/* Where an attribute may appear: a bit set. */
typedef enum ippd_attr_group {
	IPPD_AG_OPERATION = 1u << 0,
	IPPD_AG_JOB_TEMPLATE = 1u << 1,
	IPPD_AG_JOB_DESCRIPTION = 1u << 2,
	IPPD_AG_JOB_STATUS = 1u << 3,
	IPPD_AG_PRINTER_DESCRIPTION = 1u << 4,
	IPPD_AG_PRINTER_STATUS = 1u << 5,
	IPPD_AG_DOCUMENT_TEMPLATE = 1u << 6,
	IPPD_AG_DOCUMENT_DESCRIPTION = 1u << 7,
	IPPD_AG_DOCUMENT_STATUS = 1u << 8,
	IPPD_AG_SUBSCRIPTION_TEMPLATE = 1u << 9,
	IPPD_AG_SUBSCRIPTION_DESCRIPTION = 1u << 10,
	IPPD_AG_EVENT_NOTIFICATION = 1u << 11,
	IPPD_AG_SYSTEM_DESCRIPTION = 1u << 12,
	IPPD_AG_SYSTEM_STATUS = 1u << 13,
	IPPD_AG_RESOURCE_DESCRIPTION = 1u << 14,
	IPPD_AG_RESOURCE_STATUS = 1u << 15,
	IPPD_AG_MEMBER = 1u << 16, /* a collection member */
} ippd_attr_group_t;

/*
 * One alternative of an attribute's syntax.  `tag` is the value tag; for
 * integer it carries the allowed range [min, max]; for strings `max` is
 * the longest value allowed in octets (name(127) has max 127; plain text
 * is 1023); for textWithLanguage/nameWithLanguage `max` limits the text.
 * An alternative with tag IPPD_TAG_NAME also admits IPPD_TAG_NAME_LANG
 * and IPPD_TAG_TEXT admits IPPD_TAG_TEXT_LANG (RFC 8011 §5.1.2, §5.1.3).
 */
typedef struct ippd_syntax {
	uint8_t tag;
	int32_t min;
	int32_t max;
} ippd_syntax_t;

typedef struct ippd_attr_def ippd_attr_def_t;

struct ippd_attr_def {
	const char *name;
	uint32_t groups;               /* ippd_attr_group_t bits */
	bool set_of;                   /* 1setOf: more than one value allowed */
	bool read_only;                /* a description or status attribute a client may not set */
	uint8_t n_syntax;              /* alternatives, at least 1 */
	const ippd_syntax_t *syntax;   /* `n_syntax` alternatives */
	size_t n_members;              /* for collections: the known members */
	const ippd_attr_def_t *members;
};

/*
 * The definition of a top-level attribute, or NULL when the registry does
 * not know it (which is not an error: unknown attributes are ignored or
 * reported unsupported by whoever validates).
 */
const ippd_attr_def_t *ippd_registry_find(const char *name);

/*
 * The definition of member `name` of collection attribute `coll`, or NULL.
 * For an open collection (see below) a name it does not list resolves to
 * the top-level definition it admits.
 */
const ippd_attr_def_t *ippd_registry_find_member(const ippd_attr_def_t *coll, const char *name);

/*
 * True when collection `coll` admits members beyond the ones it lists:
 * "overrides" (PWG 5100.6) and the job-constraints/job-resolvers
 * collections also hold Job Template attributes.
 */
bool ippd_registry_is_open(const ippd_attr_def_t *coll);

/* True when a value with `tag` fits one of the alternatives of `def`. */
bool ippd_registry_tag_allowed(const ippd_attr_def_t *def, unsigned tag);

/* Number of attribute definitions (top level) and the i-th, for tools and tests. */
size_t ippd_registry_count(void);
const ippd_attr_def_t *ippd_registry_at(size_t i);

#ifdef __cplusplus
}
#endif

#endif
