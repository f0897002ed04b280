/* A minimal PNG encoder (ISO/IEC 15948): signature, IHDR, one IDAT, IEND; zlib compresses and checksums. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include "png.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Writes one chunk at `p`: length, type, data, and the CRC-32 of type and data.  Returns the bytes written. */
static size_t put_chunk(uint8_t *p, const char type[4], const uint8_t *data, uint32_t len)
{
	put_be32(p, len);
	memcpy(p + 4, type, 4);
	if (len)
		memcpy(p + 8, data, len);
	uLong crc = crc32(0L, Z_NULL, 0);
	crc = crc32(crc, p + 4, 4 + len);
	put_be32(p + 8 + len, (uint32_t)crc);
	return 12 + (size_t)len;
}

/* The scanlines as PNG filters them: each row prefixed by filter type 0 (None). */
static uint8_t *scanlines(const uint8_t *rgba, uint32_t width, uint32_t height, size_t *len)
{
	size_t row = (size_t)width * 4;
	*len = (row + 1) * height;
	uint8_t *raw = malloc(*len);
	if (!raw)
		return NULL;
	for (uint32_t y = 0; y < height; y++) {
		raw[y * (row + 1)] = 0;
		memcpy(raw + y * (row + 1) + 1, rgba + y * row, row);
	}
	return raw;
}

int png_encode_rgba(const uint8_t *rgba, uint32_t width, uint32_t height, uint8_t **out, size_t *out_len)
{
	static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	*out = NULL;
	*out_len = 0;
	if (!rgba || width == 0 || height == 0 || width > PNG_MAX_DIMENSION || height > PNG_MAX_DIMENSION)
		return -1;

	size_t raw_len;
	uint8_t *raw = scanlines(rgba, width, height, &raw_len);
	uLongf z_len = compressBound((uLong)raw_len);
	uint8_t *z = raw ? malloc(z_len) : NULL;
	if (!z || compress2(z, &z_len, raw, (uLong)raw_len, Z_BEST_COMPRESSION) != Z_OK) {
		free(raw);
		free(z);
		return -1;
	}
	free(raw);

	/* IHDR: width, height, bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace. */
	uint8_t ihdr[13];
	put_be32(ihdr, width);
	put_be32(ihdr + 4, height);
	ihdr[8] = 8;
	ihdr[9] = 6;
	ihdr[10] = 0;
	ihdr[11] = 0;
	ihdr[12] = 0;

	size_t total = sizeof(signature) + (12 + sizeof(ihdr)) + (12 + (size_t)z_len) + 12;
	uint8_t *png = malloc(total);
	if (!png) {
		free(z);
		return -1;
	}
	size_t n = 0;
	memcpy(png, signature, sizeof(signature));
	n += sizeof(signature);
	n += put_chunk(png + n, "IHDR", ihdr, sizeof(ihdr));
	n += put_chunk(png + n, "IDAT", z, (uint32_t)z_len);
	n += put_chunk(png + n, "IEND", NULL, 0);
	free(z);
	*out = png;
	*out_len = n;
	return 0;
}
