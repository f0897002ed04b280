/* Unit tests for the web thumbnails: PWG Raster pages built byte by byte, drawn, and read back through zlib. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "thumbnail.h"

/* A PWG Raster document under construction: "RaS2", one 1796-byte header, then line data. */
typedef struct doc {
	uint8_t b[8192];
	size_t n;
} doc_t;

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static void doc_start(doc_t *d, uint32_t w, uint32_t h, uint32_t bpc, uint32_t bpp, uint32_t space)
{
	memset(d, 0, sizeof(*d));
	memcpy(d->b, "RaS2", 4);
	uint8_t *hd = d->b + 4;
	memcpy(hd, "PwgRaster", 9);
	put32(hd + 372, w);                     /* cupsWidth */
	put32(hd + 376, h);                     /* cupsHeight */
	put32(hd + 384, bpc);                   /* cupsBitsPerColor */
	put32(hd + 388, bpp);                   /* cupsBitsPerPixel */
	put32(hd + 392, (w * bpp + 7) / 8);     /* cupsBytesPerLine */
	put32(hd + 400, space);                 /* cupsColorSpace */
	d->n = 4 + 1796;
}

static void doc_bytes(doc_t *d, const uint8_t *p, size_t n)
{
	memcpy(d->b + d->n, p, n);
	d->n += n;
}

/* Draws the document; returns the thumbnail's RGBA pixels (malloc'd) and size, or NULL with the error. */
static uint8_t *draw(const doc_t *d, unsigned max, uint32_t *w, uint32_t *h, char *err, size_t errsize)
{
	FILE *f = fmemopen((void *)(uintptr_t)d->b, d->n, "rb");
	assert_non_null(f);
	uint8_t *png = NULL;
	size_t len = 0;
	int rc = thumbnail_pwg(f, max, &png, &len, err, errsize);
	fclose(f);
	if (rc != 0) {
		assert_null(png);
		return NULL;
	}
	/* IHDR right after the signature; then one IDAT (what png.c writes). */
	assert_true(len > 33);
	assert_memory_equal(png + 12, "IHDR", 4);
	*w = (uint32_t)png[16] << 24 | (uint32_t)png[17] << 16 | (uint32_t)png[18] << 8 | png[19];
	*h = (uint32_t)png[20] << 24 | (uint32_t)png[21] << 16 | (uint32_t)png[22] << 8 | png[23];
	size_t off = 33;
	uint32_t n = (uint32_t)png[off] << 24 | (uint32_t)png[off + 1] << 16 | (uint32_t)png[off + 2] << 8 | png[off + 3];
	assert_memory_equal(png + off + 4, "IDAT", 4);
	size_t stride = (size_t)*w * 4 + 1;
	uint8_t *raw = malloc(stride * *h);
	uLongf raw_len = (uLongf)(stride * *h);
	assert_int_equal(uncompress(raw, &raw_len, png + off + 8, n), Z_OK);
	assert_int_equal(raw_len, stride * *h);
	uint8_t *rgba = malloc((size_t)*w * *h * 4);
	for (uint32_t y = 0; y < *h; y++) {
		assert_int_equal(raw[y * stride], 0); /* filter type none */
		memcpy(rgba + (size_t)y * *w * 4, raw + y * stride + 1, (size_t)*w * 4);
	}
	free(raw);
	free(png);
	return rgba;
}

static void assert_pixel(const uint8_t *rgba, uint32_t w, uint32_t x, uint32_t y, int r, int g, int b)
{
	const uint8_t *p = rgba + ((size_t)y * w + x) * 4;
	assert_int_equal(p[0], r);
	assert_int_equal(p[1], g);
	assert_int_equal(p[2], b);
	assert_int_equal(p[3], 255);
}

static void thumbnail_srgb8(void **state)
{
	(void)state;
	doc_t d;
	doc_start(&d, 4, 2, 8, 24, 19);
	static const uint8_t lines[] = {
		0x01,                         /* line repeated once more: both lines */
		0x01, 0xff, 0x00, 0x00,       /* run: 2 red pixels */
		0xff, 0x00, 0x00, 0xff,       /* copy 2 pixels: blue, */
		0x00, 0xff, 0x00,             /*   green */
	};
	doc_bytes(&d, lines, sizeof(lines));
	uint32_t w, h;
	char err[256] = "";
	uint8_t *px = draw(&d, 4, &w, &h, err, sizeof(err));
	assert_non_null(px);
	assert_int_equal(w, 4);
	assert_int_equal(h, 2);
	assert_pixel(px, w, 0, 0, 255, 0, 0);
	assert_pixel(px, w, 1, 1, 255, 0, 0);
	assert_pixel(px, w, 2, 0, 0, 0, 255);
	assert_pixel(px, w, 3, 1, 0, 255, 0);
	free(px);
}

