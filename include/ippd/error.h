/* Error codes and error detail shared by every libippd call. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_ERROR_H
#define IPPD_ERROR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Every libippd call that can fail returns an ippd_err_t: 0 is success,
 * negative values are errors.  A few parsers (the URL parser) also return
 * positive warnings; their headers say which.
 */
typedef int ippd_err_t;

enum {
	IPPD_OK = 0,
	IPPD_ERR_NOMEM = -1,     /* an allocation failed */
	IPPD_ERR_ARG = -2,       /* a caller passed a bad argument */
	IPPD_ERR_MALFORMED = -3, /* input breaks the wire format */
	IPPD_ERR_LIMIT = -4,     /* input exceeds a configured limit */
	IPPD_ERR_TRUNCATED = -5, /* input ended before the message did */
	IPPD_ERR_TOO_LONG = -6,  /* a value is longer than its syntax allows */
	IPPD_ERR_NOT_FOUND = -7, /* the thing looked up does not exist */
	IPPD_ERR_SPACE = -8,     /* the caller's buffer is too small */
	IPPD_ERR_IO = -9,        /* a read or write failed (see errno) */
	IPPD_ERR_SYNTAX = -10,   /* text (a URL, a name=value) is malformed */
};

/*
 * Detail for a failed call, filled by the callee.  `offset` is the byte
 * offset in the input where the problem was found (0 when not meaningful);
 * `ipp_status` is the IPP status code a server should answer with (for
 * example client-error-request-value-too-long), 0 when none applies;
 * `text` is a sentence a person can read, naming what was wrong.
 */
typedef struct ippd_error {
	ippd_err_t code;
	size_t offset;
	uint16_t ipp_status;
	char text[240];
} ippd_error_t;

/* A short constant description of an error code ("out of memory"). */
const char *ippd_err_string(ippd_err_t code);

#ifdef __cplusplus
}
#endif

#endif
