/* Streaming gzip and deflate decoding of document data with zlib, in constant memory. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include "inflate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

/* Where the decoder stands: reading a stream's first two bytes, inside it, after its end. */
typedef enum inflater_state {
	INFLATER_HEAD,
	INFLATER_BODY,
	INFLATER_END,
	INFLATER_FAILED,
} inflater_state_t;

struct inflater {
	z_stream zs;
	bool zs_ready;
	bool gzip;
	inflater_state_t state;
	unsigned char head[2];
	size_t head_len;
	uint64_t max_output;
	uint64_t in_total;
	uint64_t out_total;
	char err[192];
	unsigned char out[INFLATER_CHUNK];
};

bool inflater_supports(const char *coding)
{
	return coding && (!strcasecmp(coding, "gzip") || !strcasecmp(coding, "x-gzip") ||
	                  !strcasecmp(coding, "deflate"));
}

inflater_t *inflater_new(const char *coding, uint64_t max_output)
{
	inflater_t *inf;

	if (!inflater_supports(coding))
		return NULL;
	inf = calloc(1, sizeof *inf);
	if (!inf)
		return NULL;
	inf->gzip = strcasecmp(coding, "deflate") != 0;
	inf->max_output = max_output;
	inf->state = INFLATER_HEAD;
	return inf;
}

void inflater_free(inflater_t *inf)
{
	if (!inf)
		return;
	if (inf->zs_ready)
		inflateEnd(&inf->zs);
	free(inf);
}

static const char *coding_name(const inflater_t *inf)
{
	return inf->gzip ? "gzip" : "deflate";
}

