/* printer-icons: a printer glyph drawn at 48, 128 and 512 pixels, encoded as PNG once, served from memory. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include "icons.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "png.h"

const char *const icons_paths[ICONS_COUNT] = {"/icons/ippd-48.png", "/icons/ippd-128.png", "/icons/ippd-512.png"};
static const uint32_t icon_sizes[ICONS_COUNT] = {48, 128, 512};

typedef struct icon {
	uint8_t *png;
	size_t len;
	char etag[16]; /* "\"XXXXXXXX\"": the CRC-32 of the file */
} icon_t;

static icon_t icons[ICONS_COUNT];
static bool icons_ok;
static pthread_once_t icons_once = PTHREAD_ONCE_INIT;

/* ------------------------------------------------------------------ */
/* The drawing                                                        */
/* ------------------------------------------------------------------ */

typedef struct rgba {
	uint8_t r, g, b, a;
} rgba_t;

/* A rectangle with rounded corners in unit coordinates (0..1 across and down the icon). */
typedef struct shape {
	float x0, y0, x1, y1, radius;
	rgba_t color;
} shape_t;

/*
 * The glyph, back to front: a sheet going in at the top, the printer's body,
 * its output slot, the printed sheet coming out with three lines of text,
 * and a green "ready" light.  Later shapes cover earlier ones.
 */
static const shape_t glyph[] = {
    {0.27f, 0.06f, 0.73f, 0.40f, 0.01f, {0x9a, 0xa5, 0xb1, 0xff}}, /* input sheet, outline */
    {0.29f, 0.08f, 0.71f, 0.40f, 0.00f, {0xff, 0xff, 0xff, 0xff}}, /* input sheet */
    {0.06f, 0.32f, 0.94f, 0.78f, 0.08f, {0x2f, 0x3b, 0x48, 0xff}}, /* body */
    {0.10f, 0.36f, 0.90f, 0.46f, 0.03f, {0x4a, 0x5a, 0x6b, 0xff}}, /* top panel */
    {0.20f, 0.60f, 0.80f, 0.66f, 0.02f, {0x12, 0x18, 0x1f, 0xff}}, /* output slot */
    {0.25f, 0.62f, 0.75f, 0.95f, 0.01f, {0x9a, 0xa5, 0xb1, 0xff}}, /* output sheet, outline */
    {0.27f, 0.62f, 0.73f, 0.93f, 0.00f, {0xff, 0xff, 0xff, 0xff}}, /* output sheet */
    {0.32f, 0.71f, 0.68f, 0.73f, 0.00f, {0x5b, 0x8d, 0xd6, 0xff}}, /* text lines */
    {0.32f, 0.77f, 0.68f, 0.79f, 0.00f, {0x5b, 0x8d, 0xd6, 0xff}},
    {0.32f, 0.83f, 0.58f, 0.85f, 0.00f, {0x5b, 0x8d, 0xd6, 0xff}},
    {0.77f, 0.39f, 0.85f, 0.43f, 0.02f, {0x3c, 0xd0, 0x70, 0xff}}, /* ready light */
};

static bool inside(const shape_t *s, float x, float y)
{
	if (x < s->x0 || x > s->x1 || y < s->y0 || y > s->y1)
		return false;
	/* Within the radius of a corner, the point must be inside that corner's circle. */
	float r = s->radius;
	float cx = x < s->x0 + r ? s->x0 + r : x > s->x1 - r ? s->x1 - r : x;
	float cy = y < s->y0 + r ? s->y0 + r : y > s->y1 - r ? s->y1 - r : y;
	return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
}

/* The colour at one point: the front-most shape there, or transparent. */
static rgba_t sample(float x, float y)
{
	rgba_t c = {0, 0, 0, 0};
	for (size_t i = 0; i < sizeof(glyph) / sizeof(glyph[0]); i++)
		if (inside(&glyph[i], x, y))
			c = glyph[i].color;
	return c;
}

