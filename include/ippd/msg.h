/* The IPP message model: a header, ordered attribute groups, attributes and their values. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_MSG_H
#define IPPD_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <ippd/error.h>
#include <ippd/tags.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Ownership in one sentence: a message owns an arena, everything reachable
 * from the message (groups, attributes, values, strings, collections) lives
 * in that arena, and ippd_msg_free() releases all of it at once.  Pointers
 * returned by accessors are borrowed and stay valid until the message is
 * freed.  Nothing in this header is thread-safe for concurrent writers.
 *
 * A collection value is a list of member attributes, which is exactly what
 * an attribute group is, so both are ippd_group_t: a collection's tag is
 * IPPD_TAG_BEGIN_COLLECTION.  The same calls add, find and walk attributes
 * in either.
 */
typedef struct ippd_msg ippd_msg_t;
typedef struct ippd_group ippd_group_t;
typedef struct ippd_attr ippd_attr_t;

/* RFC 8010 §3.5.2 resolution units. */
enum { IPPD_RES_PER_INCH = 3, IPPD_RES_PER_CM = 4 };

/* RFC 8010 length limits that the wire format itself imposes. */
enum { IPPD_MAX_WIRE_LENGTH = 32767 };

/* ------------------------------------------------------------------ */
/* Messages                                                           */
/* ------------------------------------------------------------------ */

/*
 * A new empty message: version 2.0, code 0, request-id 0, no groups.
 * NULL when out of memory.  Free with ippd_msg_free().
 */
ippd_msg_t *ippd_msg_new(void);

/*
 * The same with `arena_bytes` (at most 1 MiB) of arena in the message's own
 * allocation instead of 2 KiB: small for messages that live long (a job's
 * attributes), large for ones known to be big.  More is allocated as needed.
 */
ippd_msg_t *ippd_msg_new_sized(size_t arena_bytes);

/*
 * A new request with an operation group that already holds
 * attributes-charset "utf-8" and attributes-natural-language "en", in that
 * order, as RFC 8011 §4.1.4 requires.  Free with ippd_msg_free().
 */
ippd_msg_t *ippd_msg_new_request(uint16_t operation_id, int32_t request_id);

/*
 * A new response to `request` (which may be NULL): same version and
 * request-id, the given status code, and an operation group holding
 * attributes-charset "utf-8" and attributes-natural-language copied from the
 * request (or "en").  Free with ippd_msg_free().
 */
ippd_msg_t *ippd_msg_new_response(const ippd_msg_t *request, uint16_t status_code);

/* Frees the message and everything in it.  NULL does nothing. */
void ippd_msg_free(ippd_msg_t *msg);

/* version-number: major and minor octets (2.0 is major 2, minor 0). */
void ippd_msg_set_version(ippd_msg_t *msg, uint8_t major, uint8_t minor);
uint8_t ippd_msg_get_major(const ippd_msg_t *msg);
uint8_t ippd_msg_get_minor(const ippd_msg_t *msg);

/* operation-id in a request, status-code in a response. */
void ippd_msg_set_code(ippd_msg_t *msg, uint16_t code);
uint16_t ippd_msg_get_code(const ippd_msg_t *msg);

void ippd_msg_set_request_id(ippd_msg_t *msg, int32_t request_id);
int32_t ippd_msg_get_request_id(const ippd_msg_t *msg);

/*
 * Copies `len` bytes (or strlen(s) when len is (size_t)-1) into the
 * message's arena and NUL-terminates them.  NULL when out of memory.
 */
const char *ippd_msg_strdup(ippd_msg_t *msg, const char *s, size_t len);

/* Bytes the message's arena holds (a measure of its memory use). */
size_t ippd_msg_memory(const ippd_msg_t *msg);

/* ------------------------------------------------------------------ */
/* Groups                                                             */
/* ------------------------------------------------------------------ */

/*
 * Appends a new, empty group with a delimiter tag (IPPD_TAG_OPERATION,
 * IPPD_TAG_JOB, ...).  A message may hold several groups with the same tag
 * (a Get-Jobs response has one job group per job).  NULL when out of memory
 * or when `tag` is not a group tag (0x01-0x0f other than IPPD_TAG_END).
 */
ippd_group_t *ippd_msg_add_group(ippd_msg_t *msg, ippd_tag_t tag);

/* The first group with `tag`, or NULL. */
ippd_group_t *ippd_msg_find_group(const ippd_msg_t *msg, ippd_tag_t tag);

