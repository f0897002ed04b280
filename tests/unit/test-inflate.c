/* Unit tests for the streaming gzip/deflate decoder: round trips, chunking, every error path. */
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

#include "inflate.h"

#define TEST(fn, title) ((struct CMUnitTest){.name = (title), .test_func = (fn)})
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* zlib window bits for the three wrappings the tests make. */
#define WRAP_RAW (-15)
#define WRAP_ZLIB 15
#define WRAP_GZIP 31

/* What a sink collected: the bytes (up to cap), how many, and the largest single call. */
typedef struct sink_buf {
	unsigned char *data;
	size_t len;
	size_t cap;
	size_t biggest;
	int calls;
	int fail_at_call; /* 0: never fail */
} sink_buf_t;

static int collect(void *ctx, const void *out, size_t n)
{
	sink_buf_t *b = ctx;

	b->calls++;
	if (b->fail_at_call && b->calls == b->fail_at_call)
		return -1;
	if (n > b->biggest)
		b->biggest = n;
	if (b->len + n > b->cap) {
		size_t cap = (b->len + n) * 2;
		unsigned char *p = realloc(b->data, cap);

		assert_non_null(p);
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, out, n);
	b->len += n;
	return 0;
}

/* Compresses IN with zlib at level 6 in the wrapping BITS; the caller frees the result. */
static unsigned char *squeeze(int bits, const void *in, size_t n, size_t *outlen)
{
	z_stream zs;
	size_t cap;
	unsigned char *out;

	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&zs, n) + 32;
	out = malloc(cap);
	assert_non_null(out);
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*outlen = zs.total_out;
	deflateEnd(&zs);
	return out;
}

/* Text-like runs mixed with pseudo-random bytes: compressible, yet every block type appears. */
static unsigned char *sample(size_t n)
{
	unsigned char *p = malloc(n);
	uint32_t x = 12345;

	assert_non_null(p);
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] =
		    (i / 4096) % 3 == 2 ? (unsigned char)(x >> 16) : (unsigned char)("ippd prints "[i % 12]);
	}
	return p;
}

/* Decodes IN fed CHUNK bytes at a time; returns feed/finish's result and leaves the output in OUT. */
static int decode(const char *coding, const void *in, size_t len, size_t chunk, uint64_t max, sink_buf_t *out,
                  char *err, size_t errsize)
{
	inflater_t *inf = inflater_new(coding, max);
	const unsigned char *p = in;
	int rc = 0;

	assert_non_null(inf);
	memset(out, 0, sizeof *out);
	for (size_t off = 0; off < len && rc == 0; off += chunk)
		rc = inflater_feed(inf, p + off, len - off < chunk ? len - off : chunk, collect, out);
	if (rc == 0)
		rc = inflater_finish(inf, collect, out);
	if (err)
		snprintf(err, errsize, "%s", inflater_error(inf));
	if (rc == 0) {
		assert_string_equal(inflater_error(inf), "");
		assert_int_equal(inflater_total_in(inf), len);
		assert_int_equal(inflater_total_out(inf), out->len);
	}
	inflater_free(inf);
	return rc;
}