enum { SUPERSAMPLE = 3 }; /* 3 x 3 samples a pixel smooth the edges */

/* The glyph at `size` x `size` pixels, each pixel the average of its samples (alpha-weighted colour). */
static uint8_t *draw(uint32_t size)
{
	uint8_t *px = malloc((size_t)size * size * 4);
	if (!px)
		return NULL;
	for (uint32_t y = 0; y < size; y++)
		for (uint32_t x = 0; x < size; x++) {
			unsigned r = 0, g = 0, b = 0, a = 0;
			for (int sy = 0; sy < SUPERSAMPLE; sy++)
				for (int sx = 0; sx < SUPERSAMPLE; sx++) {
					rgba_t c = sample(((float)x + (sx + 0.5f) / SUPERSAMPLE) / (float)size,
					                  ((float)y + (sy + 0.5f) / SUPERSAMPLE) / (float)size);
					r += c.r * c.a;
					g += c.g * c.a;
					b += c.b * c.a;
					a += c.a;
				}
			uint8_t *p = px + ((size_t)y * size + x) * 4;
			p[0] = (uint8_t)(a ? r / a : 0);
			p[1] = (uint8_t)(a ? g / a : 0);
			p[2] = (uint8_t)(a ? b / a : 0);
			p[3] = (uint8_t)(a / (SUPERSAMPLE * SUPERSAMPLE));
		}
	return px;
}

static void make_icons(void)
{
	for (size_t i = 0; i < ICONS_COUNT; i++) {
		uint8_t *px = draw(icon_sizes[i]);
		int rc = px ? png_encode_rgba(px, icon_sizes[i], icon_sizes[i], &icons[i].png, &icons[i].len) : -1;
		free(px);
		if (rc != 0)
			return;
		uLong crc = crc32(crc32(0L, Z_NULL, 0), icons[i].png, (uInt)icons[i].len);
		snprintf(icons[i].etag, sizeof(icons[i].etag), "\"%08lx\"", (unsigned long)crc);
	}
	icons_ok = true;
}

bool icons_init(void)
{
	pthread_once(&icons_once, make_icons);
	return icons_ok;
}

/* ------------------------------------------------------------------ */
/* Serving                                                            */
/* ------------------------------------------------------------------ */

static const icon_t *find(const char *path)
{
	if (!path || !icons_init())
		return NULL;
	for (size_t i = 0; i < ICONS_COUNT; i++)
		if (strcmp(path, icons_paths[i]) == 0)
			return &icons[i];
	return NULL;
}

const uint8_t *icons_find(const char *path, size_t *len)
{
	const icon_t *ic = find(path);
	*len = ic ? ic->len : 0;
	return ic ? ic->png : NULL;
}

bool icons_is_path(const char *url)
{
	return url && strncmp(url, "/icons/", 7) == 0;
}

enum MHD_Result icons_answer(struct MHD_Connection *c, const char *url)
{
	const icon_t *ic = find(url);
	struct MHD_Response *resp;
	unsigned status;
	if (!ic) {
		static const char text[] = "No icon at this path.\n";
		resp = MHD_create_response_from_buffer(sizeof(text) - 1, (void *)(uintptr_t)text, MHD_RESPMEM_PERSISTENT);
		if (!resp)
			return MHD_NO;
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
		status = MHD_HTTP_NOT_FOUND;
	} else {
		/* The icons never change while ippd runs: a client that has this one gets 304 and no body. */
		const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
		bool fresh = inm && strstr(inm, ic->etag);
		resp = MHD_create_response_from_buffer(fresh ? 0 : ic->len, fresh ? NULL : ic->png, MHD_RESPMEM_PERSISTENT);
		if (!resp)
			return MHD_NO;
		if (!fresh)
			MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "image/png");
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=86400");
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, ic->etag);
		status = fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
	}
	enum MHD_Result ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}
