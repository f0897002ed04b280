/* The first page of a PWG Raster document as a small PNG: decode the PackBits-like lines, box-filter, encode. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "png.h"
#include "thumbnail.h"

/* PWG 5102.4 page header: its size and the big-endian fields read here. */
enum {
	HEADER_SIZE = 1796,
	H_WIDTH = 372,
	H_HEIGHT = 376,
	H_BITS_PER_COLOR = 384,
	H_BITS_PER_PIXEL = 388,
	H_BYTES_PER_LINE = 392,
	H_COLOR_ORDER = 396,
	H_COLOR_SPACE = 400,
};
/* cupsColorSpace values (PWG 5102.4 Table 4). */
enum { CS_RGB = 1, CS_BLACK = 3, CS_CMYK = 6, CS_SGRAY = 18, CS_SRGB = 19, CS_ADOBE_RGB = 20 };
enum { MAX_WIDTH = 32768, MAX_HEIGHT = 65536 };

typedef struct page {
	uint32_t width, height, bpc, bpp, bpl, space;
	unsigned channels; /* 1 grey, 3 rgb, 4 cmyk */
	bool additive;     /* 0 is black (sgray, rgb) rather than white (black, cmyk) */
} page_t;

/* A buffered reader over the FILE, so that runs are read a byte at a time cheaply. */
typedef struct reader {
	FILE *f;
	uint8_t buf[65536];
	size_t pos, len;
} reader_t;

static int rd_byte(reader_t *r)
{
	if (r->pos == r->len) {
		r->len = fread(r->buf, 1, sizeof(r->buf), r->f);
		r->pos = 0;
		if (r->len == 0)
			return -1;
	}
	return r->buf[r->pos++];
}

static bool rd_bytes(reader_t *r, uint8_t *dst, size_t n)
{
	while (n > 0) {
		if (r->pos == r->len) {
			r->len = fread(r->buf, 1, sizeof(r->buf), r->f);
			r->pos = 0;
			if (r->len == 0)
				return false;
		}
		size_t k = r->len - r->pos < n ? r->len - r->pos : n;
		memcpy(dst, r->buf + r->pos, k);
		r->pos += k;
		dst += k;
		n -= k;
	}
	return true;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The header's fields, checked against each other; false with the reason. */
static bool read_header(const uint8_t *h, page_t *pg, char *err, size_t errsize)
{
	pg->width = be32(h + H_WIDTH);
	pg->height = be32(h + H_HEIGHT);
	pg->bpc = be32(h + H_BITS_PER_COLOR);
	pg->bpp = be32(h + H_BITS_PER_PIXEL);
	pg->bpl = be32(h + H_BYTES_PER_LINE);
	pg->space = be32(h + H_COLOR_SPACE);
	if (be32(h + H_COLOR_ORDER) != 0) {
		snprintf(err, errsize, "only chunky (cupsColorOrder 0) pages are drawn");
		return false;
	}
	if (pg->width == 0 || pg->height == 0 || pg->width > MAX_WIDTH || pg->height > MAX_HEIGHT) {
		snprintf(err, errsize, "a page of %u x %u pixels is not drawn (at most %u x %u)", pg->width, pg->height,
		         MAX_WIDTH, MAX_HEIGHT);
		return false;
	}
	switch (pg->space) {
	case CS_SGRAY:
	case CS_BLACK:
		pg->channels = 1;
		break;
	case CS_RGB:
	case CS_SRGB:
	case CS_ADOBE_RGB:
		pg->channels = 3;
		break;
	case CS_CMYK:
		pg->channels = 4;
		break;
	default:
		snprintf(err, errsize, "colour space %u is not drawn", pg->space);
		return false;
	}
	pg->additive = pg->space != CS_BLACK && pg->space != CS_CMYK;
	bool depth_ok = (pg->bpc == 8 || pg->bpc == 16 || (pg->bpc == 1 && pg->channels == 1)) &&
	                pg->bpp == pg->bpc * pg->channels;
	if (!depth_ok) {
		snprintf(err, errsize, "%u bits per colour, %u per pixel, %u colours is not a depth drawn here", pg->bpc,
		         pg->bpp, pg->channels);
		return false;
	}
	uint64_t need = ((uint64_t)pg->width * pg->bpp + 7) / 8;
	if (pg->bpl != need) {
		snprintf(err, errsize, "cupsBytesPerLine %u does not match %u pixels of %u bits", pg->bpl, pg->width,
		         pg->bpp);
		return false;
	}
	return true;
}

/*
 * One compressed line into `line`: runs of 0-127 repeat the next unit 1-128
 * times, 129-255 copy 2-128 units, 128 fills the rest with white.  A unit
 * is a pixel, or a byte when pixels are smaller.
 */
static bool read_line(reader_t *r, const page_t *pg, uint8_t *line)
{
	size_t unit = pg->bpp >= 8 ? pg->bpp / 8 : 1;
	size_t units = pg->bpl / unit, at = 0;
	uint8_t px[8];
	while (at < units) {
		int b = rd_byte(r);
		if (b < 0)
			return false;
		if (b == 128) {
			memset(line + at * unit, pg->additive ? 0xff : 0x00, (units - at) * unit);
			return true;
		}
		size_t n = b < 128 ? (size_t)b + 1 : 257u - (size_t)b;
		if (n > units - at)
			return false;
		if (b < 128) {
			if (!rd_bytes(r, px, unit))
				return false;
			for (size_t i = 0; i < n; i++)
				memcpy(line + (at + i) * unit, px, unit);
		} else if (!rd_bytes(r, line + at * unit, n * unit)) {
			return false;
		}
		at += n;
	}
	return true;
}

/* Pixel `x` of a decoded line as 8-bit RGB. */
static void pixel_rgb(const page_t *pg, const uint8_t *line, uint32_t x, uint8_t rgb[3])
{
	if (pg->bpc == 1) {
		bool set = line[x / 8] & (0x80 >> (x % 8));
		uint8_t v = (pg->additive ? set : !set) ? 255 : 0;
		rgb[0] = rgb[1] = rgb[2] = v;
		return;
	}
	size_t step = pg->bpc / 8; /* bytes per colour: the high byte of 16-bit values is enough here */
	const uint8_t *p = line + (size_t)x * pg->channels * step;
	if (pg->channels == 1) {
		uint8_t v = pg->additive ? p[0] : (uint8_t)(255 - p[0]);
		rgb[0] = rgb[1] = rgb[2] = v;
	} else if (pg->channels == 3) {
		rgb[0] = p[0];
		rgb[1] = p[step];
		rgb[2] = p[2 * step];
	} else {
		unsigned k = p[3 * step];
		for (unsigned i = 0; i < 3; i++) {
			unsigned ink = p[i * step] + k;
			rgb[i] = (uint8_t)(ink > 255 ? 0 : 255 - ink);
		}
	}
}

typedef struct canvas {
	uint32_t w, h;
	uint32_t *sum; /* per output pixel: r, g, b, count */
} canvas_t;

static void accumulate(canvas_t *cv, const page_t *pg, const uint8_t *line, uint32_t y, uint32_t weight)
{
	uint32_t oy = (uint32_t)((uint64_t)y * cv->h / pg->height);
	uint32_t *row = cv->sum + (size_t)oy * cv->w * 4;
	uint8_t rgb[3];
	for (uint32_t x = 0; x < pg->width; x++) {
		uint32_t ox = (uint32_t)((uint64_t)x * cv->w / pg->width);
		pixel_rgb(pg, line, x, rgb);
		uint32_t *o = row + (size_t)ox * 4;
		o[0] += rgb[0] * weight;
		o[1] += rgb[1] * weight;
		o[2] += rgb[2] * weight;
		o[3] += weight;
	}
}

static int finish_png(const canvas_t *cv, uint8_t **png, size_t *len, char *err, size_t errsize)
{
	uint8_t *rgba = malloc((size_t)cv->w * cv->h * 4);
	if (!rgba) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < (size_t)cv->w * cv->h; i++) {
		const uint32_t *s = cv->sum + i * 4;
		for (unsigned c = 0; c < 3; c++)
			rgba[i * 4 + c] = (uint8_t)(s[3] ? s[c] / s[3] : 255);
		rgba[i * 4 + 3] = 255;
	}
	int rc = png_encode_rgba(rgba, cv->w, cv->h, png, len);
	free(rgba);
	if (rc != 0)
		snprintf(err, errsize, "cannot encode the PNG");
	return rc;
}