static unsigned char *read_file(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	unsigned char *p;
	long n;

	snprintf(path, sizeof path, "%s/%s", TEST_DATA_DIR, name);
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

/* Every wrapping, every chunk size: the output is the input, and no sink call is over 64 KiB. */
static void round_trip(const char *coding, int bits)
{
	static const size_t chunks[] = {1, 2, 3, 7, 4096, 65536, 1 << 20};
	size_t n = 300000, zlen;
	unsigned char *plain = sample(n);
	unsigned char *z = squeeze(bits, plain, n, &zlen);

	for (size_t i = 0; i < COUNT(chunks); i++) {
		sink_buf_t out;
		char err[256];

		if (decode(coding, z, zlen, chunks[i], 0, &out, err, sizeof err) != 0)
			fail_msg("%s/%d, chunk %zu: %s", coding, bits, chunks[i], err);
		assert_int_equal(out.len, n);
		assert_memory_equal(out.data, plain, n);
		assert_true(out.biggest <= INFLATER_CHUNK);
		free(out.data);
	}
	free(z);
	free(plain);
}

static void test_round_trip_gzip(void **state)
{
	round_trip("gzip", WRAP_GZIP);
	round_trip("x-gzip", WRAP_GZIP);
	round_trip("GZIP", WRAP_GZIP);
}

static void test_round_trip_deflate_raw(void **state)
{
	round_trip("deflate", WRAP_RAW);
}

static void test_round_trip_deflate_zlib(void **state)
{
	round_trip("deflate", WRAP_ZLIB);
	round_trip("Deflate", WRAP_ZLIB);
}

/* What ipptool 2.4.2 really sent for compression=deflate and =gzip (tests/data/README.md). */
static void test_ipptool_captures(void **state)
{
	static const struct {
		const char *file, *coding;
	} cases[] = {
	    {"docs/ipptool-testfile.pdf.deflate", "deflate"},
	    {"docs/ipptool-testfile.pdf.gz", "gzip"},
	};
	size_t pdflen;
	unsigned char *pdf = read_file("docs/testfile.pdf", &pdflen);

	for (size_t i = 0; i < COUNT(cases); i++) {
		size_t zlen;
		unsigned char *z = read_file(cases[i].file, &zlen);

		for (size_t chunk = 1; chunk <= zlen; chunk = chunk * 3 + 1) {
			sink_buf_t out;
			char err[256];

			if (decode(cases[i].coding, z, zlen, chunk, 0, &out, err, sizeof err) != 0)
				fail_msg("%s, chunk %zu: %s", cases[i].file, chunk, err);
			assert_int_equal(out.len, pdflen);
			assert_memory_equal(out.data, pdf, pdflen);
			free(out.data);
		}
		free(z);
	}
	free(pdf);
}

/* Concatenated gzip members are one document, as gzip -d treats them. */
static void test_gzip_members(void **state)
{
	size_t alen, blen;
	unsigned char *a = squeeze(WRAP_GZIP, "first member\n", 13, &alen);
	unsigned char *b = squeeze(WRAP_GZIP, "second\n", 7, &blen);
	unsigned char *both = malloc(alen + blen);
	sink_buf_t out;

	assert_non_null(both);
	memcpy(both, a, alen);
	memcpy(both + alen, b, blen);
	for (size_t chunk = 1; chunk <= alen + blen; chunk++) {
		assert_int_equal(decode("gzip", both, alen + blen, chunk, 0, &out, NULL, 0), 0);
		assert_int_equal(out.len, 20);
		assert_memory_equal(out.data, "first member\nsecond\n", 20);
		free(out.data);
	}
	free(both);
	free(b);
	free(a);
}

/* Every proper prefix of a stream fails at finish: empty, or truncated. */
static void truncations(const char *coding, int bits)
{
	size_t zlen;
	unsigned char *z = squeeze(bits, "a short document that compresses\n", 33, &zlen);

	for (size_t cut = 0; cut < zlen; cut++) {
		sink_buf_t out;
		char err[256];

		if (decode(coding, z, cut, 1, 0, &out, err, sizeof err) == 0)
			fail_msg("%s/%d cut at %zu of %zu: accepted", coding, bits, cut, zlen);
		if (!strstr(err, cut == 0 ? "empty stream" : "truncated stream"))
			fail_msg("%s/%d cut at %zu: %s", coding, bits, cut, err);
		free(out.data);
	}
	free(z);
}

static void test_truncated(void **state)
{
	truncations("gzip", WRAP_GZIP);
	truncations("deflate", WRAP_RAW);
	truncations("deflate", WRAP_ZLIB);
}

static void test_truncated_text(void **state)
{
	size_t zlen;
	unsigned char *z = squeeze(WRAP_GZIP, "hello\n", 6, &zlen);
	sink_buf_t out;
	char err[256], want[256];

	assert_int_equal(decode("gzip", z, zlen - 1, 1, 0, &out, err, sizeof err), -1);
	snprintf(want, sizeof want,
	         "gzip: truncated stream: the data ends after %zu input bytes, before the end of the stream",
	         zlen - 1);
	assert_string_equal(err, want);
	free(out.data);
	free(z);
}

/* A corrupt block type, checksum or length is named with the byte zlib stopped at. */
static void test_corrupt(void **state)
{
	/* gzip header: magic, CM 8, FLG 0, MTIME 0, XFL 0, OS 3 (Unix); then BFINAL 1, BTYPE 11 */
	static const unsigned char bad_block[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00,
	                                          0x00, 0x00, 0x00, 0x03, 0x07};
	/* zlib header 78 9c; then the reserved block type */
	static const unsigned char bad_zlib_block[] = {0x78, 0x9c, 0x07};
	size_t zlen;
	unsigned char *z = squeeze(WRAP_GZIP, "checksummed text\n", 17, &zlen);
	sink_buf_t out;
	char err[256], want[256];

	assert_int_equal(decode("gzip", bad_block, sizeof bad_block, 1, 0, &out, err, sizeof err), -1);
	assert_string_equal(err, "gzip: invalid block type at input byte 10");
	free(out.data);
	assert_int_equal(
	    decode("deflate", bad_zlib_block, sizeof bad_zlib_block, 3, 0, &out, err, sizeof err), -1);
	assert_string_equal(err, "deflate: invalid block type at input byte 2");
	free(out.data);
	assert_int_equal(decode("deflate", bad_block + 10, 1, 1, 0, &out, err, sizeof err), -1);
	assert_string_equal(err,
	                    "deflate: truncated stream: the data ends after 1 input bytes, before the end of "
	                    "the stream");
	free(out.data);

	/* the CRC-32 is the 8 bytes before the end but 4: flip one bit of it */
	z[zlen - 8] ^= 0x01;
	assert_int_equal(decode("gzip", z, zlen, 4096, 0, &out, err, sizeof err), -1);
	snprintf(want, sizeof want, "gzip: incorrect data check at input byte %zu", zlen - 5);
	assert_string_equal(err, want);
	free(out.data);
	z[zlen - 8] ^= 0x01;
	/* ISIZE, the last 4 bytes */
	z[zlen - 1] ^= 0x01;
	assert_int_equal(decode("gzip", z, zlen, 4096, 0, &out, err, sizeof err), -1);
	snprintf(want, sizeof want, "gzip: incorrect length check at input byte %zu", zlen - 1);
	assert_string_equal(err, want);
	free(out.data);
	free(z);
}

/* Not gzip at all: the magic number is checked before zlib sees a byte. */
static void test_not_gzip(void **state)
{
	sink_buf_t out;
	char err[256];

	assert_int_equal(decode("gzip", "%PDF-1.7\n", 9, 1, 0, &out, err, sizeof err), -1);
	assert_string_equal(err, "gzip: not gzip data (it starts with 0x25 0x50, not 0x1f 0x8b)");
	free(out.data);
}

/* Bytes after the end of the stream, in one chunk with it or after it, are an error. */
static void trailing(const char *coding, int bits, const char *garbage, size_t glen)
{
	size_t zlen;
	unsigned char *z = squeeze(bits, "the document\n", 13, &zlen);
	unsigned char *both = malloc(zlen + glen);
	char want[256];

	assert_non_null(both);
	memcpy(both, z, zlen);
	memcpy(both + zlen, garbage, glen);
	snprintf(want, sizeof want, "%s: data past the end of the stream at input byte %zu",
	         bits == WRAP_GZIP ? "gzip" : "deflate", zlen);
	for (size_t chunk = 1; chunk <= zlen + glen; chunk++) {
		sink_buf_t out;
		char err[256];

		assert_int_equal(decode(coding, both, zlen + glen, chunk, 0, &out, err, sizeof err), -1);
		if (strcmp(err, want))
			fail_msg("%s/%d chunk %zu: got \"%s\", want \"%s\"", coding, bits, chunk, err, want);
		free(out.data);
	}
	free(both);
	free(z);
}

static void test_trailing_garbage(void **state)
{
	trailing("gzip", WRAP_GZIP, "xyz", 3);
	trailing("gzip", WRAP_GZIP, "\0\0\0\0", 4);
	trailing("gzip", WRAP_GZIP, "\x1f", 1);
	trailing("gzip", WRAP_GZIP, "\x1f\x8c", 2);
	trailing("deflate", WRAP_RAW, "x", 1);
	trailing("deflate", WRAP_ZLIB, "\n", 1);
	trailing("deflate", WRAP_ZLIB, "\x78\x9c", 2);
}

/* A bomb stops at the cap with nothing past it written; the cap itself is allowed. */
static void test_bomb(void **state)
{
	size_t n = 64u << 20, zlen;
	unsigned char *zeros = calloc(1, n);
	unsigned char *z;
	sink_buf_t out;
	char err[256];

	assert_non_null(zeros);
	z = squeeze(WRAP_GZIP, zeros, n, &zlen);
	free(zeros);
	assert_true(zlen < n / 500);
	assert_int_equal(decode("gzip", z, zlen, 65536, 1 << 20, &out, err, sizeof err), -1);
	assert_string_equal(err, "decompressed size exceeds 1048576 bytes");
	assert_true(out.len <= 1 << 20);
	free(out.data);
	assert_int_equal(decode("gzip", z, zlen, 65536, n, &out, err, sizeof err), 0);
	assert_int_equal(out.len, n);
	free(out.data);
	assert_int_equal(decode("gzip", z, zlen, 65536, n - 1, &out, err, sizeof err), -1);
	assert_true(out.len < n && out.len >= n - INFLATER_CHUNK);
	free(out.data);
	free(z);
}

/* No input at all is an error; a compressed empty document is not. */
static void test_empty(void **state)
{
	static const int bits[] = {WRAP_GZIP, WRAP_RAW, WRAP_ZLIB};
	inflater_t *inf = inflater_new("gzip", 0);
	sink_buf_t out;

	assert_non_null(inf);
	assert_int_equal(inflater_feed(inf, NULL, 0, collect, &out), 0);
	assert_int_equal(inflater_finish(inf, collect, &out), -1);
	assert_string_equal(inflater_error(inf), "gzip: empty stream (no compressed data at all)");
	inflater_free(inf);
	for (size_t i = 0; i < COUNT(bits); i++) {
		size_t zlen;
		unsigned char *z = squeeze(bits[i], "", 0, &zlen);

		assert_int_equal(
		    decode(bits[i] == WRAP_GZIP ? "gzip" : "deflate", z, zlen, 1, 0, &out, NULL, 0), 0);
		assert_int_equal(out.len, 0);
		assert_int_equal(out.calls, 0);
		free(out.data);
		free(z);
	}
}

/* A zlib stream that needs a preset dictionary cannot be decoded. */
static void test_preset_dictionary(void **state)
{
	z_stream zs;
	unsigned char z[64];
	sink_buf_t out;
	char err[256];

	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit(&zs, 6), Z_OK);
	assert_int_equal(deflateSetDictionary(&zs, (const unsigned char *)"dictionary", 10), Z_OK);
	zs.next_in = (unsigned char *)"dictionary text";
	zs.avail_in = 15;
	zs.next_out = z;
	zs.avail_out = sizeof z;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	assert_int_equal(decode("deflate", z, zs.total_out, 1, 0, &out, err, sizeof err), -1);
	assert_string_equal(err, "deflate: the zlib stream needs a preset dictionary (at input byte 5)");
	free(out.data);
	deflateEnd(&zs);
}

