/* The per-message bump allocator: many small allocations, one release. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdlib.h>
#include <string.h>

#include "msg-private.h"

enum { ARENA_ALIGN = 8, ARENA_MAX_CHUNK = 256 * 1024 };

static size_t align_up(size_t n)
{
	return (n + (ARENA_ALIGN - 1)) & ~(size_t)(ARENA_ALIGN - 1);
}

void Ippd_arena_init(Ippd_arena *a, Ippd_chunk *first, size_t first_size)
{
	memset(a, 0, sizeof(*a));
	if (first) {
		first->next = NULL;
		first->size = first_size;
		first->used = 0;
		a->head = first;
		a->embedded = first;
	}
}

/*
 * A new chunk doubles the previous one up to ARENA_MAX_CHUNK, and is at
 * least big enough for the request; older chunks stay linked behind it.
 * Its unused tail is lost, which bounds waste at half a chunk.
 */
static Ippd_chunk *arena_add_chunk(Ippd_arena *a, size_t need)
{
	size_t size = a->head ? a->head->size * 2 : 4096;
	if (size > ARENA_MAX_CHUNK)
		size = ARENA_MAX_CHUNK;
	if (size < need)
		size = need;
	if (size > SIZE_MAX - sizeof(Ippd_chunk))
		return NULL;
	Ippd_chunk *c = malloc(sizeof(Ippd_chunk) + size);
	if (!c)
		return NULL;
	c->size = size;
	c->used = 0;
	c->next = a->head;
	a->head = c;
	a->total += size;
	return c;
}

void *Ippd_arena_alloc(Ippd_arena *a, size_t n)
{
	if (n > SIZE_MAX / 2)
		return NULL;
	n = align_up(n ? n : 1);
	Ippd_chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		c = arena_add_chunk(a, n);
		if (!c)
			return NULL;
	}
	void *p = c->data + c->used;
	c->used += n;
	a->last = p;
	return p;
}

void *Ippd_arena_grow(Ippd_arena *a, void *p, size_t old_n, size_t new_n)
{
	Ippd_chunk *c = a->head;
	if (p && p == a->last && c && new_n <= SIZE_MAX / 2) {
		size_t start = (size_t)((unsigned char *)p - c->data);
		size_t want = align_up(new_n);
		if (want <= c->size - start) {
			c->used = start + want;
			return p;
		}
	}
	void *q = Ippd_arena_alloc(a, new_n);
	if (q && p && old_n)
		memcpy(q, p, old_n < new_n ? old_n : new_n);
	return q;
}

void Ippd_arena_release(Ippd_arena *a)
{
	/* The embedded chunk belongs to the message's own allocation. */
	Ippd_chunk *c = a->head;
	while (c) {
		Ippd_chunk *next = c->next;
		if (c != a->embedded)
			free(c);
		c = next;
	}
	a->head = NULL;
}