int thumbnail_pwg(FILE *f, unsigned max, uint8_t **png, size_t *len, char *err, size_t errsize)
{
	*png = NULL;
	*len = 0;
	reader_t *r = calloc(1, sizeof(*r));
	uint8_t *hdr = malloc(HEADER_SIZE);
	uint8_t *line = NULL;
	canvas_t cv = {0};
	int rc = -1;
	page_t pg;
	if (!r || !hdr) {
		snprintf(err, errsize, "out of memory");
		goto out;
	}
	r->f = f;
	uint8_t sync[4];
	if (!rd_bytes(r, sync, 4) || memcmp(sync, "RaS2", 4) != 0) {
		snprintf(err, errsize, "not PWG Raster (no RaS2 sync word)");
		goto out;
	}
	if (!rd_bytes(r, hdr, HEADER_SIZE)) {
		snprintf(err, errsize, "the first page header is cut short");
		goto out;
	}
	if (!read_header(hdr, &pg, err, errsize))
		goto out;
	if (max < 1 || max > PNG_MAX_DIMENSION)
		max = THUMBNAIL_SIZE;
	uint32_t longest = pg.width > pg.height ? pg.width : pg.height;
	cv.w = (uint32_t)((uint64_t)pg.width * max / longest);
	cv.h = (uint32_t)((uint64_t)pg.height * max / longest);
	cv.w = cv.w ? cv.w : 1;
	cv.h = cv.h ? cv.h : 1;
	cv.sum = calloc((size_t)cv.w * cv.h * 4, sizeof(*cv.sum));
	line = malloc(pg.bpl);
	if (!cv.sum || !line) {
		snprintf(err, errsize, "out of memory");
		goto out;
	}
	/* At most about four source lines per output row are drawn: enough for a thumbnail, and cheap. */
	uint32_t every = pg.height / (cv.h * 4);
	every = every ? every : 1;
	for (uint32_t y = 0; y < pg.height;) {
		int rep = rd_byte(r);
		if (rep < 0 || !read_line(r, &pg, line)) {
			snprintf(err, errsize, "the first page's data ends or breaks at line %u of %u", y + 1, pg.height);
			goto out;
		}
		uint32_t n = (uint32_t)rep + 1;
		if (n > pg.height - y) {
			snprintf(err, errsize, "line %u repeats past the end of the page", y + 1);
			goto out;
		}
		for (uint32_t k = 0; k < n; k++)
			if ((y + k) % every == 0)
				accumulate(&cv, &pg, line, y + k, 1);
		y += n;
	}
	rc = finish_png(&cv, png, len, err, errsize);
out:
	free(cv.sum);
	free(line);
	free(hdr);
	free(r);
	return rc;
}
