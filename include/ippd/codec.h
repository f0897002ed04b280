/* The RFC 8010 binary codec: a push decoder with limits, and an encoder. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_CODEC_H
#define IPPD_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ippd/error.h>
#include <ippd/msg.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What the decoder accepts.  Every count and length that a sender controls
 * is bounded here, and checked before anything is allocated.
 */
typedef struct ippd_limits {
	size_t max_size;        /* bytes from the version number to end-of-attributes */
	size_t max_attrs;       /* attributes, collection members included */
	size_t max_values;      /* values in one attribute */
	size_t max_depth;       /* nested collections (1 = a collection, no nesting) */
	size_t max_groups;      /* attribute groups */
	/*
	 * true: values may be no longer than RFC 8011 §5.1 allows for their
	 * syntax (text 1023, name 255, keyword 255, uri 1023, octetString 1023,
	 * charset/naturalLanguage/uriScheme 63, mimeMediaType 255); a longer one
	 * is an error with ipp_status client-error-request-value-too-long.
	 * false: only the wire limit of 32767 octets applies.
	 */
	bool strict_lengths;
} ippd_limits_t;

/*
 * Defaults for a server decoding requests: 1 MiB, 4096 attributes, 1024
 * values, depth 8, 64 groups, strict lengths.
 */
void ippd_limits_request(ippd_limits_t *limits);

/*
 * Defaults for a client decoding responses from printers it did not write:
 * 64 MiB, 1,000,000 attributes, 65536 values, depth 16, 1,000,000 groups,
 * wire lengths only (printers do send octetStrings over 1023 octets).
 */
void ippd_limits_response(ippd_limits_t *limits);

typedef struct ippd_decoder ippd_decoder_t;

typedef enum ippd_decode_status {
	IPPD_DECODE_ERROR = -1,    /* see ippd_decoder_error(); feed no more */
	IPPD_DECODE_NEED_MORE = 0, /* all input consumed; feed the next bytes */
	IPPD_DECODE_DONE = 1,      /* end-of-attributes read; document data follows */
} ippd_decode_status_t;

/*
 * A decoder for one message at a time, with the given limits (NULL: the
 * request defaults, copied).  NULL when out of memory.  Free with
 * ippd_decoder_free().
 */
ippd_decoder_t *ippd_decoder_new(const ippd_limits_t *limits);
void ippd_decoder_free(ippd_decoder_t *dec);

/* Forgets the message in progress (freeing it) and any error; ready for a new message. */
void ippd_decoder_reset(ippd_decoder_t *dec);

/*
 * Feeds the next `len` bytes, in whatever chunks they arrived.  `*consumed`
 * is set to the number of bytes of this chunk that belong to the IPP
 * message: all of them on NEED_MORE; on DONE the document data begins at
 * data + *consumed; on ERROR the bytes up to the bad one.  Calling again
 * after DONE or ERROR returns the same status and consumes nothing.
 */
ippd_decode_status_t ippd_decoder_feed(ippd_decoder_t *dec, const void *data, size_t len, size_t *consumed);

/* Bytes consumed since the start of the message (its length once DONE). */
size_t ippd_decoder_offset(const ippd_decoder_t *dec);

/*
 * The partial message so far (after at least 8 bytes), or the whole message
 * when DONE; still owned by the decoder.  Useful to read version and
 * request-id for an error response.  NULL before the header is complete.
 */
const ippd_msg_t *ippd_decoder_peek(const ippd_decoder_t *dec);

/*
 * Hands the decoded message to the caller, who frees it with
 * ippd_msg_free(); the decoder is then reset.  NULL unless DONE.
 */
ippd_msg_t *ippd_decoder_take(ippd_decoder_t *dec);

/* Why the decoder stopped (code, byte offset, ipp_status, text); NULL unless ERROR. */
const ippd_error_t *ippd_decoder_error(const ippd_decoder_t *dec);

/*
 * One-shot decoding of a whole buffer.  On success returns the message and
 * sets *used (may be NULL) to its length: document data starts there.  On
 * failure returns NULL and fills `err` (may be NULL); a buffer that ends
 * before end-of-attributes is IPPD_ERR_TRUNCATED.
 */
ippd_msg_t *ippd_msg_decode(const void *data, size_t len, const ippd_limits_t *limits, size_t *used,
                            ippd_error_t *err);

/*
 * The encoded length of `msg`, or 0 when it cannot be encoded (a name or
 * value over 32767 octets, an attribute with no values).
 */
size_t ippd_msg_encoded_size(const ippd_msg_t *msg);

/*
 * Encodes `msg` into `buf` of `cap` bytes.  *written is set first (to 0)
 * and then to the length.  IPPD_ERR_SPACE when `cap` is too small,
 * IPPD_ERR_TOO_LONG for a name or value over 32767 octets, IPPD_ERR_ARG for
 * an attribute with no values.
 */
ippd_err_t ippd_msg_encode(const ippd_msg_t *msg, uint8_t *buf, size_t cap, size_t *written);

/* Encodes into a new malloc()ed buffer that the caller free()s. */
ippd_err_t ippd_msg_encode_alloc(const ippd_msg_t *msg, uint8_t **buf, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