/* The first group with `tag`, appended if there is none.  NULL when out of memory. */
ippd_group_t *ippd_msg_get_group(ippd_msg_t *msg, ippd_tag_t tag);

/* Walks the groups in order; NULL at the end. */
ippd_group_t *ippd_msg_first_group(const ippd_msg_t *msg);
ippd_group_t *ippd_group_next(const ippd_group_t *group);
size_t ippd_msg_group_count(const ippd_msg_t *msg);

/* The group's delimiter tag, or IPPD_TAG_BEGIN_COLLECTION for a collection. */
ippd_tag_t ippd_group_get_tag(const ippd_group_t *group);

/* Number of attributes (members, for a collection) in the group. */
size_t ippd_group_count(const ippd_group_t *group);

/* The message that owns the group. */
ippd_msg_t *ippd_group_msg(const ippd_group_t *group);

/*
 * The first attribute named `name` in any group with `group_tag` (or in
 * any group when group_tag is IPPD_TAG_ZERO), or NULL.
 */
ippd_attr_t *ippd_msg_find(const ippd_msg_t *msg, ippd_tag_t group_tag, const char *name);

/* ------------------------------------------------------------------ */
/* Attributes in a group or a collection                              */
/* ------------------------------------------------------------------ */

ippd_attr_t *ippd_group_first(const ippd_group_t *group);
ippd_attr_t *ippd_attr_next(const ippd_attr_t *attr);

/* The first attribute called `name` (compared exactly), or NULL. */
ippd_attr_t *ippd_group_find(const ippd_group_t *group, const char *name);

/*
 * Appends an attribute with no values yet; add them with ippd_attr_add_*.
 * The name is copied.  An attribute with no values is encoded with no
 * values and so is not valid on the wire: add at least one.  NULL when out
 * of memory.
 */
ippd_attr_t *ippd_group_add(ippd_group_t *group, const char *name);

/* Removes `attr` from `group` (its memory is returned when the message is freed). */
void ippd_group_remove(ippd_group_t *group, ippd_attr_t *attr);

/*
 * Deep-copies `src` (from any message) to the end of `group`, optionally
 * under a new name (NULL keeps the name).  NULL when out of memory.
 */
ippd_attr_t *ippd_group_copy_attr(ippd_group_t *group, const ippd_attr_t *src, const char *new_name);

/* One-call builders: append a named attribute with the given value(s).  NULL when out of memory. */
ippd_attr_t *ippd_group_add_integer(ippd_group_t *group, ippd_tag_t tag, const char *name, int32_t value);
ippd_attr_t *ippd_group_add_integers(ippd_group_t *group, ippd_tag_t tag, const char *name, size_t count,
                                     const int32_t *values);
ippd_attr_t *ippd_group_add_boolean(ippd_group_t *group, const char *name, bool value);
ippd_attr_t *ippd_group_add_string(ippd_group_t *group, ippd_tag_t tag, const char *name, const char *value);
ippd_attr_t *ippd_group_add_strings(ippd_group_t *group, ippd_tag_t tag, const char *name, size_t count,
                                    const char *const *values);
ippd_attr_t *ippd_group_add_string_lang(ippd_group_t *group, ippd_tag_t tag, const char *name,
                                        const char *value, const char *language);
ippd_attr_t *ippd_group_add_octets(ippd_group_t *group, const char *name, const void *data, size_t len);
ippd_attr_t *ippd_group_add_range(ippd_group_t *group, const char *name, int32_t lower, int32_t upper);
ippd_attr_t *ippd_group_add_resolution(ippd_group_t *group, const char *name, int32_t xres, int32_t yres,
                                       uint8_t units);
ippd_attr_t *ippd_group_add_date(ippd_group_t *group, const char *name, time_t when);
ippd_attr_t *ippd_group_add_out_of_band(ippd_group_t *group, ippd_tag_t tag, const char *name);
/* Appends a collection attribute with one empty collection value, returned; NULL when out of memory. */
ippd_group_t *ippd_group_add_collection(ippd_group_t *group, const char *name);

/* ------------------------------------------------------------------ */
/* Values                                                             */
/* ------------------------------------------------------------------ */

/*
 * Each value carries its own tag: a 1setOf may mix syntaxes
 * ("1setOf (integer | rangeOfInteger)") and a name may be followed by a
 * nameWithLanguage.  The ippd_attr_add_* calls append one value and return
 * IPPD_OK, IPPD_ERR_NOMEM, or IPPD_ERR_ARG when the tag does not fit the
 * call (a string tag for add_integer, say).
 */
