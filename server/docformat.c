/* Document formats: MIME sniffing, and streaming checks of PWG Raster, Apple Raster and JPEG. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include "docformat.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- Sniffing ---------------------------------------------------------------------------- */

/*
 * Length of the UTF-8 sequence at P (RFC 3629: no overlongs, no surrogates, nothing past
 * U+10FFFF): 0 if invalid, -1 if valid so far but cut off by the end of the data.
 */
static int utf8_sequence(const unsigned char *p, size_t left)
{
	unsigned char b = p[0], lo = 0x80, hi = 0xbf;
	int n;

	if (b >= 0xc2 && b <= 0xdf)
		n = 2;
	else if (b >= 0xe0 && b <= 0xef) {
		n = 3;
		lo = b == 0xe0 ? 0xa0 : 0x80;
		hi = b == 0xed ? 0x9f : 0xbf;
	} else if (b >= 0xf0 && b <= 0xf4) {
		n = 4;
		lo = b == 0xf0 ? 0x90 : 0x80;
		hi = b == 0xf4 ? 0x8f : 0xbf;
	} else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((size_t)i >= left)
			return -1;
		if (p[i] < (i == 1 ? lo : 0x80) || p[i] > (i == 1 ? hi : 0xbf))
			return 0;
	}
	return n;
}

/*
 * Text is valid UTF-8 with no control characters but TAB, LF, VT, FF and CR. A long run of
 * text with no space or line break at all is more likely an encoded blob than something to
 * print, so 80 bytes or more need one. A sequence cut by the end of the data is allowed:
 * the caller may have only the document's first bytes.
 */
static bool looks_like_text(const unsigned char *p, size_t len)
{
	bool space = false;
	size_t i = 0;

	if (len > DOCFORMAT_SNIFF_TEXT)
		len = DOCFORMAT_SNIFF_TEXT;
	while (i < len) {
		unsigned char b = p[i];
		int n;

		if (b >= 0x80) {
			n = utf8_sequence(p + i, len - i);
			if (n == 0)
				return false;
			if (n < 0)
				break;
			i += (size_t)n;
			continue;
		}
		if (b == ' ' || (b >= '\t' && b <= '\r'))
			space = true;
		else if (b < 0x20 || b == 0x7f)
			return false;
		i++;
	}
	return len > 0 && (space || len < 80);
}

const char *docformat_sniff(const void *data, size_t len)
{
	/* No magic number is a prefix of another, so their order does not matter. */
	static const struct {
		const char *magic;
		size_t n;
		const char *type;
	} magics[] = {
	    {"%PDF-", 5, "application/pdf"},
	    {"%!", 2, "application/postscript"},
	    {"\xff\xd8\xff", 3, "image/jpeg"},
	    {"\x89PNG\r\n\x1a\n", 8, "image/png"},
	    {"RaS2PwgRaster", DOCFORMAT_SNIFF_MAGIC, "image/pwg-raster"},
	    {"UNIRAST", 8, "image/urf"},
	};
	const unsigned char *p = data;

	if (!p || len == 0)
		return NULL;
	for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++) {
		size_t n = magics[i].n;

		if (len >= n && !memcmp(p, magics[i].magic, n))
			return magics[i].type;
		if (len < n && !memcmp(p, magics[i].magic, len))
			return NULL;
	}
	return looks_like_text(p, len) ? "text/plain" : NULL;
}

/* ---- PWG Raster and Apple Raster ----------------------------------------------------------- */

/* Sizes and field offsets: PWG 5102.4's page header, and the public notes on Apple Raster. */
#define PWG_SYNC_SIZE 4
#define PWG_HEADER_SIZE 1796
#define PWG_HWRESOLUTION 276
#define PWG_WIDTH 372
#define PWG_HEIGHT 376
#define PWG_BITS_PER_COLOR 384
#define PWG_BITS_PER_PIXEL 388
#define PWG_BYTES_PER_LINE 392
#define PWG_COLOR_ORDER 396
#define PWG_COLOR_SPACE 400
#define PWG_NUM_COLORS 420
#define PWG_TOTAL_PAGE_COUNT 452
#define URF_FILE_HEADER_SIZE 12
#define URF_HEADER_SIZE 32
#define URF_BITS_PER_PIXEL 0
#define URF_WIDTH 12
#define URF_HEIGHT 16
#define URF_RESOLUTION 20