/* Records the first error only: later ones are consequences of it. */
static int fail(inflater_t *inf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(inflater_t *inf, const char *fmt, ...)
{
	va_list ap;

	if (inf->state == INFLATER_FAILED)
		return -1;
	va_start(ap, fmt);
	vsnprintf(inf->err, sizeof inf->err, fmt, ap);
	va_end(ap);
	inf->state = INFLATER_FAILED;
	return -1;
}

/* The cap is checked before the sink sees the bytes, so nothing past it is ever written. */
static int emit(inflater_t *inf, size_t n, inflater_sink_t sink, void *ctx)
{
	if (n == 0)
		return 0;
	if (inf->max_output && n > inf->max_output - inf->out_total)
		return fail(inf, "decompressed size exceeds %llu bytes", (unsigned long long)inf->max_output);
	if (sink && sink(ctx, inf->out, n) != 0)
		return fail(inf, "%s: the decoded data could not be stored after %llu bytes",
		            coding_name(inf), (unsigned long long)inf->out_total);
	inf->out_total += n;
	return 0;
}

/*
 * A stream's first two bytes decide how zlib reads it. gzip needs its magic number. For
 * "deflate", a valid RFC 1950 header (CM 8, CINFO <= 7, FCHECK) means zlib-wrapped, anything
 * else raw RFC 1951: a raw stream can only look like a zlib header if it opens with a stored
 * block whose padding bits are not zero, which no encoder we know writes.
 */
static int start_stream(inflater_t *inf)
{
	int bits;

	if (inf->gzip) {
		if (inf->head[0] != 0x1f || inf->head[1] != 0x8b) {
			if (inf->in_total == 0)
				return fail(
				    inf, "gzip: not gzip data (it starts with 0x%02x 0x%02x, not 0x1f 0x8b)",
				    inf->head[0], inf->head[1]);
			return fail(inf, "gzip: data past the end of the stream at input byte %llu",
			            (unsigned long long)inf->in_total);
		}
		bits = 16 + MAX_WBITS;
	} else {
		unsigned cmf = inf->head[0], flg = inf->head[1];
		bool zlib = (cmf & 0x0f) == Z_DEFLATED && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;

		bits = zlib ? MAX_WBITS : -MAX_WBITS;
	}
	if (inf->zs_ready) {
		if (inflateReset(&inf->zs) != Z_OK)
			return fail(inf, "%s: zlib could not restart", coding_name(inf));
	} else {
		if (inflateInit2(&inf->zs, bits) != Z_OK)
			return fail(inf, "%s: zlib could not start (out of memory?)", coding_name(inf));
		inf->zs_ready = true;
	}
	inf->state = INFLATER_BODY;
	return 0;
}

/* Errors name the last byte zlib read (0-based): the one that held the bad bits, or just after. */
static unsigned long long last_read(const inflater_t *inf, size_t used)
{
	uint64_t pos = inf->in_total + used;

	return pos > 0 ? pos - 1 : 0;
}

/*
 * Runs zlib over IN until it is used up or the stream ends, emitting every full or final
 * output buffer. *USED says how much of IN the stream took (less than LEN only at its end).
 */
static int run(inflater_t *inf, const unsigned char *in, size_t len, size_t *used, inflater_sink_t sink,
               void *ctx)
{
	z_stream *zs = &inf->zs;
	int rc;

	*used = 0;
	zs->next_in = (unsigned char *)in;
	zs->avail_in = (uInt)len;
	do {
		zs->next_out = inf->out;
		zs->avail_out = sizeof inf->out;
		rc = inflate(zs, Z_NO_FLUSH);
		*used = len - zs->avail_in;
		if (rc == Z_NEED_DICT)
			return fail(inf,
			            "deflate: the zlib stream needs a preset dictionary (at input byte %llu)",
			            last_read(inf, *used));
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			return fail(inf, "%s: %s at input byte %llu", coding_name(inf),
			            zs->msg ? zs->msg : "corrupt data", last_read(inf, *used));
		if (emit(inf, sizeof inf->out - zs->avail_out, sink, ctx) < 0)
			return -1;
		if (rc == Z_STREAM_END) {
			inf->state = INFLATER_END;
			inf->head_len = 0;
			break;
		}
		if (rc == Z_BUF_ERROR && zs->avail_in > 0)
			return fail(inf, "%s: zlib made no progress at input byte %llu", coding_name(inf),
			            last_read(inf, *used));
	} while (zs->avail_in > 0 || zs->avail_out == 0);
	inf->in_total += *used;
	return 0;
}

/*
 * Feeds a chunk: first the two bytes that start a stream (or a further gzip member), which
 * may arrive one at a time, then the body. A deflate stream is one stream: any byte after its
 * end is an error.
 */
int inflater_feed(inflater_t *inf, const void *in, size_t len, inflater_sink_t sink, void *ctx)
{
	const unsigned char *p = in;
	size_t used;

	if (!inf)
		return -1;
	if (inf->state == INFLATER_FAILED)
		return -1;
	while (len > 0) {
		if (inf->state == INFLATER_END && !inf->gzip)
			return fail(inf, "deflate: data past the end of the stream at input byte %llu",
			            (unsigned long long)inf->in_total);
		if (inf->state != INFLATER_BODY) {
			inf->head[inf->head_len++] = *p++;
			len--;
			if (inf->head_len < sizeof inf->head)
				continue;
			if (start_stream(inf) < 0 ||
			    run(inf, inf->head, sizeof inf->head, &used, sink, ctx) < 0)
				return -1;
			if (used < sizeof inf->head)
				return fail(inf, "%s: data past the end of the stream at input byte %llu",
				            coding_name(inf), (unsigned long long)inf->in_total);
			inf->head_len = 0;
			continue;
		}
		/* zlib counts input in uInt: feed a huge chunk in slices. */
		if (run(inf, p, len > 0x40000000 ? 0x40000000 : len, &used, sink, ctx) < 0)
			return -1;
		p += used;
		len -= used;
	}
	return 0;
}

int inflater_finish(inflater_t *inf, inflater_sink_t sink, void *ctx)
{
	(void)sink;
	(void)ctx;
	if (!inf)
		return -1;
	switch (inf->state) {
	case INFLATER_FAILED:
		return -1;
	case INFLATER_END:
		if (inf->head_len > 0)
			return fail(inf, "gzip: data past the end of the stream at input byte %llu",
			            (unsigned long long)inf->in_total);
		return 0;
	case INFLATER_HEAD:
		if (inf->head_len == 0)
			return fail(inf, "%s: empty stream (no compressed data at all)", coding_name(inf));
		break;
	case INFLATER_BODY:
		break;
	}
	return fail(
	    inf, "%s: truncated stream: the data ends after %llu input bytes, before the end of the stream",
	    coding_name(inf), (unsigned long long)(inf->in_total + inf->head_len));
}

const char *inflater_error(const inflater_t *inf)
{
	return inf ? inf->err : "";
}

uint64_t inflater_total_in(const inflater_t *inf)
{
	return inf ? inf->in_total : 0;
}

uint64_t inflater_total_out(const inflater_t *inf)
{
	return inf ? inf->out_total : 0;
}