ippd_err_t ippd_attr_add_integer(ippd_attr_t *attr, ippd_tag_t tag, int32_t value);
ippd_err_t ippd_attr_add_boolean(ippd_attr_t *attr, bool value);
/* A string of `len` bytes (or strlen when len is (size_t)-1), copied. */
ippd_err_t ippd_attr_add_string(ippd_attr_t *attr, ippd_tag_t tag, const char *value, size_t len);
/* textWithLanguage / nameWithLanguage. */
ippd_err_t ippd_attr_add_string_lang(ippd_attr_t *attr, ippd_tag_t tag, const char *value, const char *language);
ippd_err_t ippd_attr_add_octets(ippd_attr_t *attr, const void *data, size_t len);
ippd_err_t ippd_attr_add_range(ippd_attr_t *attr, int32_t lower, int32_t upper);
ippd_err_t ippd_attr_add_resolution(ippd_attr_t *attr, int32_t xres, int32_t yres, uint8_t units);
/* An RFC 2579 DateAndTime of 11 octets, copied. */
ippd_err_t ippd_attr_add_date(ippd_attr_t *attr, const uint8_t date[11]);
ippd_err_t ippd_attr_add_out_of_band(ippd_attr_t *attr, ippd_tag_t tag);
/* Appends an empty collection value and returns it; NULL when out of memory. */
ippd_group_t *ippd_attr_add_collection(ippd_attr_t *attr);
/*
 * A value with any tag and raw value bytes, kept as they are: reserved tags
 * read from the wire, and extension (0x7f) values whose first four octets
 * are the extended tag.
 */
ippd_err_t ippd_attr_add_raw(ippd_attr_t *attr, uint8_t tag, const void *data, size_t len);

const char *ippd_attr_get_name(const ippd_attr_t *attr);
size_t ippd_attr_count(const ippd_attr_t *attr);

/* The tag of value `i`; IPPD_TAG_ZERO when out of range. */
ippd_tag_t ippd_attr_get_tag(const ippd_attr_t *attr, size_t i);
/* The tag of the first value: "the attribute's syntax". */
#define ippd_attr_tag(a) ippd_attr_get_tag((a), 0)

/* integer or enum; 0 when `i` is out of range or not an integer value. */
int32_t ippd_attr_get_integer(const ippd_attr_t *attr, size_t i);
bool ippd_attr_get_boolean(const ippd_attr_t *attr, size_t i);
/*
 * A string value (text, name, keyword, uri, ..., octetString), NUL-
 * terminated; `len` (may be NULL) gets its length, which matters for
 * octetString values that hold NUL bytes.  NULL when not a string.
 */
const char *ippd_attr_get_string(const ippd_attr_t *attr, size_t i, size_t *len);
/* The language of a textWithLanguage or nameWithLanguage value, else NULL. */
const char *ippd_attr_get_language(const ippd_attr_t *attr, size_t i);
bool ippd_attr_get_range(const ippd_attr_t *attr, size_t i, int32_t *lower, int32_t *upper);
bool ippd_attr_get_resolution(const ippd_attr_t *attr, size_t i, int32_t *xres, int32_t *yres, uint8_t *units);
/* The 11 octets of a dateTime value, or NULL. */
const uint8_t *ippd_attr_get_date(const ippd_attr_t *attr, size_t i);
ippd_group_t *ippd_attr_get_collection(const ippd_attr_t *attr, size_t i);
/* Raw bytes of a value kept with ippd_attr_add_raw (or a string value), else NULL. */
const uint8_t *ippd_attr_get_raw(const ippd_attr_t *attr, size_t i, size_t *len);

/* True when any value of a string attribute equals `s` exactly. */
bool ippd_attr_contains_string(const ippd_attr_t *attr, const char *s);
/* True when any integer/enum value equals `v`, or any range contains it. */
bool ippd_attr_contains_integer(const ippd_attr_t *attr, int32_t v);

/* RFC 2579 DateAndTime <-> time_t (UTC is written; offsets are honoured when read). */
void ippd_date_from_time(time_t when, uint8_t date[11]);
time_t ippd_date_to_time(const uint8_t date[11]);

/* ------------------------------------------------------------------ */
/* Comparison                                                         */
/* ------------------------------------------------------------------ */

/* True when the two messages would encode to the same bytes. */
bool ippd_msg_equal(const ippd_msg_t *a, const ippd_msg_t *b);

#ifdef __cplusplus
}
#endif

#endif
