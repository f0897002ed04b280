/* Unit tests for the PNG encoder and the printer icons: every chunk and its CRC, and the pixels back through zlib. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "icons.h"
#include "png.h"

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Walks a PNG file as a decoder would: the signature, then chunks whose CRC-32 must match,
 * IHDR first and IEND last; inflates the IDAT data into `raw` (of `raw_size` bytes) and
 * returns the IHDR width and height.
 */
static void parse_png(const uint8_t *png, size_t len, uint32_t *w, uint32_t *h, uint8_t *raw, size_t raw_size)
{
	static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	assert_true(len > 8);
	assert_memory_equal(png, sig, 8);
	size_t off = 8;
	int chunks = 0;
	bool ended = false;
	z_stream z = {0};
	assert_int_equal(inflateInit(&z), Z_OK);
	z.next_out = raw;
	z.avail_out = (uInt)raw_size;
	while (off < len) {
		assert_true(off + 12 <= len);
		uint32_t n = be32(png + off);
		assert_true(off + 12 + n <= len);
		const uint8_t *type = png + off + 4;
		uLong crc = crc32(crc32(0L, Z_NULL, 0), type, 4 + n);
		assert_int_equal(be32(png + off + 8 + n), (uint32_t)crc);
		if (chunks == 0) {
			assert_memory_equal(type, "IHDR", 4);
			assert_int_equal(n, 13);
			*w = be32(type + 4);
			*h = be32(type + 8);
			assert_int_equal(type[12], 8); /* bit depth */
			assert_int_equal(type[13], 6); /* RGBA */
		} else if (memcmp(type, "IDAT", 4) == 0) {
			z.next_in = (Bytef *)(uintptr_t)(type + 4);
			z.avail_in = n;
			int rc = inflate(&z, Z_NO_FLUSH);
			assert_true(rc == Z_OK || rc == Z_STREAM_END);
		} else if (memcmp(type, "IEND", 4) == 0) {
			assert_int_equal(n, 0);
			ended = true;
		}
		chunks++;
		off += 12 + n;
	}
	assert_true(ended);
	assert_int_equal(off, len);
	assert_int_equal(z.total_out, raw_size);
	inflateEnd(&z);
}

/* png_encode_rgba(3x2 pixels): the decoded scanlines are filter 0 and the pixels as given. */
static void test_png_roundtrip(void **state)
{
	(void)state;
	uint8_t px[3 * 2 * 4];
	for (size_t i = 0; i < sizeof(px); i++)
		px[i] = (uint8_t)(i * 37 + 5);
	uint8_t *png;
	size_t len;
	assert_int_equal(png_encode_rgba(px, 3, 2, &png, &len), 0);
	uint8_t raw[2 * (1 + 12)];
	uint32_t w = 0, h = 0;
	parse_png(png, len, &w, &h, raw, sizeof(raw));
	assert_int_equal(w, 3);
	assert_int_equal(h, 2);
	for (int y = 0; y < 2; y++) {
		assert_int_equal(raw[y * 13], 0);
		assert_memory_equal(raw + y * 13 + 1, px + y * 12, 12);
	}
	free(png);
}

/* png_encode_rgba(bad sizes): refused, with the out-parameters cleared. */
static void test_png_refuses(void **state)
{
	(void)state;
	uint8_t px[4] = {0};
	uint8_t *png = (uint8_t *)1;
	size_t len = 1;
	assert_int_equal(png_encode_rgba(px, 0, 1, &png, &len), -1);
	assert_null(png);
	assert_int_equal(len, 0);
	assert_int_equal(png_encode_rgba(px, 1, 0, &png, &len), -1);
	assert_int_equal(png_encode_rgba(px, PNG_MAX_DIMENSION + 1, 1, &png, &len), -1);
	assert_int_equal(png_encode_rgba(NULL, 1, 1, &png, &len), -1);
}

/*
 * icons_find(each path): a valid PNG of 48, 128 and 512 pixels whose corners are transparent
 * and whose centre (the printer's body) is opaque; unknown paths give NULL.
 */
static void test_icons(void **state)
{
	(void)state;
	static const uint32_t sizes[ICONS_COUNT] = {48, 128, 512};
	assert_true(icons_init());
	for (size_t i = 0; i < ICONS_COUNT; i++) {
		size_t len = 0;
		const uint8_t *png = icons_find(icons_paths[i], &len);
		assert_non_null(png);
		size_t s = sizes[i], row = 1 + s * 4;
		uint8_t *raw = malloc(row * s);
		assert_non_null(raw);
		uint32_t w = 0, h = 0;
		parse_png(png, len, &w, &h, raw, row * s);
		assert_int_equal(w, s);
		assert_int_equal(h, s);
		assert_int_equal(raw[1 + 3], 0);                                /* top-left alpha */
		assert_int_equal(raw[(s - 1) * row + 1 + (s - 1) * 4 + 3], 0);  /* bottom-right alpha */
		assert_int_equal(raw[(s / 2) * row + 1 + (s / 8) * 4 + 3], 255); /* the body, left of centre */
		free(raw);
	}
	size_t len = 7;
	assert_null(icons_find("/icons/ippd-64.png", &len));
	assert_int_equal(len, 0);
	assert_null(icons_find("/icons/", &len));
	assert_true(icons_is_path("/icons/anything"));
	assert_false(icons_is_path("/ipp/print"));
	assert_false(icons_is_path(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_png_roundtrip),
	    cmocka_unit_test(test_png_refuses),
	    cmocka_unit_test(test_icons),
	};
	return cmocka_run_group_tests_name("icons", tests, NULL, NULL);
}