/* Where the walk stands: gathering a header, or at a byte of compressed page data. */
typedef enum pwg_state {
	PWG_FILE_HEADER, /* the sync word, or URF's file header */
	PWG_PAGE_HEADER,
	PWG_LINE,   /* next: a line repeat byte */
	PWG_RUN,    /* next: a run's control byte */
	PWG_PIXELS, /* skipping a run's pixel bytes */
	PWG_FAILED,
} pwg_state_t;

struct pwg_checker {
	pwg_checker_format_t format;
	pwg_state_t state;
	uint64_t offset;     /* bytes checked so far */
	uint64_t page_start; /* where the current page's header began */
	int pages;
	uint32_t declared_pages;
	size_t fill; /* header bytes gathered */
	uint32_t height;
	uint32_t bpp;
	uint32_t unit;       /* bytes in one unit of a run: a pixel, or a byte of 1-bit pixels */
	uint32_t line_units; /* units in one line */
	uint32_t lines_left; /* lines of the page not yet covered */
	uint32_t repeat;     /* lines the current line stands for */
	uint32_t units_left; /* units of the current line not yet covered */
	uint64_t skip;       /* pixel bytes of the current run still to pass */
	char err[256];
	unsigned char hdr[PWG_HEADER_SIZE];
};

static const char *format_name(const pwg_checker_t *c)
{
	return c->format == PWG_CHECKER_URF ? "Apple Raster" : "PWG Raster";
}

static size_t file_header_size(const pwg_checker_t *c)
{
	return c->format == PWG_CHECKER_URF ? URF_FILE_HEADER_SIZE : PWG_SYNC_SIZE;
}

static size_t page_header_size(const pwg_checker_t *c)
{
	return c->format == PWG_CHECKER_URF ? URF_HEADER_SIZE : PWG_HEADER_SIZE;
}

pwg_checker_t *pwg_checker_new(pwg_checker_format_t format)
{
	pwg_checker_t *c;

	if (format != PWG_CHECKER_PWG_RASTER && format != PWG_CHECKER_URF)
		return NULL;
	c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->format = format;
	c->state = PWG_FILE_HEADER;
	return c;
}

void pwg_checker_free(pwg_checker_t *c)
{
	free(c);
}

/* Every error names the format and the page; the first one sticks. */
static int pwg_fail(pwg_checker_t *c, const char *fmt, ...) ATTR_PRINTF(2, 3);
static int pwg_fail(pwg_checker_t *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->state == PWG_FAILED)
		return -1;
	n = snprintf(c->err, sizeof c->err, "%s: ", format_name(c));
	va_start(ap, fmt);
	vsnprintf(c->err + n, sizeof c->err - (size_t)n, fmt, ap);
	va_end(ap);
	c->state = PWG_FAILED;
	return -1;
}

/* The page header error prefix: "page 2 header at byte 1800: ". */
#define HDR_FMT "page %d header at byte %llu: "
#define HDR_ARGS(c) (c)->pages + 1, (unsigned long long)(c)->page_start

static int check_file_header(pwg_checker_t *c)
{
	if (c->format == PWG_CHECKER_URF) {
		if (memcmp(c->hdr, "UNIRAST", 8))
			return pwg_fail(c, "file header at byte 0 does not start with \"UNIRAST\\0\"");
		c->declared_pages = be32(c->hdr + 8);
	} else if (memcmp(c->hdr, "RaS2", 4)) {
		return pwg_fail(c, "sync word at byte 0 is 0x%02x%02x%02x%02x, not \"RaS2\"", c->hdr[0],
		                c->hdr[1], c->hdr[2], c->hdr[3]);
	}
	return 0;
}

