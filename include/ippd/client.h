/* The IPP client transport: one request to an ipp:// or ipps:// URI over HTTP (libcurl), document streamed. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_CLIENT_H
#define IPPD_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ippd/error.h>
#include <ippd/msg.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ippd_client ippd_client_t;

/* Called as an upload proceeds: bytes sent so far and the total (0 when unknown). */
typedef void (*ippd_progress_fn)(void *ctx, uint64_t sent, uint64_t total);

typedef struct ippd_client_opts {
	long connect_timeout_ms;   /* 0: 10 s */
	long timeout_ms;           /* whole request; 0: none (large uploads) */
	const char *user;          /* HTTP Basic/Digest user, NULL for none */
	const char *password;      /* never logged */
	const char *ca_file;       /* trust these CAs instead of the system store */
	const char *pinned_key;    /* "sha256//BASE64" public key pin (libcurl CURLOPT_PINNEDPUBLICKEY) */
	bool insecure;             /* accept any certificate: only when the user asked for it */
	bool verbose;              /* libcurl's trace on stderr */
	ippd_progress_fn progress; /* may be NULL */
	void *progress_ctx;
	/*
	 * May be NULL.  Asked at libcurl's progress pace (about once a second,
	 * and as data moves) during every request; when it returns true the
	 * request ends at once with "stopped by the caller" (IPPD_ERR_IO): a
	 * print service cancelling a job in the middle of a long upload.
	 */
	bool (*stop)(void *ctx);
	void *stop_ctx;
} ippd_client_opts_t;

/*
 * A client for the printer, job or system at `uri` (ipp:// or ipps://,
 * mapped to http:// or https:// on port 631 unless given, RFC 3510/7472).
 * `opts` may be NULL.  NULL with `err` filled (bad URI, out of memory).
 * One client may send many requests over one kept-alive connection; it is
 * not thread-safe.  Free with ippd_client_free().
 */
ippd_client_t *ippd_client_new(const char *uri, const ippd_client_opts_t *opts, ippd_error_t *err);
void ippd_client_free(ippd_client_t *client);

/* The ipp:// URI the client was made for, and the http(s):// URL it posts to. */
const char *ippd_client_uri(const ippd_client_t *client);
const char *ippd_client_http_url(const ippd_client_t *client);

/* A request-id for the next request: 1, 2, 3 ... */
int32_t ippd_client_next_id(ippd_client_t *client);

/*
 * Sends `req` and returns the decoded response (the caller frees it).
 * When `doc_fd` >= 0 the document is read from it and streamed after the
 * attributes, a buffer at a time: chunked when its size is unknown (a pipe),
 * with Content-Length when it is a regular file.  Expect: 100-continue lets
 * the server refuse before the upload.  On failure NULL, and `err` says why
 * in words: "connection refused by 127.0.0.1:631", "TLS: certificate not
 * trusted", "HTTP 404 Not Found", "HTTP 401: authentication required",
 * "timed out after 10 s", "malformed response at byte 12: ...".  An IPP
 * error status is NOT a failure here: the response is returned and the
 * caller reads its status-code and status-message.
 */
ippd_msg_t *ippd_client_send(ippd_client_t *client, const ippd_msg_t *req, int doc_fd, ippd_error_t *err);

/* The HTTP status of the last exchange (0 when there was none). */
int ippd_client_http_status(const ippd_client_t *client);

#ifdef __cplusplus
}
#endif

#endif