/* A sink that refuses stops the stream; the error sticks. */
static void test_sink_failure(void **state)
{
	size_t n = 200000, zlen;
	unsigned char *plain = sample(n);
	unsigned char *z = squeeze(WRAP_GZIP, plain, n, &zlen);
	inflater_t *inf = inflater_new("gzip", 0);
	sink_buf_t out = {.fail_at_call = 2};

	assert_non_null(inf);
	assert_int_equal(inflater_feed(inf, z, zlen, collect, &out), -1);
	assert_string_equal(inflater_error(inf),
	                    "gzip: the decoded data could not be stored after 65536 bytes");
	assert_int_equal(inflater_feed(inf, z, 1, collect, &out), -1);
	assert_int_equal(inflater_finish(inf, collect, &out), -1);
	assert_string_equal(inflater_error(inf),
	                    "gzip: the decoded data could not be stored after 65536 bytes");
	inflater_free(inf);
	free(out.data);
	free(z);
	free(plain);
}

/* A NULL sink only validates; NULL decoders and unknown codings are refused. */
static void test_null_and_codings(void **state)
{
	static const char *bad[] = {"compress", "identity", "none", "br", "", "gzip2", NULL};
	size_t zlen;
	unsigned char *z = squeeze(WRAP_RAW, "x", 1, &zlen);
	inflater_t *inf = inflater_new("deflate", 0);

	for (size_t i = 0; i < COUNT(bad); i++) {
		assert_false(inflater_supports(bad[i]));
		assert_null(inflater_new(bad[i], 0));
	}
	assert_true(inflater_supports("x-gzip"));
	assert_int_equal(inflater_feed(inf, z, zlen, NULL, NULL), 0);
	assert_int_equal(inflater_finish(inf, NULL, NULL), 0);
	assert_int_equal(inflater_total_out(inf), 1);
	inflater_free(inf);
	inflater_free(NULL);
	assert_int_equal(inflater_feed(NULL, z, zlen, NULL, NULL), -1);
	assert_int_equal(inflater_finish(NULL, NULL, NULL), -1);
	assert_string_equal(inflater_error(NULL), "");
	assert_int_equal(inflater_total_in(NULL), 0);
	free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_round_trip_gzip, "inflater_feed(gzip round trip, chunks of 1 byte to 1 MiB)"),
	    TEST(test_round_trip_deflate_raw, "inflater_feed(raw deflate round trip, every chunking)"),
	    TEST(test_round_trip_deflate_zlib,
	         "inflater_feed(zlib-wrapped deflate round trip, every chunking)"),
	    TEST(test_ipptool_captures, "inflater_feed(what ipptool sends for deflate and gzip)"),
	    TEST(test_gzip_members, "inflater_feed(concatenated gzip members)"),
	    TEST(test_truncated, "inflater_finish(every truncation of every wrapping)"),
	    TEST(test_truncated_text, "inflater_finish(truncated w/error text)"),
	    TEST(test_corrupt, "inflater_feed(bad block type, CRC-32, ISIZE)"),
	    TEST(test_not_gzip, "inflater_feed(gzip w/o magic number)"),
	    TEST(test_trailing_garbage, "inflater_feed(data past the end of the stream)"),
	    TEST(test_bomb, "inflater_feed(decompression bomb w/max_output)"),
	    TEST(test_empty, "inflater_finish(empty input, compressed empty document)"),
	    TEST(test_preset_dictionary, "inflater_feed(zlib stream w/preset dictionary)"),
	    TEST(test_sink_failure, "inflater_feed(sink refuses)"),
	    TEST(test_null_and_codings, "inflater_new(unknown codings, NULL arguments, NULL sink)"),
	};

	return cmocka_run_group_tests_name("inflate", tests, NULL, NULL);
}
