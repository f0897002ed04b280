/* Unit tests for document sniffing and the PWG Raster, Apple Raster and JPEG checkers. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docformat.h"

#define TEST(fn, title) ((struct CMUnitTest){.name = (title), .test_func = (fn)})
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Field offsets in a PWG Raster page header (PWG 5102.4 Table 1), counted from the header's start. */
#define H_HWRES 276
#define H_WIDTH 372
#define H_HEIGHT 376
#define H_BPC 384
#define H_BPP 388
#define H_BPL 392
#define H_ORDER 396
#define H_SPACE 400
#define H_COLORS 420
#define H_TOTAL 452
#define PWG_HDR 1796

/* ---- helpers -------------------------------------------------------------------------------- */

/* A growable byte buffer for building documents. */
typedef struct buf {
	unsigned char *p;
	size_t len, cap;
} buf_t;

static void put(buf_t *b, const void *d, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void put8(buf_t *b, unsigned v)
{
	unsigned char c = (unsigned char)v;

	put(b, &c, 1);
}

static void put32(buf_t *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	                      (unsigned char)v};

	put(b, c, 4);
}

static void set32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static unsigned char *read_file(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	unsigned char *p;
	long n;

	snprintf(path, sizeof path, "%s/docs/%s", TEST_DATA_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* An independent page count: each PWG page header starts with "PwgRaster" and 55 NULs. */
static int count_pwg_headers(const unsigned char *p, size_t len)
{
	static const unsigned char field[64] = "PwgRaster";
	int n = 0;

	for (size_t i = 0; i + sizeof field <= len; i++)
		n += !memcmp(p + i, field, sizeof field);
	return n;
}

/* Runs a checker over DATA in CHUNK-byte pieces; returns finish's result (or feed's failure). */
static int check_raster(pwg_checker_format_t fmt, const void *data, size_t len, size_t chunk, int *pages,
                        char *err, size_t errsize)
{
	pwg_checker_t *c = pwg_checker_new(fmt);
	const unsigned char *p = data;
	int rc = 0;

	assert_non_null(c);
	for (size_t off = 0; off < len && rc == 0; off += chunk)
		rc = pwg_checker_feed(c, p + off, len - off < chunk ? len - off : chunk);
	if (rc == 0)
		rc = pwg_checker_finish(c);
	if (pages)
		*pages = pwg_checker_pages(c);
	if (err)
		snprintf(err, errsize, "%s", pwg_checker_error(c));
	if (rc == 0)
		assert_string_equal(pwg_checker_error(c), "");
	pwg_checker_free(c);
	return rc;
}

/* The checker must refuse DATA with exactly WANT, however it is chunked. */
static void expect_error(pwg_checker_format_t fmt, const void *data, size_t len, const char *want)
{
	static const size_t chunks[] = {1, 7, 1796, 1 << 30};

	for (size_t i = 0; i < COUNT(chunks); i++) {
		char err[256];

		if (check_raster(fmt, data, len, chunks[i], NULL, err, sizeof err) == 0)
			fail_msg("chunk %zu: accepted, want \"%s\"", chunks[i], want);
		if (strcmp(err, want))
			fail_msg("chunk %zu: got \"%s\", want \"%s\"", chunks[i], err, want);
	}
}

/* ---- a small raster encoder, written from the format descriptions ---------------------------- */

/* A test page: size, bits per pixel, and a picture with flat areas, stripes and noise. */
typedef struct page_spec {
	uint32_t width, height, bpp;
	unsigned pattern;
} page_spec_t;

static unsigned char pixel_byte(const page_spec_t *s, uint32_t x, uint32_t y, uint32_t k)
{
	switch (s->pattern % 4) {
	case 0:
		return 0xff; /* blank */
	case 1:
		return (unsigned char)((x / 5 + y / 3) % 2 ? 0x00 : 0xff); /* checks */
	case 2:
		return (unsigned char)(x * 7 + y * 13 + k * 31); /* noise */
	default:
		return (unsigned char)(y < s->height / 2 ? 0x80 : x % 256); /* half flat, half ramp */
	}
}

/* Encodes one line: runs of 2+ equal units repeat, the rest go literal, 128 units at most each. */
static void encode_line(buf_t *b, const unsigned char *line, uint32_t units, uint32_t unit)
{
	uint32_t i = 0;

	while (i < units) {
		uint32_t run = 1, lit = 1;

		while (i + run < units && run < 128 &&
		       !memcmp(line + (i + run) * unit, line + i * unit, unit))
			run++;
		if (run >= 2 || i + 1 == units) {
			put8(b, run - 1);
			put(b, line + i * unit, unit);
			i += run;
			continue;
		}
		while (i + lit < units && lit < 128 &&
		       !(i + lit + 1 < units &&
		         !memcmp(line + (i + lit) * unit, line + (i + lit + 1) * unit, unit)))
			lit++;
		put8(b, lit == 1 ? 0 : 257 - lit);
		put(b, line + i * unit, lit * unit);
		i += lit;
	}
}

/* Encodes a page's lines, grouping up to 256 equal lines under one line repeat byte. */
static void encode_page(buf_t *b, const page_spec_t *s, uint32_t bytes_per_line)
{
	uint32_t unit = s->bpp < 8 ? 1 : s->bpp / 8, units = bytes_per_line / unit;
	unsigned char *line = malloc(bytes_per_line), *next = malloc(bytes_per_line);

	assert_non_null(line);
	assert_non_null(next);
	for (uint32_t y = 0; y < s->height;) {
		uint32_t rep = 1;

		for (uint32_t i = 0; i < bytes_per_line; i++)
			line[i] = pixel_byte(s, i / unit, y, i % unit);
		while (y + rep < s->height && rep < 256) {
			for (uint32_t i = 0; i < bytes_per_line; i++)
				next[i] = pixel_byte(s, i / unit, y + rep, i % unit);
			if (memcmp(line, next, bytes_per_line))
				break;
			rep++;
		}
		put8(b, rep - 1);
		encode_line(b, line, units, unit);
		y += rep;
	}
	free(next);
	free(line);
}

/* A PWG Raster page header for an sGray, sRGB or Black page of the spec's size. */
static void pwg_header(buf_t *b, const page_spec_t *s, uint32_t total)
{
	unsigned char h[PWG_HDR] = "PwgRaster";
	uint32_t colors = s->bpp == 24 || s->bpp == 48 ? 3 : 1;

	set32(h + H_HWRES, 300);
	set32(h + H_HWRES + 4, 300);
	set32(h + H_WIDTH, s->width);
	set32(h + H_HEIGHT, s->height);
	set32(h + H_BPC, s->bpp / colors);
	set32(h + H_BPP, s->bpp);
	set32(h + H_BPL, (s->width * s->bpp + 7) / 8);
	set32(h + H_SPACE, colors == 3 ? 19 : s->bpp == 1 ? 3 : 18);
	set32(h + H_COLORS, colors);
	set32(h + H_TOTAL, total);
	put(b, h, sizeof h);
}

/* A whole PWG Raster document of N pages. */
static buf_t make_pwg(const page_spec_t *pages, size_t n)
{
	buf_t b = {0};

	put(&b, "RaS2", 4);
	for (size_t i = 0; i < n; i++) {
		pwg_header(&b, &pages[i], (uint32_t)n);
		encode_page(&b, &pages[i], (pages[i].width * pages[i].bpp + 7) / 8);
	}
	return b;
}

/* A whole Apple Raster document: "UNIRAST\0", page count, then 32-byte headers and lines. */
static buf_t make_urf(const page_spec_t *pages, size_t n, uint32_t declared)
{
	buf_t b = {0};

	put(&b, "UNIRAST", 8);
	put32(&b, declared);
	for (size_t i = 0; i < n; i++) {
		put8(&b, pages[i].bpp); /* bits per pixel */
		put8(&b, 1);            /* colorspace */
		put8(&b, 1);            /* duplex */
		put8(&b, 4);            /* quality */
		put32(&b, 0);
		put32(&b, 0);
		put32(&b, pages[i].width);
		put32(&b, pages[i].height);
		put32(&b, 300); /* dots per inch */
		put32(&b, 0);
		put32(&b, 0);
		encode_page(&b, &pages[i], pages[i].width * pages[i].bpp / 8);
	}
	return b;
}

/* ---- sniffing -------------------------------------------------------------------------------- */

static void test_sniff_files(void **state)
{
	static const struct {
		const char *file, *type;
	} cases[] = {
	    {"testfile.pdf", "application/pdf"},
	    {"onepage-a4.pdf", "application/pdf"},
	    {"testfile.jpg", "image/jpeg"},
	    {"testfile.pwg", "image/pwg-raster"},
	    {"document-a4-black-1-300dpi.pwg", "image/pwg-raster"},
	    {"testfile.txt", "text/plain"},
	    {"ipptool-testfile.pdf.gz", NULL},
	    {"ipptool-testfile.pdf.deflate", NULL},
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		size_t len;
		unsigned char *p = read_file(cases[i].file, &len);
		const char *got = docformat_sniff(p, len);

		if (cases[i].type ? !got || strcmp(got, cases[i].type) : got != NULL)
			fail_msg("%s: got %s, want %s", cases[i].file, got ? got : "NULL",
			         cases[i].type ? cases[i].type : "NULL");
		/* the magic numbers alone decide the binary formats */
		if (cases[i].type && strcmp(cases[i].type, "text/plain")) {
			got = docformat_sniff(p, DOCFORMAT_SNIFF_MAGIC);
			assert_non_null(got);
			assert_string_equal(got, cases[i].type);
		}
		free(p);
	}
}

/* One vector per type, and inputs that must stay unknown. */
#define V(s, t)                                                                                              \
	{                                                                                                    \
		s, sizeof(s) - 1, t                                                                          \
	}
static void test_sniff_vectors(void **state)
{
	static const struct {
		const char *data;
		size_t len;
		const char *type;
	} cases[] = {
	    V("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
	    V("%!PS-Adobe-3.0\n", "application/postscript"),
	    V("%!", "application/postscript"),
	    V("\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
	    V("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image/png"),
	    V("RaS2PwgRaster\0\0\0", "image/pwg-raster"),
	    V("UNIRAST\0\0\0\0\1", "image/urf"),
	    V("hello", "text/plain"),
	    V("line one\r\n\tline two\f", "text/plain"),
	    V("gr\xc3\xbc\xc3\x9f dich \xe2\x82\xac \xf0\x9f\x96\xa8\n", "text/plain"),
	    V("cut in the middle \xe2\x82", "text/plain"),
	    V("\xef\xbb\xbfwith a BOM\n", "text/plain"),
	    /* unknown: binary, bad UTF-8, controls, a CUPS Raster sync word, other formats */
	    V("RaS2\0\0\0\0\0\0\0\0\0\0\0\0", NULL),
	    V("RaS3PwgRaster\0\0\0", NULL),
	    V("text with a NUL\0", NULL),
	    V("\x1b%-12345X@PJL\n", NULL),
	    V("overlong \xc0\xaf", NULL),
	    V("surrogate \xed\xa0\x80", NULL),
	    V("too big \xf4\x90\x80\x80", NULL),
	    V("lone \x80 continuation", NULL),
	    V("PK\x03\x04", NULL),
	    V("GIF89a\x01\x00\x01\x00\x80\x00\x00", NULL),
	    V("II*\0", NULL),
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		const char *got = docformat_sniff(cases[i].data, cases[i].len);

		if (cases[i].type ? !got || strcmp(got, cases[i].type) : got != NULL)
			fail_msg("vector %zu: got %s, want %s", i, got ? got : "NULL",
			         cases[i].type ? cases[i].type : "NULL");
	}
}

/* Empty input, and every proper prefix of a magic number, answer NULL: they prove nothing yet. */
static void test_sniff_short(void **state)
{
	static const char *magics[] = {"%PDF-", "\xff\xd8\xff", "\x89PNG\r\n\x1a\n", "RaS2PwgRaster\0",
	                               "UNIRAST\0"};
	static const size_t lens[] = {5, 3, 8, 14, 8};

	assert_null(docformat_sniff(NULL, 0));
	assert_null(docformat_sniff(NULL, 10));
	assert_null(docformat_sniff("x", 0));
	for (size_t i = 0; i < COUNT(magics); i++)
		for (size_t n = 1; n < lens[i]; n++)
			if (docformat_sniff(magics[i], n))
				fail_msg("%zu bytes of magic %zu: %s", n, i, docformat_sniff(magics[i], n));
}

/* Text needs a space or line break once it is 80 bytes long, and only the first 4 KiB count. */
static void test_sniff_text_window(void **state)
{
	char p[DOCFORMAT_SNIFF_TEXT + 16];

	memset(p, 'x', sizeof p);
	assert_string_equal(docformat_sniff(p, 79), "text/plain");
	assert_null(docformat_sniff(p, 80));
	p[40] = ' ';
	assert_string_equal(docformat_sniff(p, sizeof p), "text/plain");
	p[DOCFORMAT_SNIFF_TEXT] = '\0';
	assert_string_equal(docformat_sniff(p, sizeof p), "text/plain");
	p[DOCFORMAT_SNIFF_TEXT - 1] = '\0';
	assert_null(docformat_sniff(p, sizeof p));
}

/* ---- PWG Raster -------------------------------------------------------------------------------- */

/* Real samples: the checker agrees with an independent header count, however they are chunked. */
static void test_pwg_files(void **state)
{
	static const struct {
		const char *file;
		int pages;
	} cases[] = {
	    {"testfile.pwg", 1},
	    {"document-a4-black-1-300dpi.pwg", 2},
	    {"color.jpg-4x6-cmyk-8-300dpi.pwg", 1},
	};
	static const size_t chunks[] = {1, 2, 3, 97, 1796, 4096, 1 << 30};

	for (size_t i = 0; i < COUNT(cases); i++) {
		size_t len;
		unsigned char *p = read_file(cases[i].file, &len);

		assert_int_equal(count_pwg_headers(p, len), cases[i].pages);
		for (size_t k = 0; k < COUNT(chunks); k++) {
			int pages;
			char err[256];

			if (check_raster(PWG_CHECKER_PWG_RASTER, p, len, chunks[k], &pages, err, sizeof err))
				fail_msg("%s, chunk %zu: %s", cases[i].file, chunks[k], err);
			assert_int_equal(pages, cases[i].pages);
		}
		free(p);
	}
}

/* Pages of one document appended to another: the count adds up, and TotalPageCount is only reported. */
static void test_pwg_concatenated(void **state)
{
	size_t len;
	unsigned char *p = read_file("testfile.pwg", &len);
	buf_t b = {0};
	pwg_checker_t *c = pwg_checker_new(PWG_CHECKER_PWG_RASTER);

	put(&b, "RaS2", 4);
	for (int i = 0; i < 5; i++)
		put(&b, p + 4, len - 4);
	assert_int_equal(pwg_checker_feed(c, b.p, b.len), 0);
	assert_int_equal(pwg_checker_finish(c), 0);
	assert_int_equal(pwg_checker_pages(c), 5);
	assert_int_equal(pwg_checker_declared_pages(c), 0);
	pwg_checker_free(c);
	free(b.p);
	free(p);
}

/* Documents from the test encoder: every bit depth, repeats and literals, one-line and one-pixel pages. */
static void test_pwg_encoded(void **state)
{
	static const page_spec_t pages[] = {
	    {300, 200, 8, 0}, {301, 77, 24, 1}, {1000, 600, 1, 1}, {129, 300, 48, 2},
	    {1, 1, 8, 2},     {257, 1, 16, 3},  {8, 513, 1, 3},    {640, 480, 24, 3},
	};
	buf_t b = make_pwg(pages, COUNT(pages));
	pwg_checker_t *c = pwg_checker_new(PWG_CHECKER_PWG_RASTER);
	int n;

	for (size_t chunk = 1; chunk < 20; chunk += 3) {
		assert_int_equal(check_raster(PWG_CHECKER_PWG_RASTER, b.p, b.len, chunk, &n, NULL, 0), 0);
		assert_int_equal(n, (int)COUNT(pages));
	}
	assert_int_equal(count_pwg_headers(b.p, b.len), (int)COUNT(pages));
	assert_int_equal(pwg_checker_feed(c, b.p, b.len), 0);
	assert_int_equal(pwg_checker_declared_pages(c), COUNT(pages));
	pwg_checker_free(c);
	free(b.p);
}

/* Two chunks split at every byte give the same answer as one. */
static void test_pwg_every_split(void **state)
{
	static const page_spec_t pages[] = {{40, 30, 24, 2}, {17, 5, 8, 1}};
	buf_t b = make_pwg(pages, COUNT(pages));

	for (size_t cut = 0; cut <= b.len; cut++) {
		pwg_checker_t *c = pwg_checker_new(PWG_CHECKER_PWG_RASTER);

		assert_int_equal(pwg_checker_feed(c, b.p, cut), 0);
		assert_int_equal(pwg_checker_feed(c, b.p + cut, b.len - cut), 0);
		assert_int_equal(pwg_checker_finish(c), 0);
		assert_int_equal(pwg_checker_pages(c), 2);
		pwg_checker_free(c);
	}
	free(b.p);
}

/* A header field is changed in a copy of testfile.pwg (2550 x 3300, 8-bit sGray, one page). */
typedef struct header_case {
	size_t field;
	uint32_t value;
	const char *want;
} header_case_t;

static void test_pwg_bad_headers(void **state)
{
	static const header_case_t cases[] = {
	    {H_BPL, 100,
	     "PWG Raster: page 1 header at byte 4: BytesPerLine 100 does not match 2550 pixels of 8 bits"},
	    {H_WIDTH, 0, "PWG Raster: page 1 header at byte 4: Width 0 is not between 1 and 1048576"},
	    {H_WIDTH, 1048577,
	     "PWG Raster: page 1 header at byte 4: Width 1048577 is not between 1 and 1048576"},
	    {H_HEIGHT, 0, "PWG Raster: page 1 header at byte 4: Height 0 is not between 1 and 1048576"},
	    {H_HEIGHT, 0xffffffff,
	     "PWG Raster: page 1 header at byte 4: Height 4294967295 is not between 1 and 1048576"},
	    {H_HWRES, 0, "PWG Raster: page 1 header at byte 4: HWResolution 0 is not between 1 and 10000"},
	    {H_HWRES + 4, 10001,
	     "PWG Raster: page 1 header at byte 4: HWResolution 10001 is not between 1 and 10000"},
	    {H_ORDER, 1,
	     "PWG Raster: page 1 header at byte 4: ColorOrder 1 is not 0 (chunky), the only order PWG "
	     "Raster allows"},
	    {H_SPACE, 0, "PWG Raster: page 1 header at byte 4: ColorSpace 0 is not one PWG Raster allows"},
	    {H_SPACE, 63, "PWG Raster: page 1 header at byte 4: ColorSpace 63 is not one PWG Raster allows"},
	    {H_SPACE, 19, "PWG Raster: page 1 header at byte 4: NumColors 1 is not the 3 of ColorSpace 19"},
	    {H_COLORS, 3, "PWG Raster: page 1 header at byte 4: NumColors 3 is not the 1 of ColorSpace 18"},
	    {H_BPC, 4,
	     "PWG Raster: page 1 header at byte 4: BitsPerColor 4 is not allowed with ColorSpace 18"},
	    {H_BPC, 16,
	     "PWG Raster: page 1 header at byte 4: BitsPerPixel 8 is not NumColors 1 x BitsPerColor 16"},
	    {H_BPP, 24,
	     "PWG Raster: page 1 header at byte 4: BitsPerPixel 24 is not NumColors 1 x BitsPerColor 8"},
	    {0, 0x43555053, "PWG Raster: page 1 header at byte 4: the first field is not \"PwgRaster\""},
	};
	size_t len;
	unsigned char *p = read_file("testfile.pwg", &len);

	for (size_t i = 0; i < COUNT(cases); i++) {
		unsigned char *q = malloc(len);

		assert_non_null(q);
		memcpy(q, p, len);
		set32(q + 4 + cases[i].field, cases[i].value);
		expect_error(PWG_CHECKER_PWG_RASTER, q, len, cases[i].want);
		free(q);
	}
	free(p);
}

/* Combinations PWG 5102.4 Table 12 allows pass; 1-bit color does not. */
static void test_pwg_color_table(void **state)
{
	static const struct {
		uint32_t space, colors, bpc;
		bool ok;
	} cases[] = {
	    {3, 1, 1, true},    {18, 1, 1, true},   {1, 3, 8, true},   {6, 4, 16, true},   {20, 3, 16, true},
	    {48, 1, 8, true},   {62, 15, 16, true}, {19, 3, 1, false}, {6, 4, 1, false},   {62, 15, 1, false},
	    {49, 2, 12, false}, {3, 1, 2, false},   {3, 1, 0, false},  {18, 1, 32, false},
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		uint32_t width = 10, bpp = cases[i].bpc * cases[i].colors, bpl = (width * bpp + 7) / 8;
		unsigned char h[PWG_HDR] = "PwgRaster";
		buf_t b = {0};
		int rc;

		set32(h + H_HWRES, 600);
		set32(h + H_HWRES + 4, 600);
		set32(h + H_WIDTH, width);
		set32(h + H_HEIGHT, 1);
		set32(h + H_BPC, cases[i].bpc);
		set32(h + H_BPP, bpp);
		set32(h + H_BPL, bpl);
		set32(h + H_SPACE, cases[i].space);
		set32(h + H_COLORS, cases[i].colors);
		put(&b, "RaS2", 4);
		put(&b, h, sizeof h);
		put8(&b, 0);   /* one line */
		put8(&b, 128); /* all of it blank */
		rc = check_raster(PWG_CHECKER_PWG_RASTER, b.p, b.len, 1 << 30, NULL, NULL, 0);
		if ((rc == 0) != cases[i].ok)
			fail_msg("ColorSpace %u, %u colors, %u bits: %s", cases[i].space, cases[i].colors,
			         cases[i].bpc, rc ? "refused" : "accepted");
		free(b.p);
	}
}

/* The second page's header is blamed with its own offset. */
static void test_pwg_bad_second_header(void **state)
{
	size_t len;
	unsigned char *p = read_file("testfile.pwg", &len);
	buf_t b = {0};
	char want[256];

	put(&b, p, len);
	put(&b, p + 4, len - 4);
	set32(b.p + len + H_BPL, 100);
	snprintf(
	    want, sizeof want,
	    "PWG Raster: page 2 header at byte %zu: BytesPerLine 100 does not match 2550 pixels of 8 bits",
	    len);
	expect_error(PWG_CHECKER_PWG_RASTER, b.p, b.len, want);
	free(b.p);
	free(p);
}

/* Hand-made page data: each byte commented; 4 x 3 pixels of 8-bit sGray. */
static buf_t tiny_pwg(const unsigned char *data, size_t n)
{
	static const page_spec_t spec = {4, 3, 8, 0};
	buf_t b = {0};

	put(&b, "RaS2", 4);
	pwg_header(&b, &spec, 1);
	put(&b, data, n);
	return b;
}

static void test_pwg_bad_data(void **state)
{
	static const unsigned char good[] = {
	    0x01,                   /* lines 1-2: the same line twice */
	    0x03, 0xff,             /* 4 pixels of 0xff */
	    0x00,                   /* line 3 */
	    0xfe, 0x10, 0x20, 0x30, /* 3 literal pixels */
	    0x00, 0x40,             /* 1 pixel */
	};
	static const unsigned char fill[] = {
	    0x02, /* lines 1-3 */
	    0x80, /* blank to the end of the line */
	};
	static const unsigned char long_repeat[] = {
	    0x03,       /* 4 lines on a 3-line page */
	    0x03, 0xff, /* 4 pixels */
	};
	static const unsigned char long_run[] = {
	    0x02,       /* lines 1-3 */
	    0x04, 0xff, /* 5 pixels on a 4-pixel line */
	};
	static const unsigned char long_literal[] = {
	    0x02,       /* lines 1-3 */
	    0x00, 0x01, /* 1 pixel */
	    0xfd,       /* 4 literal pixels, 3 left */
	};
	static const unsigned char extra[] = {
	    0x02, 0x80, /* the whole page */
	    0x00,       /* a byte too many */
	};
	buf_t b;
	int pages;
	char want[256];

	b = tiny_pwg(good, sizeof good);
	assert_int_equal(check_raster(PWG_CHECKER_PWG_RASTER, b.p, b.len, 1, &pages, NULL, 0), 0);
	assert_int_equal(pages, 1);
	free(b.p);
	b = tiny_pwg(fill, sizeof fill);
	assert_int_equal(check_raster(PWG_CHECKER_PWG_RASTER, b.p, b.len, 1, &pages, NULL, 0), 0);
	assert_int_equal(pages, 1);
	free(b.p);
	b = tiny_pwg(long_repeat, sizeof long_repeat);
	expect_error(PWG_CHECKER_PWG_RASTER, b.p, b.len,
	             "PWG Raster: page 1 at byte 1800: line 1 repeats 4 times, past the page's 3 lines");
	free(b.p);
	b = tiny_pwg(long_run, sizeof long_run);
	expect_error(PWG_CHECKER_PWG_RASTER, b.p, b.len,
	             "PWG Raster: page 1 at byte 1801: a run of 5 pixels overflows line 1 (4 of 4 left)");
	free(b.p);
	b = tiny_pwg(long_literal, sizeof long_literal);
	expect_error(PWG_CHECKER_PWG_RASTER, b.p, b.len,
	             "PWG Raster: page 1 at byte 1803: a run of 4 pixels overflows line 1 (3 of 4 left)");
	free(b.p);
	b = tiny_pwg(extra, sizeof extra);
	snprintf(want, sizeof want,
	         "PWG Raster: page 2 header at byte 1802: the document ends after 1 of its 1796 bytes");
	expect_error(PWG_CHECKER_PWG_RASTER, b.p, b.len, want);
	free(b.p);
}

/* 1-bit pages count runs in bytes of eight pixels. */
static void test_pwg_one_bit_units(void **state)
{
	static const page_spec_t spec = {20, 1, 1, 0}; /* 3 bytes a line */
	buf_t b = {0};

	put(&b, "RaS2", 4);
	pwg_header(&b, &spec, 1);
	put8(&b, 0x00); /* one line */
	put8(&b, 0x03); /* 4 bytes: one too many */
	put8(&b, 0xff);
	expect_error(PWG_CHECKER_PWG_RASTER, b.p, b.len,
	             "PWG Raster: page 1 at byte 1801: a run of 4 bytes overflows line 1 (3 of 3 left)");
	b.p[1801] = 0x02; /* 3 bytes */
	assert_int_equal(check_raster(PWG_CHECKER_PWG_RASTER, b.p, b.len, 1, NULL, NULL, 0), 0);
	free(b.p);
}

/* Truncation anywhere is refused at finish, with where it stopped. */
static void test_pwg_truncated(void **state)
{
	size_t len;
	unsigned char *p = read_file("testfile.pwg", &len);
	char err[256];

	for (size_t cut = 0; cut < len; cut += cut < 2000 ? 1 : 101) {
		if (check_raster(PWG_CHECKER_PWG_RASTER, p, cut, 4096, NULL, err, sizeof err) == 0)
			fail_msg("cut at %zu of %zu: accepted", cut, len);
		if (cut == 0)
			assert_string_equal(err, "PWG Raster: the document is empty");
		else if (cut < 4)
			assert_non_null(strstr(err, "the document ends in its sync word"));
		else if (cut == 4)
			assert_string_equal(err, "PWG Raster: the document has no pages");
		else if (cut < 1800)
			assert_non_null(strstr(err, "page 1 header at byte 4: the document ends after"));
		else
			assert_non_null(strstr(err, "of the page's 3300 lines"));
	}
	free(p);
}

/* Garbage: a bad sync word, trailing bytes, a second header that is not one. */
static void test_pwg_garbage(void **state)
{
	size_t len;
	unsigned char *p = read_file("testfile.pwg", &len);
	unsigned char *q = malloc(len + 2000);
	char want[256];

	assert_non_null(q);
	expect_error(PWG_CHECKER_PWG_RASTER, "RaS3", 4,
	             "PWG Raster: sync word at byte 0 is 0x52615333, not \"RaS2\"");
	expect_error(PWG_CHECKER_PWG_RASTER, "%PDF-1.7\n", 9,
	             "PWG Raster: sync word at byte 0 is 0x25504446, not \"RaS2\"");
	memcpy(q, p, len);
	memset(q + len, 'x', 2000);
	snprintf(want, sizeof want,
	         "PWG Raster: page 2 header at byte %zu: the document ends after 5 of its 1796 bytes", len);
	expect_error(PWG_CHECKER_PWG_RASTER, q, len + 5, want);
	snprintf(want, sizeof want,
	         "PWG Raster: page 2 header at byte %zu: the first field is not \"PwgRaster\"", len);
	expect_error(PWG_CHECKER_PWG_RASTER, q, len + 2000, want);
	free(q);
	free(p);
}

/* Errors stick; NULL is refused; an unknown format gets no checker. */
static void test_pwg_api(void **state)
{
	pwg_checker_t *c = pwg_checker_new(PWG_CHECKER_PWG_RASTER);

	assert_int_equal(pwg_checker_feed(c, "RaS1", 4), -1);
	assert_int_equal(pwg_checker_feed(c, "RaS2", 4), -1);
	assert_int_equal(pwg_checker_finish(c), -1);
	assert_string_equal(pwg_checker_error(c),
	                    "PWG Raster: sync word at byte 0 is 0x52615331, not \"RaS2\"");
	pwg_checker_free(c);
	c = pwg_checker_new(PWG_CHECKER_PWG_RASTER);
	assert_int_equal(pwg_checker_feed(c, NULL, 0), 0);
	assert_string_equal(pwg_checker_error(c), "");
	pwg_checker_free(c);
	assert_null(pwg_checker_new((pwg_checker_format_t)7));
	assert_int_equal(pwg_checker_feed(NULL, "RaS2", 4), -1);
	assert_int_equal(pwg_checker_finish(NULL), -1);
	assert_int_equal(pwg_checker_pages(NULL), 0);
	assert_int_equal(pwg_checker_declared_pages(NULL), 0);
	assert_string_equal(pwg_checker_error(NULL), "");
	pwg_checker_free(NULL);
}

/* ---- Apple Raster -------------------------------------------------------------------------------- */

static void test_urf_encoded(void **state)
{
	static const page_spec_t pages[] = {
	    {300, 200, 24, 0}, {301, 77, 8, 1}, {129, 300, 64, 2},
	    {1, 1, 32, 2},     {257, 3, 16, 3}, {640, 480, 48, 3},
	};
	buf_t b = make_urf(pages, COUNT(pages), COUNT(pages));
	pwg_checker_t *c = pwg_checker_new(PWG_CHECKER_URF);
	int n;

	assert_string_equal(docformat_sniff(b.p, b.len), "image/urf");
	for (size_t chunk = 1; chunk < 40; chunk += 6) {
		assert_int_equal(check_raster(PWG_CHECKER_URF, b.p, b.len, chunk, &n, NULL, 0), 0);
		assert_int_equal(n, (int)COUNT(pages));
	}
	assert_int_equal(pwg_checker_feed(c, b.p, 12), 0);
	assert_int_equal(pwg_checker_declared_pages(c), COUNT(pages));
	pwg_checker_free(c);
	for (size_t cut = 0; cut <= 200; cut++) {
		c = pwg_checker_new(PWG_CHECKER_URF);
		assert_int_equal(pwg_checker_feed(c, b.p, cut), 0);
		assert_int_equal(pwg_checker_feed(c, b.p + cut, b.len - cut), 0);
		assert_int_equal(pwg_checker_finish(c), 0);
		assert_int_equal(pwg_checker_pages(c), (int)COUNT(pages));
		pwg_checker_free(c);
	}
	free(b.p);
}

/* The page count in the file header is reported, not enforced: streaming producers write 0. */
static void test_urf_declared(void **state)
{
	static const page_spec_t pages[] = {{10, 10, 24, 1}, {10, 10, 24, 2}};
	buf_t b = make_urf(pages, COUNT(pages), 0);
	pwg_checker_t *c = pwg_checker_new(PWG_CHECKER_URF);

	assert_int_equal(pwg_checker_feed(c, b.p, b.len), 0);
	assert_int_equal(pwg_checker_finish(c), 0);
	assert_int_equal(pwg_checker_pages(c), 2);
	assert_int_equal(pwg_checker_declared_pages(c), 0);
	pwg_checker_free(c);
	free(b.p);
}

/* The line from the public URF notes: 0x80 fills the rest of the line; page headers are checked. */
static void test_urf_bad(void **state)
{
	static const unsigned char header[] = {
	    'U',  'N',  'I',  'R',  'A', 'S', 'T', 0, /* magic */
	    0x00, 0x00, 0x00, 0x01,                   /* 1 page */
	    0x18,                                     /* 24 bits per pixel */
	    0x01,                                     /* colorspace */
	    0x00,                                     /* duplex */
	    0x04,                                     /* quality */
	    0x00, 0x00, 0x00, 0x01,                   /* unknown */
	    0x00, 0x00, 0x00, 0x00,                   /* unknown */
	    0x00, 0x00, 0x13, 0xec,                   /* width 5100 */
	    0x00, 0x00, 0x19, 0xc8,                   /* height 6600 */
	    0x00, 0x00, 0x02, 0x58,                   /* 600 dpi */
	    0x00, 0x00, 0x00, 0x00,                   /* reserved */
	    0x00, 0x00, 0x00, 0x00,                   /* reserved */
	};
	unsigned char doc[sizeof header + 64];
	size_t n = sizeof header;
	int pages;
	char err[256];

	memcpy(doc, header, sizeof header);
	/* 6600 lines: 25 blank lines of 256 and one of 200 */
	for (int i = 0; i < 25; i++) {
		doc[n++] = 0xff;
		doc[n++] = 0x80;
	}
	doc[n++] = 0xc7;
	doc[n++] = 0x80;
	assert_int_equal(check_raster(PWG_CHECKER_URF, doc, n, 1, &pages, err, sizeof err), 0);
	assert_int_equal(pages, 1);
	doc[n - 2] = 0xc8; /* 201 lines: one too many */
	expect_error(
	    PWG_CHECKER_URF, doc, n,
	    "Apple Raster: page 1 at byte 94: line 6401 repeats 201 times, past the page's 6600 lines");
	doc[n - 2] = 0xc6; /* 199 lines: one short */
	expect_error(
	    PWG_CHECKER_URF, doc, n,
	    "Apple Raster: page 1 at byte 96: the document ends after 6599 of the page's 6600 lines");
	memcpy(doc, header, sizeof header);
	doc[12] = 7;
	expect_error(
	    PWG_CHECKER_URF, doc, sizeof header,
	    "Apple Raster: page 1 header at byte 12: bits per pixel 7 is not 8, 16, 24, 32, 48 or 64");
	doc[12] = 24;
	set32(doc + 24, 0);
	expect_error(PWG_CHECKER_URF, doc, sizeof header,
	             "Apple Raster: page 1 header at byte 12: width 0 is not between 1 and 1048576");
	set32(doc + 24, 5100);
	set32(doc + 28, 2000000);
	expect_error(PWG_CHECKER_URF, doc, sizeof header,
	             "Apple Raster: page 1 header at byte 12: height 2000000 is not between 1 and 1048576");
	set32(doc + 28, 6600);
	set32(doc + 32, 0);
	expect_error(PWG_CHECKER_URF, doc, sizeof header,
	             "Apple Raster: page 1 header at byte 12: resolution 0 is not between 1 and 10000");
	expect_error(PWG_CHECKER_URF, "UNIRAS", 6,
	             "Apple Raster: the document ends in its file header, after 6 bytes");
	expect_error(PWG_CHECKER_URF, "RaS2PwgRaster", 13,
	             "Apple Raster: file header at byte 0 does not start with \"UNIRAST\\0\"");
	expect_error(PWG_CHECKER_URF, header, 12, "Apple Raster: the document has no pages");
	expect_error(PWG_CHECKER_URF, header, 20,
	             "Apple Raster: page 1 header at byte 12: the document ends after 8 of its 32 bytes");
	expect_error(PWG_CHECKER_URF, "", 0, "Apple Raster: the document is empty");
}

/* ---- JPEG ---------------------------------------------------------------------------------------- */

/* testfile.jpg: 288 x 432, 3 components (file(1) agrees); the frame header is at byte 2752. */
static void test_jpeg_file(void **state)
{
	size_t len;
	unsigned char *p = read_file("testfile.jpg", &len);
	int w, h, comps, rc = 0;
	size_t at = 0;
	char err[160];
	jpeg_checker_t *j = jpeg_checker_new();

	assert_int_equal(docformat_jpeg_info(p, len, &w, &h, &comps, err, sizeof err), 1);
	assert_int_equal(w, 288);
	assert_int_equal(h, 432);
	assert_int_equal(comps, 3);
	assert_string_equal(err, "");
	while (rc == 0 && at < len)
		rc = jpeg_checker_feed(j, p + at++, 1);
	assert_int_equal(rc, 1);
	assert_int_equal(at, 2752 + 2 + 2 + 6); /* marker, length, P Y X Nf */
	assert_int_equal(jpeg_checker_finish(j), 0);
	jpeg_checker_info(j, &w, &h, &comps);
	assert_int_equal(w * 10000 + h * 10 + comps, 288 * 10000 + 432 * 10 + 3);
	assert_int_equal(jpeg_checker_feed(j, p, len), 1);
	jpeg_checker_free(j);
	for (size_t n = 0; n < at; n++) {
		assert_int_equal(docformat_jpeg_info(p, n, &w, &h, &comps, err, sizeof err), 0);
		assert_int_equal(w + h + comps, 0);
	}
	free(p);
}

/* Hand-made JPEG heads, each byte commented, and the sentence each must produce. */
static void test_jpeg_bad(void **state)
{
	static const struct {
		unsigned char data[40];
		size_t len;
		int rc;
		const char *want;
	} cases[] = {
	    {{0xff, 0xd8,                         /* SOI */
	      0xff, 0xff, 0xc0, 0x00, 0x0b,       /* a fill byte, SOF0, length 11 */
	      0x08, 0x00, 0x02, 0x00, 0x03, 0x01, /* 8 bits, 2 lines, 3 pixels, 1 component */
	      0x01, 0x11, 0x00},                  /* component 1 */
	     16,
	     1,
	     ""},
	    {{0x89, 'P', 'N', 'G'}, 4, -1, "JPEG: no SOI marker (0xffd8) at byte 0"},
	    {{0xff, 0xd9}, 2, -1, "JPEG: no SOI marker (0xffd8) at byte 0"},
	    {{0xff, 0xd8,              /* SOI */
	      0xff, 0xda, 0x00, 0x08}, /* SOS */
	     6,
	     -1,
	     "JPEG: marker 0xffda at byte 2 before any frame header (SOF)"},
	    {{0xff, 0xd8, 0xff, 0xd9}, 4, -1, "JPEG: marker 0xffd9 at byte 2 before any frame header (SOF)"},
	    {{0xff, 0xd8, 0xff, 0xd0}, 4, -1, "JPEG: marker 0xffd0 at byte 2 before any frame header (SOF)"},
	    {{0xff, 0xd8, 0xff, 0x00}, 4, -1, "JPEG: marker 0xff00 at byte 2 before any frame header (SOF)"},
	    {{0xff, 0xd8,              /* SOI */
	      0xff, 0xe0, 0x00, 0x01}, /* APP0 with length 1 */
	     6,
	     -1,
	     "JPEG: marker 0xffe0 at byte 2: segment length 1 is too short"},
	    {{0xff, 0xd8,                   /* SOI */
	      0xff, 0xe1, 0x00, 0x04, 1, 2, /* APP1, 2 bytes */
	      0x12},                        /* not a marker */
	     9,
	     -1,
	     "JPEG: expected a marker at byte 8, found 0x12"},
	    {{0xff, 0xd8,              /* SOI */
	      0xff, 0xc0, 0x00, 0x07}, /* SOF0, length 7 */
	     6,
	     -1,
	     "JPEG: marker 0xffc0 at byte 2: segment length 7 is too short"},
	    {{0xff, 0xd8,                          /* SOI */
	      0xff, 0xc2, 0x00, 0x0e,              /* SOF2, length 14 */
	      0x08, 0x00, 0x02, 0x00, 0x03, 0x01}, /* 1 component: length should be 11 */
	     12,
	     -1,
	     "JPEG: SOF2 at byte 2: segment length 14 does not match 1 components"},
	    {{0xff, 0xd8,                          /* SOI */
	      0xff, 0xc0, 0x00, 0x0b,              /* SOF0 */
	      0x08, 0x00, 0x00, 0x00, 0x03, 0x01}, /* height 0 */
	     12,
	     -1,
	     "JPEG: SOF0 at byte 2: height 0 (set later by a DNL marker) is not supported"},
	    {{0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x02, 0x00, 0x00, 0x01}, /* width 0 */
	     12,
	     -1,
	     "JPEG: SOF0 at byte 2: width 0"},
	    {{0xff, 0xd8, 0xff, 0xc1, 0x00, 0x17, 0x08, 0x00, 0x02, 0x00, 0x03, 0x05}, /* 5 components */
	     12,
	     -1,
	     "JPEG: SOF1 at byte 2: 5 components, not 1 to 4"},
	    {{0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x0c, 0x00, 0x02, 0x00, 0x03,
	      0x01}, /* 12 bits in baseline */
	     12,
	     -1,
	     "JPEG: SOF0 at byte 2: sample precision 12 is not allowed"},
	    {{0xff, 0xd8, 0xff, 0xc1, 0x00, 0x0b, 0x0c, 0x00, 0x02, 0x00, 0x03, 0x01, 0x01, 0x11,
	      0x00}, /* 12 */
	     15,
	     1,
	     ""},
	    {{0xff, 0xd8, 0xff, 0xc3, 0x00, 0x0b}, /* lossless */
	     6,
	     -1,
	     "JPEG: frame type SOF3 at byte 2 is not baseline, extended or progressive Huffman"},
	    {{0xff, 0xd8, 0xff, 0xc9}, /* arithmetic */
	     4,
	     -1,
	     "JPEG: frame type SOF9 at byte 2 is not baseline, extended or progressive Huffman"},
	    {{0xff, 0xd8,                               /* SOI */
	      0xff, 0xc4, 0x00, 0x02,                   /* empty DHT */
	      0xff, 0x01,                               /* TEM */
	      0xff, 0xfe, 0x00, 0x04, 'h',  'i',        /* COM */
	      0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, /* SOF0: 1 line */
	      0x00, 0x01, 0x01},                        /* 1 pixel, 1 component */
	     24,
	     1,
	     ""},
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		char err[160];
		int w, h, c;
		int rc = docformat_jpeg_info(cases[i].data, cases[i].len, &w, &h, &c, err, sizeof err);

		if (rc != cases[i].rc || strcmp(err, cases[i].want))
			fail_msg("case %zu: got %d \"%s\", want %d \"%s\"", i, rc, err, cases[i].rc,
			         cases[i].want);
		for (size_t chunk = 1; chunk < cases[i].len; chunk++) {
			jpeg_checker_t *j = jpeg_checker_new();
			int r = 0;

			for (size_t off = 0; off < cases[i].len && r == 0; off += chunk)
				r = jpeg_checker_feed(j, cases[i].data + off,
				                      cases[i].len - off < chunk ? cases[i].len - off
				                                                 : chunk);
			assert_int_equal(r, cases[i].rc);
			assert_string_equal(jpeg_checker_error(j), cases[i].want);
			jpeg_checker_free(j);
		}
	}
}

/* An image that ends before its frame header fails at finish; errors stick; NULL is refused. */
static void test_jpeg_finish(void **state)
{
	jpeg_checker_t *j = jpeg_checker_new();
	int w = 1, h = 1, c = 1;

	assert_int_equal(jpeg_checker_finish(j), -1);
	assert_string_equal(jpeg_checker_error(j), "JPEG: the image is empty");
	jpeg_checker_free(j);
	j = jpeg_checker_new();
	assert_int_equal(jpeg_checker_feed(j, "\xff\xd8\xff\xe0\x00\x10JF", 8), 0);
	assert_int_equal(jpeg_checker_finish(j), -1);
	assert_string_equal(jpeg_checker_error(j),
	                    "JPEG: the image ends at byte 8 before any frame header (SOF)");
	assert_int_equal(jpeg_checker_feed(j, "IF", 2), -1);
	jpeg_checker_info(j, &w, &h, &c);
	assert_int_equal(w + h + c, 0);
	jpeg_checker_free(j);
	jpeg_checker_free(NULL);
	assert_int_equal(jpeg_checker_feed(NULL, "", 0), -1);
	assert_int_equal(jpeg_checker_finish(NULL), -1);
	assert_string_equal(jpeg_checker_error(NULL), "");
	jpeg_checker_info(NULL, NULL, NULL, NULL);
	assert_int_equal(docformat_jpeg_info(NULL, 0, NULL, NULL, NULL, NULL, 0), 0);
}

/* ---- PDF ------------------------------------------------------------------------------------- */

/* A file of tests/data/pdf (documents made from ours by qpdf: linearized, object streams). */
static unsigned char *read_pdf_fixture(const char *name, size_t *len)
{
	char rel[256];
	snprintf(rel, sizeof rel, "../pdf/%s", name);
	return read_file(rel, len);
}

/* Runs the PDF checker over DATA in CHUNK-byte pieces: the result of finish, and the pages. */
static int check_pdf(const void *data, size_t len, size_t chunk, int *pages, char *err, size_t errsize)
{
	pdf_checker_t *c = pdf_checker_new();
	const unsigned char *p = data;
	int rc = 0;

	assert_non_null(c);
	for (size_t off = 0; off < len && rc == 0; off += chunk)
		rc = pdf_checker_feed(c, p + off, len - off < chunk ? len - off : chunk);
	if (rc == 0)
		rc = pdf_checker_finish(c);
	*pages = pdf_checker_pages(c);
	if (err)
		snprintf(err, errsize, "%s", pdf_checker_error(c));
	pdf_checker_free(c);
	return rc;
}

static void expect_pdf_pages(const void *data, size_t len, int want, const char *what)
{
	static const size_t chunks[] = {1, 2, 7, 64, 1000, 4096, (size_t)1 << 30};
	for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		int pages = -2;
		char err[256];
		if (check_pdf(data, len, chunks[i], &pages, err, sizeof err) != 0)
			fail_msg("%s in %zu-byte chunks: %s", what, chunks[i], err);
		if (pages != want)
			fail_msg("%s in %zu-byte chunks: %d pages, want %d", what, chunks[i], pages, want);
	}
}

static void expect_pdf_error(const void *data, size_t len, const char *want)
{
	int pages;
	char err[256];
	assert_int_equal(check_pdf(data, len, 3, &pages, err, sizeof err), -1);
	assert_int_equal(pages, -1);
	if (!strstr(err, want))
		fail_msg("error \"%s\" does not contain \"%s\"", err, want);
}

/*
 * Our sample PDFs (page counts from Ghostscript's pdfpagecount), and qpdf's rewrites of them:
 * linearized, with object streams (the page tree only inside a compressed /ObjStm, the trailer
 * a cross-reference stream), and both.
 */
static void test_pdf_files(void **state)
{
	static const struct {
		const char *file;
		bool fixture;
		int pages;
	} cases[] = {
	    {"testfile.pdf", false, 1},
	    {"onepage-a4.pdf", false, 1},
	    {"onepage-letter.pdf", false, 1},
	    {"document-a4.pdf", false, 2},
	    {"document-letter.pdf", false, 2},
	    {"document-a4-linearized.pdf", true, 2},
	    {"document-a4-objstm.pdf", true, 2},
	    {"document-letter-objstm-linearized.pdf", true, 2},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len;
		unsigned char *p = cases[i].fixture ? read_pdf_fixture(cases[i].file, &len) : read_file(cases[i].file, &len);
		expect_pdf_pages(p, len, cases[i].pages, cases[i].file);
		free(p);
	}
}

/* pdf_checker_feed(two chunks split at every byte): the object stream is inflated across any split. */
static void test_pdf_every_split(void **state)
{
	size_t len;
	unsigned char *p = read_pdf_fixture("document-a4-objstm.pdf", &len);
	(void)state;
	for (size_t cut = 0; cut <= len; cut++) {
		pdf_checker_t *c = pdf_checker_new();
		assert_int_equal(pdf_checker_feed(c, p, cut), 0);
		assert_int_equal(pdf_checker_feed(c, p + cut, len - cut), 0);
		assert_int_equal(pdf_checker_finish(c), 0);
		assert_int_equal(pdf_checker_pages(c), 2);
		assert_string_equal(pdf_checker_version(c), "1.7");
		pdf_checker_free(c);
	}
	free(p);
}

/* Every prefix of a PDF is refused, but those that still end with the final %%EOF. */
static void test_pdf_truncated(void **state)
{
	size_t len;
	unsigned char *p = read_file("testfile.pdf", &len);
	size_t eof_end = 0;
	(void)state;
	for (size_t i = 0; i + 5 <= len; i++)
		if (memcmp(p + i, "%%EOF", 5) == 0)
			eof_end = i + 5;
	assert_true(eof_end > 0);
	for (size_t cut = 0; cut < len; cut++) {
		int pages;
		int rc = check_pdf(p, cut, 4096, &pages, NULL, 0);
		assert_int_equal(rc, cut >= eof_end ? 0 : -1);
	}
	expect_pdf_error(p, 5, "before its %PDF-x.y header is complete");
	expect_pdf_error(p, 0, "before its %PDF-x.y header is complete");
	expect_pdf_error(p, len / 2, "no %%EOF in the last 1024 bytes");
	free(p);
}

/* Headers that are not "%PDF-1.0" to "%PDF-1.7" or "%PDF-2.0", at byte 0. */
static void test_pdf_bad_header(void **state)
{
	static const char *const bad[] = {"%!PS-Adobe-3.0\n", "%PDF-3.0\n", "%PDF-1.8\n", "%PDF-1x7\n",
	                                  " %PDF-1.7\n", "hello world\n", "%PDF-2.1\n"};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t len;
		unsigned char *p = read_file("testfile.pdf", &len);
		size_t n = strlen(bad[i]);
		buf_t b = {0};
		put(&b, bad[i], n);
		assert_int_equal(memcmp(p, "%PDF-1.7\n", 9), 0);
		put(&b, p + 9, len - 9); /* the rest after "%PDF-1.7\n" */
		expect_pdf_error(b.p, b.len, bad[i][1] == 'P' && bad[i][0] == '%' ? "names no PDF version" : "does not start with %PDF-");
		free(b.p);
		free(p);
	}
	for (const char *const *ok = (const char *const[]){"%PDF-1.0", "%PDF-1.7", "%PDF-2.0", NULL}; *ok; ok++) {
		size_t len;
		unsigned char *p = read_file("testfile.pdf", &len);
		memcpy(p, *ok, 8);
		expect_pdf_pages(p, len, 1, *ok);
		free(p);
	}
}

/* Replaces the last occurrence of FROM by TO (same length) in P. */
static void replace_last(unsigned char *p, size_t len, const char *from, const char *to)
{
	size_t n = strlen(from);
	assert_int_equal(strlen(to), n);
	for (size_t i = len - n + 1; i-- > 0;)
		if (memcmp(p + i, from, n) == 0) {
			memcpy(p + i, to, n);
			return;
		}
	fail_msg("no \"%s\" to replace", from);
}

/* The end of the file: %%EOF, startxref and its offset, a trailer. */
static void test_pdf_bad_end(void **state)
{
	static const struct {
		const char *from, *to, *want;
	} cases[] = {
	    {"%%EOF", "%%EOX", "no %%EOF in the last 1024 bytes"},
	    {"startxref", "startxrex", "no startxref before the final %%EOF"},
	    {"trailer", "trailex", "no trailer dictionary and no cross-reference stream"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len;
		unsigned char *p = read_file("testfile.pdf", &len);
		replace_last(p, len, cases[i].from, cases[i].to);
		expect_pdf_error(p, len, cases[i].want);
		free(p);
	}
	/* startxref with no offset, and with one that is not before itself. */
	buf_t b = {0};
	const char *body = "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
	                   "2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R /Size 3>>\n";
	put(&b, body, strlen(body));
	put(&b, "startxref\n%%EOF\n", 16);
	expect_pdf_error(b.p, b.len, "is not followed by a byte offset");
	b.len = strlen(body);
	put(&b, "startxref\n99999\n%%EOF\n", 22);
	expect_pdf_error(b.p, b.len, "not before itself");
	b.len = strlen(body);
	put(&b, "startxref\n9\n%%EOF\n", 18);
	expect_pdf_pages(b.p, b.len, 0, "a PDF of no page");
	/* Junk after %%EOF within the last 1024 bytes is tolerated, as readers do. */
	put(&b, "\0\0\0garbage\n", 11);
	expect_pdf_pages(b.p, b.len, 0, "junk after %%EOF");
	free(b.p);
}

/* A minimal PDF with `n` pages built by hand; `count` is what its page tree's root says. */
static void minimal_pdf(buf_t *b, int n, const char *count, const char *extra_page_text)
{
	char s[512];
	put(b, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 15);
	put(b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", 49);
	snprintf(s, sizeof s, "2 0 obj\n<< /Type /Pages /Kids [");
	put(b, s, strlen(s));
	for (int i = 0; i < n; i++) {
		snprintf(s, sizeof s, "%d 0 R ", 10 + i);
		put(b, s, strlen(s));
	}
	snprintf(s, sizeof s, "] /Count %s >>\nendobj\n", count);
	put(b, s, strlen(s));
	for (int i = 0; i < n; i++) {
		snprintf(s, sizeof s,
		         "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>\nendobj\n", 10 + i);
		put(b, s, strlen(s));
	}
	put(b, extra_page_text, strlen(extra_page_text));
	snprintf(s, sizeof s, "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
	         10 + n, b->len);
	put(b, s, strlen(s));
}

/*
 * Text that looks like page objects inside a stream, a string and a comment is not counted;
 * with /Count indirect, the /Type /Page objects are counted instead, and with /Length
 * indirect the stream is skipped by looking for "endstream".
 */
static void test_pdf_hidden_pages(void **state)
{
	static const char stream_direct[] =
	    "3 0 obj\n<< /Length 58 >>\nstream\n"
	    "BT (<< /Type /Page >>) Tj ET %<< /Type /Pages /Count 7 >>\n"
	    "\nendstream\nendobj\n"
	    "4 0 obj\n(<< /Type /Pages /Count 9 >> \\) /Type /Page) endobj\n"
	    "% 5 0 obj << /Type /Page >> endobj\n";
	static const char stream_indirect[] =
	    "3 0 obj\n<< /Length 5 0 R >>\nstream\r\n"
	    "1 0 obj << /Type /Catalog /Pages 8 0 R >> endobj 8 0 obj << /Type /Page >>\n"
	    "endstream\nendobj\n5 0 obj 76 endobj\n";
	(void)state;
	buf_t b = {0};
	minimal_pdf(&b, 3, "3", stream_direct);
	expect_pdf_pages(b.p, b.len, 3, "hidden pages, /Count 3");
	b.len = 0;
	minimal_pdf(&b, 3, "6 0 R", stream_direct);
	expect_pdf_pages(b.p, b.len, 3, "hidden pages, /Count indirect");
	b.len = 0;
	minimal_pdf(&b, 2, "6 0 R", stream_indirect);
	expect_pdf_pages(b.p, b.len, 2, "a stream of indirect /Length");
	b.len = 0;
	minimal_pdf(&b, 2, "2", stream_indirect);
	expect_pdf_pages(b.p, b.len, 2, "a stream of indirect /Length, /Count 2");
	free(b.p);
}

/*
 * Incremental updates (ISO 32000-1 §7.5.6): an update that adds a page redefines the page
 * tree's root, and the latest definition wins; an update that changes something else keeps
 * the count.  Page objects are no longer counted once there are two revisions.
 */
static void test_pdf_incremental(void **state)
{
	char s[512];
	buf_t b = {0};
	(void)state;
	minimal_pdf(&b, 1, "1", "");
	size_t first = b.len;
	snprintf(s, sizeof s,
	         "2 0 obj\n<< /Type /Pages /Kids [10 0 R 11 0 R] /Count 2 >>\nendobj\n"
	         "11 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
	         "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 12 /Root 1 0 R /Prev 100 >>\nstartxref\n%zu\n%%%%EOF\n",
	         first + 120);
	put(&b, s, strlen(s));
	expect_pdf_pages(b.p, b.len, 2, "an update adding a page");
	/* Cut after the first revision's %%EOF: that is a complete PDF of one page. */
	expect_pdf_pages(b.p, first, 1, "the first revision");

	b.len = first;
	snprintf(s, sizeof s,
	         "20 0 obj\n<< /Producer (ippd test) >>\nendobj\n"
	         "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 21 /Root 1 0 R /Info 20 0 R /Prev 100 >>\nstartxref\n%zu\n%%%%EOF\n",
	         first + 50);
	put(&b, s, strlen(s));
	expect_pdf_pages(b.p, b.len, 1, "an update of the Info dictionary");
	free(b.p);
}

/*
 * Object streams that cannot be read: a broken compressed stream or a predictor.  The
 * structure is still a PDF (accepted), but the page tree is inside: pages unknown (-1).
 */
static void test_pdf_objstm_unreadable(void **state)
{
	size_t len;
	unsigned char *p = read_pdf_fixture("document-a4-objstm.pdf", &len);
	(void)state;
	unsigned char *s = NULL;
	for (size_t i = 0; i + 7 <= len && !s; i++)
		if (memcmp(p + i, "stream\n", 7) == 0 && (i == 0 || p[i - 1] != 'd'))
			s = p + i + 7;
	assert_non_null(s);
	/* The first stream of the qpdf file is the object stream: break its deflate data. */
	unsigned char *q = memmem(p, len, "/ObjStm", 7);
	assert_non_null(q);
	assert_true(q < s);
	s[2] ^= 0xff;
	s[3] ^= 0xff;
	int pages;
	assert_int_equal(check_pdf(p, len, 4096, &pages, NULL, 0), 0);
	assert_int_equal(pages, -1);
	free(p);
}

/* NULL arguments, sticky errors, data after the end. */
static void test_pdf_api(void **state)
{
	(void)state;
	pdf_checker_free(NULL);
	assert_int_equal(pdf_checker_feed(NULL, "x", 1), -1);
	assert_int_equal(pdf_checker_finish(NULL), -1);
	assert_int_equal(pdf_checker_pages(NULL), -1);
	assert_string_equal(pdf_checker_error(NULL), "");
	assert_string_equal(pdf_checker_version(NULL), "");

	pdf_checker_t *c = pdf_checker_new();
	assert_string_equal(pdf_checker_version(c), "");
	assert_int_equal(pdf_checker_feed(c, "%PDF-9.9 junk", 13), -1);
	assert_int_equal(pdf_checker_feed(c, "more", 4), -1);
	assert_int_equal(pdf_checker_finish(c), -1);
	assert_non_null(strstr(pdf_checker_error(c), "byte 0"));
	pdf_checker_free(c);

	size_t len;
	unsigned char *p = read_file("testfile.pdf", &len);
	c = pdf_checker_new();
	assert_int_equal(pdf_checker_pages(c), -1);
	assert_int_equal(pdf_checker_feed(c, p, len), 0);
	assert_int_equal(pdf_checker_finish(c), 0);
	assert_int_equal(pdf_checker_finish(c), 0);
	assert_int_equal(pdf_checker_pages(c), 1);
	assert_string_equal(pdf_checker_version(c), "1.7");
	assert_int_equal(pdf_checker_feed(c, "x", 1), -1);
	assert_non_null(strstr(pdf_checker_error(c), "after the end"));
	pdf_checker_free(c);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_sniff_files, "docformat_sniff(every file in tests/data/docs)"),
	    TEST(test_sniff_vectors, "docformat_sniff(one vector per type, unknown inputs)"),
	    TEST(test_sniff_short, "docformat_sniff(empty input, prefixes of magic numbers)"),
	    TEST(test_sniff_text_window, "docformat_sniff(text w/o spaces, the 4 KiB window)"),
	    TEST(test_pwg_files, "pwg_checker_feed(real PWG Raster samples, every chunking)"),
	    TEST(test_pwg_concatenated, "pwg_checker_feed(five pages appended)"),
	    TEST(test_pwg_encoded, "pwg_checker_feed(encoded pages of every bit depth)"),
	    TEST(test_pwg_every_split, "pwg_checker_feed(two chunks split at every byte)"),
	    TEST(test_pwg_bad_headers, "pwg_checker_feed(bad page header fields)"),
	    TEST(test_pwg_color_table, "pwg_checker_feed(PWG 5102.4 Table 12 combinations)"),
	    TEST(test_pwg_bad_second_header, "pwg_checker_feed(bad header on page 2)"),
	    TEST(test_pwg_bad_data, "pwg_checker_feed(line repeats and runs past the page)"),
	    TEST(test_pwg_one_bit_units, "pwg_checker_feed(1-bit runs count bytes)"),
	    TEST(test_pwg_truncated, "pwg_checker_finish(truncated anywhere)"),
	    TEST(test_pwg_garbage, "pwg_checker_feed(bad sync word, trailing garbage)"),
	    TEST(test_pwg_api, "pwg_checker_feed(sticky errors, NULL arguments)"),
	    TEST(test_urf_encoded, "pwg_checker_feed(Apple Raster pages of every bit depth)"),
	    TEST(test_urf_declared, "pwg_checker_declared_pages(Apple Raster w/page count 0)"),
	    TEST(test_urf_bad, "pwg_checker_feed(Apple Raster bad headers, line repeats, truncation)"),
	    TEST(test_jpeg_file, "docformat_jpeg_info(testfile.jpg, every prefix)"),
	    TEST(test_jpeg_bad, "jpeg_checker_feed(bad markers and frame headers, every chunking)"),
	    TEST(test_jpeg_finish, "jpeg_checker_finish(truncated, empty, NULL arguments)"),
	    TEST(test_pdf_files, "pdf_checker_feed(our PDFs, linearized, object streams; every chunking)"),
	    TEST(test_pdf_every_split, "pdf_checker_feed(object streams split at every byte)"),
	    TEST(test_pdf_truncated, "pdf_checker_finish(every prefix)"),
	    TEST(test_pdf_bad_header, "pdf_checker_feed(bad and good headers)"),
	    TEST(test_pdf_bad_end, "pdf_checker_finish(no %%EOF, no startxref, bad offset, no trailer, junk)"),
	    TEST(test_pdf_hidden_pages, "pdf_checker_pages(page-like text in streams, strings, comments)"),
	    TEST(test_pdf_incremental, "pdf_checker_pages(incremental updates)"),
	    TEST(test_pdf_objstm_unreadable, "pdf_checker_pages(a broken object stream: unknown)"),
	    TEST(test_pdf_api, "pdf_checker_feed(sticky errors, NULL arguments, data after the end)"),
	};

	return cmocka_run_group_tests_name("docformat", tests, NULL, NULL);
}