/* Colorants per PWG 5102.4 ColorSpace (Table 3), 0 for a value PWG Raster does not allow. */
static uint32_t pwg_colorants(uint32_t space)
{
	switch (space) {
	case 3:  /* Black */
	case 18: /* sGray */
		return 1;
	case 1:  /* RGB */
	case 19: /* sRGB */
	case 20: /* AdobeRGB */
		return 3;
	case 6: /* CMYK */
		return 4;
	default:
		return space >= 48 && space <= 62 ? space - 47 : 0; /* Device1..Device15 */
	}
}

/* A width, height or resolution must be at least 1 and at most the limit. */
static int check_range(pwg_checker_t *c, const char *field, uint32_t v, uint32_t max)
{
	if (v == 0 || v > max)
		return pwg_fail(c, HDR_FMT "%s %u is not between 1 and %u", HDR_ARGS(c), field, v, max);
	return 0;
}

/*
 * The fields that decide where the page's data ends, and their combinations that PWG 5102.4
 * Table 12 allows: 1 bit only for Black and sGray, 8 or 16 bits per color otherwise, chunky
 * pixels, and BytesPerLine exactly Width x BitsPerPixel rounded up to whole bytes.
 */
static int check_pwg_header(pwg_checker_t *c)
{
	const unsigned char *h = c->hdr;
	uint32_t width = be32(h + PWG_WIDTH), height = be32(h + PWG_HEIGHT);
	uint32_t bpc = be32(h + PWG_BITS_PER_COLOR), bpp = be32(h + PWG_BITS_PER_PIXEL);
	uint32_t bpl = be32(h + PWG_BYTES_PER_LINE), order = be32(h + PWG_COLOR_ORDER);
	uint32_t space = be32(h + PWG_COLOR_SPACE), colors = be32(h + PWG_NUM_COLORS);
	uint32_t want = pwg_colorants(space);

	if (memcmp(h, "PwgRaster", 10))
		return pwg_fail(c, HDR_FMT "the first field is not \"PwgRaster\"", HDR_ARGS(c));
	if (check_range(c, "HWResolution", be32(h + PWG_HWRESOLUTION), PWG_CHECKER_MAX_RESOLUTION) ||
	    check_range(c, "HWResolution", be32(h + PWG_HWRESOLUTION + 4), PWG_CHECKER_MAX_RESOLUTION) ||
	    check_range(c, "Width", width, PWG_CHECKER_MAX_DIMENSION) ||
	    check_range(c, "Height", height, PWG_CHECKER_MAX_DIMENSION))
		return -1;
	if (order != 0)
		return pwg_fail(c,
		                HDR_FMT "ColorOrder %u is not 0 (chunky), the only order PWG Raster allows",
		                HDR_ARGS(c), order);
	if (want == 0)
		return pwg_fail(c, HDR_FMT "ColorSpace %u is not one PWG Raster allows", HDR_ARGS(c), space);
	if (colors != want)
		return pwg_fail(c, HDR_FMT "NumColors %u is not the %u of ColorSpace %u", HDR_ARGS(c), colors,
		                want, space);
	if (bpc != 8 && bpc != 16 && !(bpc == 1 && (space == 3 || space == 18)))
		return pwg_fail(c, HDR_FMT "BitsPerColor %u is not allowed with ColorSpace %u", HDR_ARGS(c),
		                bpc, space);
	if (bpp != bpc * colors)
		return pwg_fail(c, HDR_FMT "BitsPerPixel %u is not NumColors %u x BitsPerColor %u",
		                HDR_ARGS(c), bpp, colors, bpc);
	if (bpl != ((uint64_t)width * bpp + 7) / 8)
		return pwg_fail(c, HDR_FMT "BytesPerLine %u does not match %u pixels of %u bits", HDR_ARGS(c),
		                bpl, width, bpp);
	if (c->pages == 0)
		c->declared_pages = be32(h + PWG_TOTAL_PAGE_COUNT);
	c->bpp = bpp;
	c->unit = bpp < 8 ? 1 : bpp / 8;
	c->line_units = bpl / c->unit;
	c->height = height;
	return 0;
}

