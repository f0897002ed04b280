/* A tiny writer for hand-made IPP wire vectors in tests: one call per field. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_TEST_WIRE_H
#define IPPD_TEST_WIRE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct wire {
	uint8_t b[70000];
	size_t n;
} wire_t;

static inline wire_t *wire_new(void)
{
	wire_t *w = calloc(1, sizeof(*w));
	return w;
}

/* One octet. */
static inline void w8(wire_t *w, unsigned v)
{
	w->b[w->n++] = (uint8_t)v;
}

/* A big-endian SIGNED-SHORT or length field. */
static inline void w16(wire_t *w, unsigned v)
{
	w8(w, v >> 8);
	w8(w, v);
}

/* A big-endian SIGNED-INTEGER. */
static inline void w32(wire_t *w, uint32_t v)
{
	w16(w, v >> 16);
	w16(w, v & 0xffff);
}

/* Raw octets with no length. */
static inline void wraw(wire_t *w, const void *p, size_t n)
{
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

/* A length field followed by the string's octets. */
static inline void wstr(wire_t *w, const char *s)
{
	size_t n = strlen(s);
	w16(w, (unsigned)n);
	wraw(w, s, n);
}

/* version, operation-id or status-code, request-id */
static inline void wheader(wire_t *w, unsigned major, unsigned minor, unsigned code, uint32_t id)
{
	w8(w, major);
	w8(w, minor);
	w16(w, code);
	w32(w, id);
}

/* value-tag, name, and a string value */
static inline void wattr_str(wire_t *w, unsigned tag, const char *name, const char *value)
{
	w8(w, tag);
	wstr(w, name);
	wstr(w, value);
}

/* value-tag, name, and a four-octet integer or enum value */
static inline void wattr_int(wire_t *w, unsigned tag, const char *name, int32_t value)
{
	w8(w, tag);
	wstr(w, name);
	w16(w, 4);
	w32(w, (uint32_t)value);
}

#endif