static void thumbnail_black1_and_fill(void **state)
{
	(void)state;
	doc_t d;
	doc_start(&d, 16, 1, 1, 1, 3);
	static const uint8_t line[] = {0x00, 0x00, 0xf0, 0x80}; /* once; run: byte 0xf0 once; 128: the rest white */
	doc_bytes(&d, line, sizeof(line));
	uint32_t w, h;
	char err[256] = "";
	uint8_t *px = draw(&d, 16, &w, &h, err, sizeof(err));
	assert_non_null(px);
	assert_int_equal(w, 16);
	assert_int_equal(h, 1);
	assert_pixel(px, w, 0, 0, 0, 0, 0);       /* black colour space: a set bit is ink */
	assert_pixel(px, w, 3, 0, 0, 0, 0);
	assert_pixel(px, w, 4, 0, 255, 255, 255);
	assert_pixel(px, w, 15, 0, 255, 255, 255); /* filled white by 128 */
	free(px);
}

static void thumbnail_cmyk_and_shrink(void **state)
{
	(void)state;
	doc_t d;
	doc_start(&d, 8, 8, 8, 32, 6);
	static const uint8_t line[] = {0x07, 0x07, 0xff, 0x00, 0x00, 0x00}; /* 8 lines of 8 cyan pixels */
	doc_bytes(&d, line, sizeof(line));
	uint32_t w, h;
	char err[256] = "";
	uint8_t *px = draw(&d, 2, &w, &h, err, sizeof(err));
	assert_non_null(px);
	assert_int_equal(w, 2);
	assert_int_equal(h, 2);
	assert_pixel(px, w, 1, 1, 0, 255, 255);
	free(px);
}

/* Each bad document gives -1 and a sentence, never a crash. */
static void thumbnail_refuses(void **state)
{
	(void)state;
	doc_t d;
	uint32_t w, h;
	char err[256];

	doc_start(&d, 4, 1, 8, 24, 19);
	memcpy(d.b, "RaS3", 4);
	assert_null(draw(&d, 4, &w, &h, err, sizeof(err)));
	assert_non_null(strstr(err, "sync"));

	doc_start(&d, 4, 1, 8, 24, 19);
	d.n = 100; /* header cut short */
	assert_null(draw(&d, 4, &w, &h, err, sizeof(err)));
	assert_non_null(strstr(err, "cut short"));

	doc_start(&d, 4, 1, 8, 24, 19);
	put32(d.b + 4 + 392, 13); /* cupsBytesPerLine */
	assert_null(draw(&d, 4, &w, &h, err, sizeof(err)));
	assert_non_null(strstr(err, "BytesPerLine"));

	doc_start(&d, 4, 1, 8, 24, 19);
	static const uint8_t overflow[] = {0x00, 0x04, 0xff, 0x00, 0x00}; /* a run of 5 pixels in a line of 4 */
	doc_bytes(&d, overflow, sizeof(overflow));
	assert_null(draw(&d, 4, &w, &h, err, sizeof(err)));
	assert_non_null(strstr(err, "line 1"));

	doc_start(&d, 4, 1, 8, 24, 19);
	static const uint8_t repeat[] = {0x05, 0x03, 0x00, 0x00, 0x00}; /* 6 lines on a page of 1 */
	doc_bytes(&d, repeat, sizeof(repeat));
	assert_null(draw(&d, 4, &w, &h, err, sizeof(err)));
	assert_non_null(strstr(err, "repeats past"));

	doc_start(&d, 4, 1, 8, 24, 19);
	static const uint8_t cut[] = {0x00, 0x01, 0xff}; /* the data stops inside a pixel */
	doc_bytes(&d, cut, sizeof(cut));
	assert_null(draw(&d, 4, &w, &h, err, sizeof(err)));
	assert_non_null(strstr(err, "ends or breaks"));

	doc_start(&d, 4, 1, 8, 24, 48); /* a device colour space */
	assert_null(draw(&d, 4, &w, &h, err, sizeof(err)));
	assert_non_null(strstr(err, "colour space"));

	doc_start(&d, 1048576, 1, 8, 24, 19); /* wider than drawn */
	assert_null(draw(&d, 4, &w, &h, err, sizeof(err)));
	assert_non_null(strstr(err, "not drawn"));

	doc_start(&d, 4, 1, 8, 16, 19); /* bits per pixel that do not fit three colours */
	assert_null(draw(&d, 4, &w, &h, err, sizeof(err)));
	assert_non_null(strstr(err, "depth"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(thumbnail_srgb8),
		cmocka_unit_test(thumbnail_black1_and_fill),
		cmocka_unit_test(thumbnail_cmyk_and_shrink),
		cmocka_unit_test(thumbnail_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