/*
 * Apple Raster's page header gives bits per pixel, size and resolution; its colorspace,
 * duplex and quality bytes are not checked, as no public specification fixes their values.
 */
static int check_urf_header(pwg_checker_t *c)
{
	const unsigned char *h = c->hdr;
	uint32_t bpp = h[URF_BITS_PER_PIXEL];

	if (bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32 && bpp != 48 && bpp != 64)
		return pwg_fail(c, HDR_FMT "bits per pixel %u is not 8, 16, 24, 32, 48 or 64", HDR_ARGS(c),
		                bpp);
	if (check_range(c, "width", be32(h + URF_WIDTH), PWG_CHECKER_MAX_DIMENSION) ||
	    check_range(c, "height", be32(h + URF_HEIGHT), PWG_CHECKER_MAX_DIMENSION) ||
	    check_range(c, "resolution", be32(h + URF_RESOLUTION), PWG_CHECKER_MAX_RESOLUTION))
		return -1;
	c->bpp = bpp;
	c->unit = bpp / 8;
	c->line_units = be32(h + URF_WIDTH);
	c->height = be32(h + URF_HEIGHT);
	return 0;
}

/* A line ends: the page ends with its last line, and the next header may follow. */
static int end_line(pwg_checker_t *c)
{
	c->lines_left -= c->repeat;
	if (c->lines_left > 0) {
		c->state = PWG_LINE;
		return 0;
	}
	if (c->pages == INT_MAX - 1)
		return pwg_fail(c, "more than %d pages at byte %llu", INT_MAX - 2,
		                (unsigned long long)c->offset);
	c->pages++;
	c->state = PWG_PAGE_HEADER;
	c->fill = 0;
	c->page_start = c->offset;
	return 0;
}

/* Runs count pixels, or bytes of eight pixels at 1 bit per pixel. */
static const char *unit_name(const pwg_checker_t *c)
{
	return c->bpp == 1 ? "bytes" : "pixels";
}

/* The byte on_line() and on_run() were given: the offset already counts it. */
#define THIS_BYTE(c) ((unsigned long long)(c)->offset - 1)

/* The line repeat byte covers 1 to 256 lines, never past the page's last line. */
static int on_line(pwg_checker_t *c, unsigned char b)
{
	uint32_t line = c->height - c->lines_left + 1;

	c->repeat = (uint32_t)b + 1;
	if (c->repeat > c->lines_left)
		return pwg_fail(c, "page %d at byte %llu: line %u repeats %u times, past the page's %u lines",
		                c->pages + 1, THIS_BYTE(c), line, c->repeat, c->height);
	c->units_left = c->line_units;
	c->state = PWG_RUN;
	return 0;
}

/*
 * A run: 0-127 repeat the next pixel 1-128 times, 129-255 copy 2-128 pixels, 128 fills the
 * rest of the line (Apple Raster's rule, also accepted in PWG Raster). A run never crosses
 * the end of its line.
 */
static int on_run(pwg_checker_t *c, unsigned char b)
{
	uint32_t n;

	if (b == 128) {
		c->units_left = 0;
		return end_line(c);
	}
	n = b < 128 ? (uint32_t)b + 1 : 257u - b;
	if (n > c->units_left)
		return pwg_fail(c, "page %d at byte %llu: a run of %u %s overflows line %u (%u of %u left)",
		                c->pages + 1, THIS_BYTE(c), n, unit_name(c), c->height - c->lines_left + 1,
		                c->units_left, c->line_units);
	c->units_left -= n;
	c->skip = (uint64_t)(b < 128 ? 1 : n) * c->unit;
	c->state = PWG_PIXELS;
	return 0;
}

