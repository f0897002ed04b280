/* Streaming gzip and deflate decoding of document data, in constant memory, for the spooler. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_INFLATE_H
#define IPPD_SERVER_INFLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * An inflater decodes one compressed document as its bytes arrive: the IPP "compression"
 * values "gzip" and "deflate" (RFC 8011) and the HTTP Content-Encodings of the same names
 * (RFC 9110). Each feed pushes whatever it decodes to a sink, at most INFLATER_CHUNK bytes per
 * call, so memory stays constant whatever the ratio. docs/internals/DOCFORMAT.md says why
 * "deflate" accepts both raw (RFC 1951) and zlib-wrapped (RFC 1950) data, and why concatenated
 * gzip members (RFC 1952) are one document.
 */
typedef struct inflater inflater_t;

/* The most bytes one sink call receives. */
#define INFLATER_CHUNK 65536

/* Receives decoded bytes; returns 0 to go on, anything else to stop (the feed then fails). */
typedef int (*inflater_sink_t)(void *ctx, const void *out, size_t n);

/* True for the codings inflater_new() takes: "gzip", "x-gzip", "deflate" (any case). */
bool inflater_supports(const char *coding);

/*
 * A decoder for CODING. MAX_OUTPUT caps the decoded size (0: no cap); past it the feed fails
 * with "decompressed size exceeds N bytes" and no byte beyond the cap reaches the sink.
 * Returns NULL if CODING is not supported or memory runs out. Free with inflater_free().
 */
inflater_t *inflater_new(const char *coding, uint64_t max_output);

/*
 * Decodes LEN more input bytes, calling SINK with the output. Returns 0, or -1 on an error
 * (inflater_error() says which); after an error every call fails the same way.
 */
int inflater_feed(inflater_t *inf, const void *in, size_t len, inflater_sink_t sink, void *ctx);

/*
 * Ends the input. Returns 0 if the stream was complete, -1 if it was empty, truncated or
 * already failed. Data after the end of the stream already failed inflater_feed().
 */
int inflater_finish(inflater_t *inf, inflater_sink_t sink, void *ctx);

/* The last error as a sentence, e.g. "gzip: invalid block type at input byte 1234"; "" if none. */
const char *inflater_error(const inflater_t *inf);

/* Input bytes consumed and output bytes delivered so far. */
uint64_t inflater_total_in(const inflater_t *inf);
uint64_t inflater_total_out(const inflater_t *inf);

/* Frees the decoder; NULL does nothing. */
void inflater_free(inflater_t *inf);

#endif
