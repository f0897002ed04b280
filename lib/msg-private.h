/* Internals of the message model shared by msg*.c: the arena and the structures behind the opaque types. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_MSG_PRIVATE_H
#define IPPD_MSG_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include <ippd/msg.h>

#define IPPD_HIDDEN __attribute__((visibility("hidden")))

/*
 * A bump allocator: chunks that are only ever freed together.  The first
 * chunk lives inside the message's own allocation, so a small message
 * costs one malloc.  Growing the most recent allocation extends it in place
 * when the chunk has room, which makes appending values to the attribute
 * being built cheap.
 */
typedef struct Ippd_chunk {
	struct Ippd_chunk *next;
	size_t size;
	size_t used;
	_Alignas(max_align_t) unsigned char data[];
} Ippd_chunk;

typedef struct Ippd_arena {
	Ippd_chunk *head;     /* the chunk allocations come from; older ones linked behind */
	Ippd_chunk *embedded; /* the first chunk, inside the message's allocation */
	size_t total;      /* bytes held, for ippd_msg_memory() */
	void *last;        /* the most recent allocation, for growing in place */
} Ippd_arena;

IPPD_HIDDEN void Ippd_arena_init(Ippd_arena *a, Ippd_chunk *first, size_t first_size);
IPPD_HIDDEN void *Ippd_arena_alloc(Ippd_arena *a, size_t n);
IPPD_HIDDEN void *Ippd_arena_grow(Ippd_arena *a, void *p, size_t old_n, size_t new_n);
IPPD_HIDDEN void Ippd_arena_release(Ippd_arena *a);

/*
 * One value.  Each value carries its own tag.  Strings (and raw values of
 * reserved or extension tags) are stored NUL-terminated with their length;
 * the language of a ...WithLanguage value beside them.
 */
typedef struct Ippd_value {
	uint8_t tag;
	uint8_t units;     /* resolution */
	uint16_t lang_len; /* textWithLanguage, nameWithLanguage */
	uint32_t len;      /* string or raw length */
	union {
		int32_t i;
		struct {
			int32_t lower, upper;
		} range;
		struct {
			int32_t x, y;
		} res;
		uint8_t date[11];
		struct {
			const char *s;
			const char *lang;
		} str;
		ippd_group_t *coll;
	} u;
} Ippd_value;

struct ippd_attr {
	ippd_attr_t *next;
	ippd_msg_t *msg;
	const char *name;
	uint32_t name_len;
	uint32_t count;
	uint32_t cap;
	Ippd_value *values; /* points at `one` until a second value arrives */
	Ippd_value one;
};

struct ippd_group {
	ippd_group_t *next;
	ippd_msg_t *msg;
	ippd_attr_t *first;
	ippd_attr_t *last;
	uint32_t count;
	uint8_t tag;
};

struct ippd_msg {
	Ippd_arena arena;
	ippd_group_t *first;
	ippd_group_t *last;
	uint32_t n_groups;
	uint16_t code;
	uint8_t major, minor;
	int32_t request_id;
};

/* Appends a value slot (zeroed, tag set) to `attr`; NULL when out of memory. */
IPPD_HIDDEN Ippd_value *Ippd_attr_push(ippd_attr_t *attr, uint8_t tag);

/* Appends an attribute whose name is already in the arena; NULL when out of memory. */
IPPD_HIDDEN ippd_attr_t *Ippd_group_append(ippd_group_t *group, const char *name, size_t name_len);

/* A new, unlinked collection owned by `msg`; NULL when out of memory. */
IPPD_HIDDEN ippd_group_t *Ippd_collection_new(ippd_msg_t *msg);

/* Length of the valid UTF-8 sequence at `s` (at most `n` bytes); 0 when it is not valid (RFC 3629). */
IPPD_HIDDEN size_t Ippd_utf8_seq(const unsigned char *s, size_t n);

/* The value at `i`, or NULL when out of range. */
static inline const Ippd_value *Ippd_attr_value(const ippd_attr_t *attr, size_t i)
{
	return attr && i < attr->count ? &attr->values[i] : NULL;
}

/* True when values with this tag are stored as a string (or raw bytes). */
static inline int Ippd_tag_is_stringlike(unsigned tag)
{
	switch (tag) {
	case IPPD_TAG_INTEGER:
	case IPPD_TAG_BOOLEAN:
	case IPPD_TAG_ENUM:
	case IPPD_TAG_DATE_TIME:
	case IPPD_TAG_RESOLUTION:
	case IPPD_TAG_RANGE:
	case IPPD_TAG_BEGIN_COLLECTION:
		return 0;
	default:
		return 1;
	}
}

#endif