/* Headers are gathered whole (they are small and fixed); page data is walked byte by byte or skipped. */
int pwg_checker_feed(pwg_checker_t *c, const void *data, size_t len)
{
	const unsigned char *p = data;

	if (!c || c->state == PWG_FAILED)
		return -1;
	while (len > 0) {
		size_t n, need;
		int rc = 0;

		switch (c->state) {
		case PWG_FILE_HEADER:
		case PWG_PAGE_HEADER:
			need = c->state == PWG_FILE_HEADER ? file_header_size(c) : page_header_size(c);
			n = need - c->fill < len ? need - c->fill : len;
			memcpy(c->hdr + c->fill, p, n);
			c->fill += n;
			c->offset += n;
			p += n;
			len -= n;
			if (c->fill < need)
				break;
			c->fill = 0;
			if (c->state == PWG_FILE_HEADER) {
				rc = check_file_header(c);
				c->page_start = c->offset;
				c->state = rc < 0 ? PWG_FAILED : PWG_PAGE_HEADER;
			} else {
				rc = c->format == PWG_CHECKER_URF ? check_urf_header(c) : check_pwg_header(c);
				c->lines_left = c->height;
				c->state = rc < 0 ? PWG_FAILED : PWG_LINE;
			}
			break;
		case PWG_LINE:
			c->offset++;
			rc = on_line(c, *p++);
			len--;
			break;
		case PWG_RUN:
			/* Runs whose pixels lie wholly in this chunk are passed here, in one go. */
			do {
				c->offset++;
				rc = on_run(c, *p++);
				len--;
				if (rc < 0 || c->state != PWG_PIXELS || c->skip > len)
					break;
				c->offset += c->skip;
				p += c->skip;
				len -= (size_t)c->skip;
				c->skip = 0;
				if (c->units_left == 0) {
					rc = end_line(c);
					break;
				}
				c->state = PWG_RUN;
			} while (len > 0);
			break;
		case PWG_PIXELS:
			n = c->skip < len ? (size_t)c->skip : len;
			c->skip -= n;
			c->offset += n;
			p += n;
			len -= n;
			if (c->skip > 0)
				break;
			if (c->units_left == 0)
				rc = end_line(c);
			else
				c->state = PWG_RUN;
			break;
		case PWG_FAILED:
			return -1;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

int pwg_checker_finish(pwg_checker_t *c)
{
	if (!c || c->state == PWG_FAILED)
		return -1;
	switch (c->state) {
	case PWG_FILE_HEADER:
		if (c->fill == 0)
			return pwg_fail(c, "the document is empty");
		return pwg_fail(c, "the document ends in its %s, after %zu bytes",
		                c->format == PWG_CHECKER_URF ? "file header" : "sync word", c->fill);
	case PWG_PAGE_HEADER:
		if (c->fill > 0)
			return pwg_fail(c, HDR_FMT "the document ends after %zu of its %zu bytes",
			                HDR_ARGS(c), c->fill, page_header_size(c));
		if (c->pages == 0)
			return pwg_fail(c, "the document has no pages");
		return 0;
	default:
		return pwg_fail(c, "page %d at byte %llu: the document ends after %u of the page's %u lines",
		                c->pages + 1, (unsigned long long)c->offset, c->height - c->lines_left,
		                c->height);
	}
}

int pwg_checker_pages(const pwg_checker_t *c)
{
	return c ? c->pages : 0;
}

uint32_t pwg_checker_declared_pages(const pwg_checker_t *c)
{
	return c ? c->declared_pages : 0;
}

const char *pwg_checker_error(const pwg_checker_t *c)
{
	return c ? c->err : "";
}

/* ---- JPEG -------------------------------------------------------------------------------- */

/* Marker codes (ITU T.81 Table B.1). */
#define JPEG_SOF0 0xc0
#define JPEG_SOF2 0xc2
#define JPEG_DHT 0xc4
#define JPEG_JPG 0xc8
#define JPEG_DAC 0xcc
#define JPEG_RST0 0xd0
#define JPEG_RST7 0xd7
#define JPEG_SOI 0xd8
#define JPEG_EOI 0xd9
#define JPEG_SOS 0xda
#define JPEG_TEM 0x01
#define JPEG_SOF_FIELDS 6 /* P, Y, X, Nf */

/* Where the walk stands between and inside marker segments. */
typedef enum jpeg_state {
	JPEG_START,  /* the two bytes of SOI */
	JPEG_MARKER, /* a 0xff, or more fill 0xff */
	JPEG_CODE,   /* the marker code */
	JPEG_LENGTH, /* the two length bytes */
	JPEG_SKIP,   /* a segment's content */
	JPEG_FRAME,  /* the frame header's fields */
	JPEG_DONE,
	JPEG_ERROR,
} jpeg_state_t;

struct jpeg_checker {
	jpeg_state_t state;
	uint64_t offset;
	uint64_t marker_at;
	unsigned char code;
	unsigned char buf[JPEG_SOF_FIELDS];
	size_t fill;
	uint32_t left; /* segment bytes still to pass */
	int width, height, components;
	char err[160];
};

jpeg_checker_t *jpeg_checker_new(void)
{
	jpeg_checker_t *j = calloc(1, sizeof *j);

	if (j)
		j->state = JPEG_START;
	return j;
}

void jpeg_checker_free(jpeg_checker_t *j)
{
	free(j);
}

static int jpeg_fail(jpeg_checker_t *j, const char *fmt, ...) ATTR_PRINTF(2, 3);
static int jpeg_fail(jpeg_checker_t *j, const char *fmt, ...)
{
	va_list ap;

	if (j->state == JPEG_ERROR)
		return -1;
	memcpy(j->err, "JPEG: ", 7);
	va_start(ap, fmt);
	vsnprintf(j->err + 6, sizeof j->err - 6, fmt, ap);
	va_end(ap);
	j->state = JPEG_ERROR;
	return -1;
}

static bool jpeg_is_sof(unsigned char code)
{
	return code >= JPEG_SOF0 && code <= 0xcf && code != JPEG_DHT && code != JPEG_JPG && code != JPEG_DAC;
}

/*
 * A marker before the frame header: segments with a length are passed over; the frame header
 * must come before any scan, RSTn belongs inside scans, and only baseline, extended and
 * progressive Huffman frames (SOF0-SOF2) are what printers take.
 */
static int jpeg_on_code(jpeg_checker_t *j, unsigned char code)
{
	j->code = code;
	if (code == 0xff)
		return 0;
	if (code == JPEG_TEM) {
		j->state = JPEG_MARKER;
		return 0;
	}
	if (code == 0x00 || code == JPEG_SOI || code == JPEG_EOI || code == JPEG_SOS ||
	    (code >= JPEG_RST0 && code <= JPEG_RST7))
		return jpeg_fail(j, "marker 0xff%02x at byte %llu before any frame header (SOF)", code,
		                 (unsigned long long)j->marker_at);
	if (jpeg_is_sof(code) && code > JPEG_SOF2)
		return jpeg_fail(
		    j, "frame type SOF%d at byte %llu is not baseline, extended or progressive Huffman",
		    code - JPEG_SOF0, (unsigned long long)j->marker_at);
	j->fill = 0;
	j->state = JPEG_LENGTH;
	return 0;
}

/* The frame header: P, Y, X, Nf, then Nf component specifications of 3 bytes (T.81 B.2.2). */
static int jpeg_on_frame(jpeg_checker_t *j)
{
	unsigned precision = j->buf[0], comps = j->buf[5];
	unsigned height = (unsigned)j->buf[1] << 8 | j->buf[2], width = (unsigned)j->buf[3] << 8 | j->buf[4];
	unsigned long long at = (unsigned long long)j->marker_at;

	if (precision != 8 && !(precision == 12 && j->code != JPEG_SOF0))
		return jpeg_fail(j, "SOF%d at byte %llu: sample precision %u is not allowed",
		                 j->code - JPEG_SOF0, at, precision);
	if (height == 0)
		return jpeg_fail(j,
		                 "SOF%d at byte %llu: height 0 (set later by a DNL marker) is not supported",
		                 j->code - JPEG_SOF0, at);
	if (width == 0)
		return jpeg_fail(j, "SOF%d at byte %llu: width 0", j->code - JPEG_SOF0, at);
	if (comps < 1 || comps > 4)
		return jpeg_fail(j, "SOF%d at byte %llu: %u components, not 1 to 4", j->code - JPEG_SOF0, at,
		                 comps);
	if (j->left + JPEG_SOF_FIELDS != JPEG_SOF_FIELDS + 3 * comps)
		return jpeg_fail(j, "SOF%d at byte %llu: segment length %u does not match %u components",
		                 j->code - JPEG_SOF0, at, j->left + JPEG_SOF_FIELDS + 2, comps);
	j->width = (int)width;
	j->height = (int)height;
	j->components = (int)comps;
	j->state = JPEG_DONE;
	return 1;
}

int jpeg_checker_feed(jpeg_checker_t *j, const void *data, size_t len)
{
	const unsigned char *p = data;

	if (!j || j->state == JPEG_ERROR)
		return -1;
	for (; len > 0 && j->state != JPEG_DONE; p++, len--, j->offset++) {
		switch (j->state) {
		case JPEG_START:
			if (*p != (j->offset == 0 ? 0xff : JPEG_SOI))
				return jpeg_fail(j, "no SOI marker (0xffd8) at byte 0");
			if (j->offset == 1)
				j->state = JPEG_MARKER;
			break;
		case JPEG_MARKER:
			if (*p != 0xff)
				return jpeg_fail(j, "expected a marker at byte %llu, found 0x%02x",
				                 (unsigned long long)j->offset, *p);
			j->marker_at = j->offset;
			j->state = JPEG_CODE;
			break;
		case JPEG_CODE:
			if (jpeg_on_code(j, *p) < 0)
				return -1;
			break;
		case JPEG_LENGTH:
			j->buf[j->fill++] = *p;
			if (j->fill < 2)
				break;
			j->left = (uint32_t)j->buf[0] << 8 | j->buf[1];
			if (j->left < 2 || (jpeg_is_sof(j->code) && j->left < 2 + JPEG_SOF_FIELDS))
				return jpeg_fail(
				    j, "marker 0xff%02x at byte %llu: segment length %u is too short",
				    j->code, (unsigned long long)j->marker_at, j->left);
			j->left -= 2;
			j->fill = 0;
			j->state = jpeg_is_sof(j->code) ? JPEG_FRAME : j->left ? JPEG_SKIP : JPEG_MARKER;
			break;
		case JPEG_FRAME:
			j->buf[j->fill++] = *p;
			j->left--;
			if (j->fill == JPEG_SOF_FIELDS && jpeg_on_frame(j) < 0)
				return -1;
			break;
		case JPEG_SKIP: {
			size_t n = j->left < len ? j->left : len;

			j->left -= (uint32_t)n;
			j->offset += n - 1;
			p += n - 1;
			len -= n - 1;
			if (j->left == 0)
				j->state = JPEG_MARKER;
			break;
		}
		case JPEG_DONE:
		case JPEG_ERROR:
			break;
		}
	}
	return j->state == JPEG_DONE ? 1 : 0;
}

int jpeg_checker_finish(jpeg_checker_t *j)
{
	if (!j || j->state == JPEG_ERROR)
		return -1;
	if (j->state == JPEG_DONE)
		return 0;
	if (j->offset == 0)
		return jpeg_fail(j, "the image is empty");
	return jpeg_fail(j, "the image ends at byte %llu before any frame header (SOF)",
	                 (unsigned long long)j->offset);
}

void jpeg_checker_info(const jpeg_checker_t *j, int *width, int *height, int *components)
{
	bool done = j && j->state == JPEG_DONE;

	if (width)
		*width = done ? j->width : 0;
	if (height)
		*height = done ? j->height : 0;
	if (components)
		*components = done ? j->components : 0;
}

const char *jpeg_checker_error(const jpeg_checker_t *j)
{
	return j ? j->err : "";
}

int docformat_jpeg_info(const void *data, size_t len, int *width, int *height, int *components, char *err,
                        size_t errsize)
{
	jpeg_checker_t j = {.state = JPEG_START};
	int rc = jpeg_checker_feed(&j, data, len);

	jpeg_checker_info(&j, width, height, components);
	if (err && errsize)
		snprintf(err, errsize, "%s", j.err);
	return rc;
}
